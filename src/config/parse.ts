import { Composer, isAlias, isScalar, Parser, visit, type Document } from 'yaml';
import { isMergeKey } from './anchors.js';

/** How every document is parsed: merge keys (`<<`) on, as YAML 1.1 and viper (go-yaml) read them. */
export const PARSE_OPTIONS = { uniqueKeys: false, merge: true } as const;

/**
 * yaml's own duplicate-key check compares every key with every other (60 ms on a 46 KB values file); this
 * one is a set per map, linear, with the same verdict: a key twice in one map is an error.
 */
export function duplicateKey(document: Document): { key: string; offset: number } | undefined {
  let found: { key: string; offset: number } | undefined;
  visit(document, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        if (!isScalar(pair.key) || isMergeKey(pair)) continue;
        const key = String(pair.key.value);
        if (seen.has(key)) {
          found = { key, offset: pair.key.range?.[0] ?? 0 };
          return visit.BREAK;
        }
        seen.add(key);
      }
      return undefined;
    },
  });
  return found;
}

/**
 * The lines [from, to) of a file parsed on their own as one document, its nodes' ranges offsets in the whole
 * file; `undefined` unless it is plain YAML we can vouch for: no errors, no key twice, no anchors, aliases or
 * merge keys (whose meaning lies outside the lines).
 */
export function parseRegion(text: string, from: number, to: number): Document | undefined {
  const parser = new Parser();
  // The parser counts offsets from this one on: the nodes' ranges point into the whole file, as the planners need.
  parser.offset = from;
  const documents = Array.from(new Composer(PARSE_OPTIONS).compose(parser.parse(text.slice(from, to))));
  const document = documents.length === 1 ? documents[0] : undefined;
  if (!document || document.errors.length > 0 || duplicateKey(document)) return undefined;
  let shared = false;
  visit(document, {
    Node: (_, node) => {
      shared = isAlias(node) || Boolean(node.anchor);
      return shared ? visit.BREAK : undefined;
    },
    Pair: (_, pair) => {
      shared = isMergeKey(pair);
      return shared ? visit.BREAK : undefined;
    },
  });
  return shared ? undefined : document;
}
