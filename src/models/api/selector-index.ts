// Finds the objects whose selector matches a pod's labels without trying every object: each
// object is filed under one key=value pair of its selector's matchLabels, so a pod only checks
// the objects filed under its own labels. Objects whose selector has no matchLabels (only
// expressions) are checked for every pod.

import { addTo } from '../set-index.js';
import { selectorMatches, type LabelSelector, type Labels } from './selectors.js';

export class SelectorIndex<T> {
  private readonly byPair = new Map<string, Set<T>>();
  private readonly unkeyed = new Set<T>();
  private readonly filedUnder = new Map<T, string | undefined>();

  constructor(private readonly selectorOf: (item: T) => LabelSelector | undefined) {}

  add(item: T): void {
    this.remove(item);
    const selector = this.selectorOf(item);
    if (selector === undefined) return;
    const first = Object.keys(selector.matchLabels ?? {}).sort()[0];
    if (first === undefined) {
      this.unkeyed.add(item);
      this.filedUnder.set(item, undefined);
      return;
    }
    const pair = `${first}=${(selector.matchLabels as Labels)[first]}`;
    addTo(this.byPair, pair, item);
    this.filedUnder.set(item, pair);
  }

  remove(item: T): void {
    if (!this.filedUnder.has(item)) return;
    const pair = this.filedUnder.get(item);
    if (pair === undefined) this.unkeyed.delete(item);
    else this.byPair.get(pair)?.delete(item);
    this.filedUnder.delete(item);
  }

  /** The items whose selector matches these labels. */
  matching(labels: Labels): T[] {
    const out: T[] = [];
    for (const [key, value] of Object.entries(labels)) {
      for (const item of this.byPair.get(`${key}=${value}`) ?? []) {
        if (selectorMatches(this.selectorOf(item), labels)) out.push(item);
      }
    }
    for (const item of this.unkeyed) if (selectorMatches(this.selectorOf(item), labels)) out.push(item);
    return out;
  }
}
