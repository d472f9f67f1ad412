// YAML documents that remember where every value came from, so that an error about
// `spec.nodePools[0].capacity.cpu` can name the file, line and column a person must fix.

import { InputError } from './errors.js';
import { plainDocuments } from './yaml-fast-path.js';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, Parser, visit, type CST, type Document, type Node, type YAMLError } from 'yaml';

export type Path = ReadonlyArray<string | number>;

export interface Position {
  line: number;
  column: number;
}

/** A document as the yaml library reads it, with the positions of its nodes. */
interface Parsed {
  document: Document.Parsed;
  lines: LineCounter;
}

/**
 * One YAML document of one file. Read by the fast path (yaml-fast-path.ts), it holds the plain
 * data and asks the yaml library for the positions only when an error needs one.
 */
export class SourceDocument {
  private parsedDocument: Parsed | undefined;

  constructor(
    readonly file: string,
    readonly index: number,
    private readonly read: () => Parsed,
    private readonly plain?: { data: unknown },
  ) {}

  private get parsed(): Parsed {
    this.parsedDocument ??= this.read();
    return this.parsedDocument;
  }

  private get document(): Document.Parsed {
    return this.parsed.document;
  }

  private get lines(): LineCounter {
    return this.parsed.lines;
  }

  /** The document as plain data (a fresh copy each time: callers may change it). */
  toJS(): unknown {
    if (this.plain) return structuredClone(this.plain.data);
    try {
      return this.document.toJS({ maxAliasCount: 1000 });
    } catch (error) {
      // Aliases are checked when the file is read; what is left is alias expansion running away.
      const message = error instanceof Error ? error.message : String(error);
      throw new InputError(this.file, this.locate([]), '', `invalid YAML: ${message}`);
    }
  }

  /**
   * Where the value at `path` starts; for a path that does not exist, where the map or list that
   * lacks it is named (its key, or its start if it is a list item), since that is where the
   * missing key must be added. With `key`, where the map key itself starts (for unknown keys).
   */
  locate(path: Path, options: { key?: boolean } = {}): Position {
    let node: unknown = this.document.contents;
    let position = this.positionOf(node) ?? { line: 1, column: 1 };
    let named = position; // where `node` is named: its key, or its start
    for (let i = 0; i < path.length; i++) {
      const segment = path[i];
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
        if (!pair) return named;
        const key = this.positionOf(pair.key) ?? position;
        if (last && options.key) return key;
        node = pair.value;
        named = key;
        position = (isScalar(node) && node.value === null && node.source === '' ? undefined : this.positionOf(node)) ?? key;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment];
        if (item === undefined) return named;
        node = item;
        position = this.positionOf(node) ?? position;
        named = position;
      } else {
        return position;
      }
    }
    return position;
  }

  private positionOf(node: unknown): Position | undefined {
    const range = (node as Node | null)?.range;
    if (!range) return undefined;
    const { line, col } = this.lines.linePos(range[0]);
    return { line, column: col };
  }
}

export class YamlSyntaxError extends Error {
  override name = 'YamlSyntaxError';
  constructor(
    readonly file: string,
    readonly position: Position,
    readonly detail: string,
  ) {
    super(`${file}:${position.line}:${position.column}: ${detail}`);
  }
}

/** Parses every document of a YAML text; a syntax error is reported with its position. */
export function parseYamlDocuments(file: string, text: string): SourceDocument[] {
  const plain = plainDocuments(text);
  if (plain) {
    // Positions only if an error asks for one: then the yaml library reads the whole file once.
    let all: Parsed[] | undefined;
    const parsed = (index: number) => (): Parsed => {
      all ??= parseWithPositions(text);
      return all[index] as Parsed;
    };
    return plain.map((data, index) => new SourceDocument(file, index, parsed(index), { data }));
  }
  return parseYamlDocumentsWithPositions(file, text);
}

/** The documents as the yaml library reads them, each with the file's line counter. */
function parseWithPositions(text: string): Parsed[] {
  const lines = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  return (Array.isArray(documents) ? documents : [documents]).map((document) => ({ document, lines }));
}

function parseYamlDocumentsWithPositions(file: string, text: string): SourceDocument[] {
  const sources: SourceDocument[] = [];
  for (const [index, parsed] of parseWithPositions(text).entries()) {
    const { document, lines } = parsed;
    if (document.errors.length > 0) {
      const { offset, detail } = syntaxProblem(text, document);
      const { line, col } = lines.linePos(offset);
      throw new YamlSyntaxError(file, { line, column: col }, `invalid YAML: ${detail}`);
    }
    const alias = unresolvedAlias(document);
    if (alias) {
      const { line, col } = lines.linePos(alias.offset);
      throw new YamlSyntaxError(file, { line, column: col }, `invalid YAML: ${alias.detail}`);
    }
    if (document.contents === null) continue; // an empty document, e.g. after a trailing ---
    sources.push(new SourceDocument(file, index, () => parsed));
  }
  return sources;
}

// ---- choosing the syntax error a person should look at ---------------------------------------

interface Problem {
  offset: number;
  detail: string;
}

