import { ChangeRefusedError } from '../errors.js';
import { Lines } from '../util/lines.js';
import { isAlias, isMap, isNode, isScalar, isSeq, visit, type Document, type Node, type Pair, type YAMLMap } from 'yaml';

/**
 * Where a node is shared with other parts of the document, so that editing its text would change them too:
 * reached through an alias (`*p`), supplied by a merge key (`<<: *b`), or anchored (`&p`) and aliased elsewhere.
 */
export interface Shared {
  how: 'alias' | 'merge' | 'anchor';
  /** The anchor's name, when there is one (an inline `<<: {…}` has none). */
  anchor: string | undefined;
  /** 1-based line of the anchor's definition (or of the merge key) in the text the nodes point into. */
  line: number;
  /** How many aliases use the anchor. */
  uses: number;
}

/** A key of a map as viper reads it: explicit keys first, then merged ones (earlier merges win). */
export interface Entry {
  key: string;
  pair: Pair;
  /** The value with aliases resolved. */
  value: unknown;
  /** Set when the value is not the pair's own text: merged in, or an alias. */
  shared: Shared | undefined;
}

export function isMergeKey(pair: Pair): boolean {
  const key = pair.key;
  return isScalar(key) && typeof key.value === 'symbol' && key.value.description === '<<';
}

function keyText(pair: Pair): string | undefined {
  const key = pair.key;
  if (isScalar(key) && key.value !== null && key.value !== undefined && typeof key.value !== 'symbol') return String(key.value);
  return typeof key === 'string' ? key : undefined;
}

/** Anchors, aliases and merge keys of one document, resolved as YAML 1.1 (and viper, through go-yaml) does. */
export class Anchors {
  private readonly uses = new Map<unknown, number>();
  /** The offset of the first alias with no anchor before it (YAML that go-yaml refuses), if any. */
  readonly unresolved: number | undefined;

  constructor(
    readonly document: Document,
    readonly text: string,
  ) {
    let unresolved: number | undefined;
    visit(document, {
      Alias: (_, alias) => {
        const target = alias.resolve(document);
        if (target) this.uses.set(target, (this.uses.get(target) ?? 0) + 1);
        else unresolved ??= alias.range?.[0] ?? 0;
      },
    });
    this.unresolved = unresolved;
  }

  private lines: Lines | undefined;

  /** The 1-based line of an offset (the line table is built on first use: most files have no alias). */
  private lineAt(offset: number): number {
    this.lines ??= new Lines(this.text);
    return this.lines.lineOf(Math.max(0, offset)) + 1;
  }

  /** The line of `&name` before a node (anchors sit before the node's own range). */
  private anchorLine(node: Node): number {
    const start = node.range?.[0] ?? 0;
    const at = node.anchor ? this.text.lastIndexOf(`&${node.anchor}`, start) : -1;
    return this.lineAt(at >= 0 ? at : start);
  }

  /** A node with aliases resolved, and how it was reached when through one. */
  resolve(node: unknown): { node: unknown; shared: Shared | undefined } {
    if (!isAlias(node)) return { node, shared: undefined };
    const target = node.resolve(this.document);
    const line = target ? this.anchorLine(target) : this.lineAt(node.range?.[0] ?? 0);
    return { node: target ?? null, shared: { how: 'alias', anchor: node.source, line, uses: target ? (this.uses.get(target) ?? 0) : 0 } };
  }

  /** The node itself is anchored and aliased elsewhere. */
  sharedAt(node: unknown): Shared | undefined {
    if (!(isMap(node) || isSeq(node) || isScalar(node)) || !node.anchor) return undefined;
    const uses = this.uses.get(node) ?? 0;
    return uses > 0 ? { how: 'anchor', anchor: node.anchor, line: this.anchorLine(node), uses } : undefined;
  }

  /** The first node inside `node` (itself included) that is anchored and aliased elsewhere. */
  within(node: unknown): Shared | undefined {
    let found = this.sharedAt(node);
    if (found || !(isMap(node) || isSeq(node))) return found;
    visit(node, {
      Node: (_, inner) => {
        found = this.sharedAt(inner);
        return found ? visit.BREAK : undefined;
      },
    });
    return found;
  }

  /** The maps a merge key brings in, in order, with how each was reached. */
  private mergeSources(pair: Pair): { map: YAMLMap; shared: Shared }[] {
    const mergeLine = this.lineAt(isNode(pair.key) ? (pair.key.range?.[0] ?? 0) : 0);
    const value = this.resolve(pair.value);
    const items = isSeq(value.node) ? value.node.items.map((item) => this.resolve(item)) : [value];
    const sources: { map: YAMLMap; shared: Shared }[] = [];
    for (const item of items) {
      if (!isMap(item.node)) continue;
      const via = item.shared ?? value.shared;
      sources.push({ map: item.node, shared: { how: 'merge', anchor: via?.anchor, line: via?.line ?? mergeLine, uses: via?.uses ?? 0 } });
    }
    return sources;
  }

  /** A map's keys and values as a YAML 1.1 reader sees them: explicit keys win, then earlier merges win. */
  entries(map: YAMLMap, seen: ReadonlySet<YAMLMap> = new Set()): Entry[] {
    const entries: Entry[] = [];
    const has = new Set<string>();
    const merges: Pair[] = [];
    for (const pair of map.items) {
      if (isMergeKey(pair)) {
        merges.push(pair);
        continue;
      }
      const key = keyText(pair);
      if (key === undefined || has.has(key)) continue;
      has.add(key);
      const value = this.resolve(pair.value);
      entries.push({ key, pair, value: value.node, shared: value.shared });
    }
    const inner = new Set([...seen, map]);
    for (const merge of merges) {
      for (const source of this.mergeSources(merge)) {
        if (inner.has(source.map)) continue;
        for (const entry of this.entries(source.map, inner)) {
          if (has.has(entry.key)) continue;
          has.add(entry.key);
          entries.push({ ...entry, shared: source.shared });
        }
      }
    }
    return entries;
  }
}

function describe(shared: Shared): string {
  const anchor = shared.anchor ?? '';
  const uses = `${shared.uses} alias${shared.uses === 1 ? '' : 'es'}`;
  if (shared.how === 'alias')
    return `it is the alias *${anchor} of &${anchor} (line ${shared.line}), used by ${uses}: the edit would change every one of them`;
  if (shared.how === 'merge') {
    return shared.anchor
      ? `it comes from the merge key <<: *${anchor} (&${anchor}, line ${shared.line}): ` +
          `the edit would change &${anchor} and every map that uses it`
      : `it comes from the merge key << at line ${shared.line}: writing there would not change this map alone`;
  }
  return `it is anchored &${anchor} (line ${shared.line}) and ${uses} elsewhere use it: the edit would change them too`;
}

/**
 * Refuse an edit that would go through an alias, a merge key or an anchor that other keys use. This is a
 * refusal on purpose (ChangeRefusedError, exit 1), not a failure: the file was read and understood, and the
 * lines could be spliced, but the edit would silently change other keys as well (or, through a merge key,
 * the anchor's map), like a change that would lose something. The message names the anchor and its line.
 */
export function refuseShared(what: string, ...shared: (Shared | undefined)[]): void {
  const first = shared.find((entry) => entry !== undefined);
  if (!first) return;
  const reference = first.how === 'anchor' ? 'aliases' : first.how === 'merge' ? 'merge key' : 'alias';
  throw new ChangeRefusedError(`cannot edit ${what}: ${describe(first)}`, {
    hint: `write the value out in place of the ${reference}, or edit the file by hand`,
  });
}
