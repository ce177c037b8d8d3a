import type { SourceTree } from '../source/types.js';
import { decodeGoSource, parseGo, type SyntaxNode } from './go-parser.js';
import { dirname, folderOfImport, type ModuleLayout } from './module-layout.js';

/** A top-level declaration of a Go package. */
export type Declaration =
  | { kind: 'const' | 'var'; name: string; value: SyntaxNode | undefined; file: ParsedFile }
  | { kind: 'func'; name: string; node: SyntaxNode; file: ParsedFile }
  | { kind: 'type'; name: string; node: SyntaxNode; file: ParsedFile };

export interface ParsedFile {
  path: string;
  dir: string;
  packageName: string;
  root: SyntaxNode;
  /** Local name → import path, for the imports that a selector can name (not `_` or `.`). */
  imports: Map<string, string>;
  declarations: Map<string, Declaration>;
}

export function isTestFile(path: string): boolean {
  return path.endsWith('_test.go');
}

function lastSegment(importPath: string): string {
  const segments = importPath.split('/');
  const last = segments.at(-1) ?? importPath;
  // `gopkg.in/yaml.v2` is package yaml; `.../v2` major-version suffixes name the segment before.
  if (/^v\d+$/.test(last) && segments.length > 1) return segments.at(-2) ?? last;
  return last.replace(/\.v\d+$/, '').replace(/^go-/, '');
}

function readImports(root: SyntaxNode): Map<string, string> {
  const imports = new Map<string, string>();
  for (const declaration of root.namedChildren) {
    if (declaration.type !== 'import_declaration') continue;
    for (const spec of declaration.descendantsOfType('import_spec')) {
      const path = spec.childForFieldName('path')?.text.slice(1, -1);
      if (!path) continue;
      const alias = spec.childForFieldName('name')?.text;
      if (alias === '_' || alias === '.') continue;
      imports.set(alias ?? lastSegment(path), path);
    }
  }
  return imports;
}

function readDeclarations(root: SyntaxNode, file: ParsedFile): Map<string, Declaration> {
  const declarations = new Map<string, Declaration>();
  for (const node of root.namedChildren) {
    if (node.type === 'const_declaration' || node.type === 'var_declaration') {
      const kind = node.type === 'const_declaration' ? 'const' : 'var';
      // In a const block, a spec with no value repeats the previous spec's values.
      let previousValues: SyntaxNode[] = [];
      for (const spec of node.descendantsOfType(kind === 'const' ? 'const_spec' : 'var_spec')) {
        const valueList = spec.childForFieldName('value');
        const values = valueList ? valueList.namedChildren : kind === 'const' ? previousValues : [];
        previousValues = values;
        spec.childrenForFieldName('name').forEach((name, index) => {
          declarations.set(name.text, { kind, name: name.text, value: values[index], file });
        });
      }
    } else if (node.type === 'function_declaration') {
      const name = node.childForFieldName('name')?.text;
      if (name) declarations.set(name, { kind: 'func', name, node, file });
    } else if (node.type === 'type_declaration') {
      for (const spec of node.namedChildren) {
        const name = spec.childForFieldName('name')?.text;
        if (name) declarations.set(name, { kind: 'type', name, node: spec, file });
      }
    }
  }
  return declarations;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The Go files of one source tree, read and parsed only when needed, each at most once.
 * Symbol look-ups are per package folder: the same name in two packages can hold two values.
 */
export class GoWorkspace {
  private readonly texts = new Map<string, string>();
  private readonly parsed = new Map<string, ParsedFile>();
  private readonly goFilesByDir = new Map<string, string[]>();
  parseCount = 0;

  constructor(
    private readonly source: SourceTree,
    readonly layout: ModuleLayout,
    files: readonly string[],
  ) {
    for (const file of files) {
      if (!file.endsWith('.go')) continue;
      const dir = dirname(file);
      const list = this.goFilesByDir.get(dir);
      if (list) list.push(file);
      else this.goFilesByDir.set(dir, [file]);
    }
  }

  /** Read files in one batch, skipping those already read. */
  async load(paths: readonly string[]): Promise<void> {
    const missing = paths.filter((path) => !this.texts.has(path));
    if (missing.length === 0) return;
    const contents = await this.source.readFiles(missing);
    for (const [path, bytes] of contents) this.texts.set(path, decodeGoSource(bytes));
  }

  async text(path: string): Promise<string> {
    await this.load([path]);
    return this.texts.get(path) ?? '';
  }

  async parse(path: string): Promise<ParsedFile> {
    const cached = this.parsed.get(path);
    if (cached) return cached;
    const root = parseGo(await this.text(path)).rootNode;
    this.parseCount++;
    const packageName = root.namedChildren.find((node) => node.type === 'package_clause')?.namedChildren[0]?.text ?? '';
    const file: ParsedFile = { path, dir: dirname(path), packageName, root, imports: readImports(root), declarations: new Map() };
    file.declarations = readDeclarations(root, file);
    this.parsed.set(path, file);
    return file;
  }

  /** The folder of an import path inside this tree, when it has Go files. */
  folderOfImport(importPath: string): string | undefined {
    const dir = folderOfImport(this.layout, importPath);
    return dir !== undefined && this.goFilesByDir.has(dir) ? dir : undefined;
  }

  /**
   * A package-level declaration of `name` in the package of folder `dir` (package `packageName`).
   * Only files whose text contains the name as a word are parsed. `_test.go` files count only when asked.
   */
  async lookup(dir: string, packageName: string, name: string, includeTests: boolean): Promise<Declaration | undefined> {
    const files = (this.goFilesByDir.get(dir) ?? []).filter((path) => includeTests || !isTestFile(path));
    await this.load(files);
    const word = new RegExp(`\\b${escapeRegExp(name)}\\b`);
    for (const path of files) {
      if (!word.test(this.texts.get(path) ?? '')) continue;
      const file = await this.parse(path);
      if (packageName && file.packageName !== packageName) continue;
      const declaration = file.declarations.get(name);
      if (declaration) return declaration;
    }
    return undefined;
  }

  /** The package name declared by the files of a folder (the non-test files decide). */
  async packageNameOf(dir: string): Promise<string | undefined> {
    const files = (this.goFilesByDir.get(dir) ?? []).filter((path) => !isTestFile(path));
    await this.load(files);
    for (const path of files) {
      const match = /^\s*package\s+(\w+)/m.exec(this.texts.get(path) ?? '');
      if (match?.[1]) return match[1];
    }
    return undefined;
  }
}
