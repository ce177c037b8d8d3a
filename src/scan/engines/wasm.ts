import { join } from 'node:path';
import type { GoEngine, GoQuery, Range, SyntaxNode, Tree } from './go-engine.js';
import { installedVersion as versionOf, querySource } from './go-engine.js';
import { packageRoot } from '../../util/package-root.js';

/**
 * The Go grammar as WASM: the `tree-sitter-go.wasm` that tree-sitter-go ships, copied into the package at
 * build time (scripts/bundle.mjs), so that it is there even when the optional native packages are not.
 */
const GO_WASM = join(packageRoot, 'dist', 'wasm', 'tree-sitter-go.wasm');

/** tree-sitter's official WASM binding: no compiler, no native addon, ~1.5–2× slower to parse. */
export async function loadWasm(): Promise<GoEngine> {
  const { Parser, Language, Query } = await import('web-tree-sitter');
  await Parser.init();
  const language = await Language.load(GO_WASM);
  const parser = new Parser();
  parser.setLanguage(language);
  const queries = new Map<string, GoQuery>();
  return {
    name: 'wasm',
    description: `web-tree-sitter ${versionOf('web-tree-sitter')} + tree-sitter-go.wasm (ABI ${language.abiVersion})`,
    parse(text: string, includedRanges?: Range[]): Tree {
      const tree = parser.parse(text, null, includedRanges ? { includedRanges } : undefined);
      if (!tree) throw new Error('web-tree-sitter returned no tree');
      return tree as unknown as Tree;
    },
    query(name: string): GoQuery {
      let query = queries.get(name);
      if (!query) {
        const compiled = new Query(language, querySource(name));
        query = { matches: (node: SyntaxNode) => compiled.matches(node as never) as unknown as ReturnType<GoQuery['matches']> };
        queries.set(name, query);
      }
      return query;
    },
  };
}