/**
 * The yaml library reports a cascade of errors for one mistake, often at a line after it. Pick
 * the one that points at the mistake: a tab, then a flow collection ("[", "{") that is never
 * closed, then a misindented line, and otherwise the first error.
 */
function syntaxProblem(text: string, document: Document.Parsed): Problem {
  const errors = [...document.errors].sort((a, b) => a.pos[0] - b.pos[0]);
  const first = errors[0] as YAMLError;
  const tab = errors.find((error) => error.code === 'TAB_AS_INDENT');
  if (tab) return { offset: tab.pos[0], detail: 'a tab in the indentation; YAML indents with spaces only' };

  const unclosed = unclosedFlowCollection(text, document.range[0], document.range[2]);
  if (unclosed) return unclosed;

  for (const error of errors) {
    if (
      (error.code === 'BAD_INDENT' && /same column/.test(error.message)) ||
      (error.code === 'MISSING_CHAR' && /Sequence item without - indicator/.test(error.message))
    ) {
      // Reported at the start of the line whose key is out of line with the keys before it.
      const start = lineStart(text, error.pos[0]);
      const indent = indentOf(text, start);
      // At the column of the "-" of the list item above: perhaps a new item without its "-".
      let above = previousContentLine(text, start);
      while (above !== undefined && indentOf(text, above) > indent) above = previousContentLine(text, above);
      const dash = above !== undefined && indentOf(text, above) === indent && text.startsWith('- ', above + indent);
      return {
        offset: start + indent,
        detail: `bad indentation: all keys of a map must start at the same column${dash ? ' (or a list item lacks its "-")' : ''}`,
      };
    }
    if (error.code === 'MULTILINE_IMPLICIT_KEY') {
      // "key: value" followed by a line indented further: YAML reads the two lines as one key.
      const start = lineStart(text, error.pos[1]);
      const before = previousContentLine(text, start);
      if (before !== undefined && indentOf(text, start) > indentOf(text, before)) {
        return {
          offset: start + indentOf(text, start),
          detail: 'bad indentation: this line is indented further than the key before it, so YAML reads it as part of that key; keys of one map must start at the same column',
        };
      }
    }
  }
  return { offset: first.pos[0], detail: firstLine(first.message) };
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}

const CLOSER: Readonly<Record<string, string>> = { '[': ']', '{': '}' };

/** The innermost "[" or "{" in [from, to) that is not closed by its own bracket. */
function unclosedFlowCollection(text: string, from: number, to: number): Problem | undefined {
  let found: { start: CST.SourceToken; end: CST.SourceToken[] } | undefined;
  const walk = (token: unknown): void => {
    if (token === null || typeof token !== 'object') return;
    const flow = token as Partial<CST.FlowCollection>;
    if (flow.type === 'flow-collection' && flow.start && flow.end && flow.start.offset >= from && flow.start.offset < to) {
      const closer = CLOSER[flow.start.source];
      const closed = flow.end.some((end) => end.source === closer);
      if (!closed && (!found || flow.start.offset > found.start.offset)) found = { start: flow.start, end: flow.end };
    }
    for (const value of Object.values(token)) if (value !== null && typeof value === 'object') walk(value);
  };
  for (const token of new Parser().parse(text)) walk(token);
  if (!found) return undefined;
  const open = found.start.source;
  const other = found.end.find((end) => end.source === ']' || end.source === '}');
  const closer = CLOSER[open] ?? '';
  return {
    offset: found.start.offset,
    detail: `this "${open}" is never closed with "${closer}"${other ? ` (a "${other.source}" comes first)` : ''}`,
  };
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function indentOf(text: string, start: number): number {
  return /^ */.exec(text.slice(start))?.[0].length ?? 0;
}

/** The start of the nearest line before the one at `start` that holds more than a comment. */
function previousContentLine(text: string, start: number): number | undefined {
  let end = start - 1;
  while (end > 0) {
    const begin = lineStart(text, end);
    if (!/^\s*(#.*)?$/.test(text.slice(begin, end))) return begin;
    end = begin - 1;
  }
  return undefined;
}

/** An alias (*name) with no anchor (&name) before it: toJS would throw a ReferenceError. */
function unresolvedAlias(document: Document.Parsed): Problem | undefined {
  const anchors = new Map<string, number>();
  const aliases: Array<{ name: string; offset: number }> = [];
  visit(document, {
    Node: (_key, node) => {
      if (isAlias(node)) aliases.push({ name: node.source, offset: node.range?.[0] ?? 0 });
      else if (node.anchor) anchors.set(node.anchor, Math.min(anchors.get(node.anchor) ?? Infinity, node.range?.[0] ?? 0));
    },
  });
  for (const alias of aliases) {
    const anchor = anchors.get(alias.name);
    if (anchor !== undefined && anchor < alias.offset) continue;
    return {
      offset: alias.offset,
      detail:
        anchor === undefined
          ? `alias *${alias.name} refers to no anchor (an &${alias.name} must come before it)`
          : `alias *${alias.name} comes before its anchor &${alias.name}; an anchor must come before its aliases`,
    };
  }
  return undefined;
}
