// YAML documents that remember where every value came from, so that an error about
// `spec.nodePools[0].capacity.cpu` can name the file, line and column a person must fix.

import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';

export type Path = ReadonlyArray<string | number>;

export interface Position {
  line: number;
  column: number;
}

/** One YAML document of one file. */
export class SourceDocument {
  constructor(
    readonly file: string,
    readonly index: number,
    private readonly document: Document.Parsed,
    private readonly lines: LineCounter,
  ) {}

  /** The document as plain data. */
  toJS(): unknown {
    return this.document.toJS({ maxAliasCount: 1000 });
  }

  /**
   * Where the value at `path` starts; for a path that does not exist, where its deepest
   * existing ancestor starts. With `key`, where the map key itself starts (for unknown keys).
   */
  locate(path: Path, options: { key?: boolean } = {}): Position {
    let node: unknown = this.document.contents;
    let position = this.positionOf(node) ?? { line: 1, column: 1 };
    for (let i = 0; i < path.length; i++) {
      const segment = path[i];
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
        if (!pair) return position;
        if (last && options.key) return this.positionOf(pair.key) ?? position;
        node = pair.value;
        position = this.positionOf(node) ?? this.positionOf(pair.key) ?? position;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment];
        if (item === undefined) return position;
        node = item;
        position = this.positionOf(node) ?? position;
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
  const lines = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const list = Array.isArray(documents) ? documents : [documents];
  const sources: SourceDocument[] = [];
  for (const [index, document] of list.entries()) {
    const problem = document.errors[0];
    if (problem) {
      const { line, col } = lines.linePos(problem.pos[0]);
      const message = problem.message.split('\n')[0] ?? problem.message;
      throw new YamlSyntaxError(file, { line, column: col }, `invalid YAML: ${message.replace(/ at line \d+, column \d+:?$/, '')}`);
    }
    if (document.contents === null) continue; // an empty document, e.g. after a trailing ---
    sources.push(new SourceDocument(file, index, document, lines));
  }
  return sources;
}
