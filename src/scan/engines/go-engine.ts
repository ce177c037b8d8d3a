import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { packageRoot } from '../../util/package-root.js';

/** What the scan reads of a tree-sitter node: the subset both the native and the WASM bindings offer. */
export interface SyntaxNode {
  /** Unique within its tree. */
  readonly id: number;
  readonly type: string;
  readonly text: string;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly startPosition: Point;
  readonly parent: SyntaxNode | null;
  readonly namedChildren: SyntaxNode[];
  readonly hasError: boolean;
  child(index: number): SyntaxNode | null;
  childForFieldName(name: string): SyntaxNode | null;
  childrenForFieldName(name: string): SyntaxNode[];
  descendantsOfType(types: string | string[]): SyntaxNode[];
}

export interface Tree {
  readonly rootNode: SyntaxNode;
}

interface Point {
  row: number;
  column: number;
}

export interface Range {
  startIndex: number;
  endIndex: number;
  startPosition: Point;
  endPosition: Point;
}

export interface GoQuery {
  matches(node: SyntaxNode): { captures: { name: string; node: SyntaxNode }[] }[];
}

export type EngineName = 'native' | 'wasm';

/** A loaded Go parser: the native addon (`tree-sitter` + `tree-sitter-go`) or `web-tree-sitter` + `tree-sitter-go.wasm`. */
export interface GoEngine {
  readonly name: EngineName;
  /** Which packages and versions, for `--debug`. */
  readonly description: string;
  /** Parse Go source, or only the given ranges of it (positions stay those of the whole text). */
  parse(text: string, includedRanges?: Range[]): Tree;
  /** A query from `src/scan/queries/<name>.scm` (shipped as source), compiled once per engine. */
  query(name: string): GoQuery;
}

/** The source of a query file: one `.scm` per purpose, the same text for both engines. */
export function querySource(name: string): string {
  return readFileSync(join(packageRoot, 'src', 'scan', 'queries', `${name}.scm`), 'utf8');
}

/** The version of an installed package, from the package.json above its entry point ('?' if unknown). */
export function installedVersion(name: string): string {
  try {
    let dir = dirname(createRequire(import.meta.url).resolve(name));
    while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
    return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: string }).version ?? '?';
  } catch {
    return '?';
  }
}
