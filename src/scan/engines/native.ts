import { createRequire } from 'node:module';
import type Parser from 'tree-sitter';
import type { GoEngine, GoQuery, Range, Tree } from './go-engine.js';
import { installedVersion as versionOf, querySource } from './go-engine.js';

/**
 * The native addon: the fastest parser, when it is installed (it is an optional dependency: its build
 * needs a compiler where no prebuilt binary loads) and loads. Throws otherwise.
 */
export async function loadNative(): Promise<GoEngine> {
  // Both packages are CommonJS: require() loads them ~15 ms sooner than import(), which first runs Node's
  // ESM translation of CommonJS (source lexed for its exports, resolution done twice) on a cold process.
  const require = createRequire(import.meta.url);
  const TreeSitter = require('tree-sitter') as typeof Parser;
  // A language object of our own, without tree-sitter-go's table of node types: from that table setLanguage
  // compiles a JavaScript class per node type (~3.5 ms of a cold scan). Without it every node is a SyntaxNode
  // whose type is read from the binding; same trees, same answers.
  const { language: grammar } = require('tree-sitter-go') as { language: unknown };
  const language = { language: grammar } as unknown as Parser.Language;
  const parser = new TreeSitter();
  parser.setLanguage(language);
  const queries = new Map<string, GoQuery>();
  return {
    name: 'native',
    description: `native tree-sitter ${versionOf('tree-sitter')} + tree-sitter-go ${versionOf('tree-sitter-go')}`,
    parse: (text: string, includedRanges?: Range[]): Tree => parser.parse(text, undefined, includedRanges ? { includedRanges } : undefined),
    query(name: string): GoQuery {
      let query = queries.get(name);
      if (!query) {
        query = new TreeSitter.Query(language, querySource(name)) as unknown as GoQuery;
        queries.set(name, query);
      }
      return query;
    },
  };
}
