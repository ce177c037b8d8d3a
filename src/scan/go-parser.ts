import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../util/package-root.js';
import Parser from 'tree-sitter';
import Go from 'tree-sitter-go';

export type SyntaxNode = Parser.SyntaxNode;
export type Tree = Parser.Tree;

let parser: Parser | undefined;
const queries = new Map<string, Parser.Query>();

function goParser(): Parser {
  if (!parser) {
    parser = new Parser();
    parser.setLanguage(Go as unknown as Parser.Language);
  }
  return parser;
}

export type Range = Parser.Range;

/** Parse Go source, or only the given ranges of it (positions stay those of the whole text). */
export function parseGo(text: string, includedRanges?: Range[]): Tree {
  return goParser().parse(text, undefined, includedRanges ? { includedRanges } : undefined);
}

/** A query from `src/scan/queries/<name>.scm` (shipped as source), compiled once per process. */
export function goQuery(name: string): Parser.Query {
  let query = queries.get(name);
  if (!query) {
    const source = readFileSync(join(packageRoot, 'src', 'scan', 'queries', `${name}.scm`), 'utf8');
    query = new Parser.Query(Go as unknown as Parser.Language, source);
    queries.set(name, query);
  }
  return query;
}

/** Go source is UTF-8 by specification; a file that is not still scans, with U+FFFD for the bad bytes. */
const decoder = new TextDecoder('utf-8', { fatal: false });
export function decodeGoSource(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}
