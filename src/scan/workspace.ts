import type { SourceTree } from '../source/types.js';
import { GoFile, type Declaration } from './go-file.js';
import { decodeGoSource, type GoEngine } from './go-parser.js';
import { dirname, folderOfImport, type ModuleLayout } from './module-layout.js';

export type { Declaration } from './go-file.js';

export function isTestFile(path: string): boolean {
  return path.endsWith('_test.go');
}

/**
 * The Go files of one source tree: read in batches, decoded and parsed only when a question needs them,
 * each at most once. Symbol look-ups are per package folder: the same name in two packages can hold two values.
 */
export class GoWorkspace {
  private readonly bytes = new Map<string, Buffer>();
  private readonly files = new Map<string, GoFile>();
  private readonly goFilesByDir = new Map<string, string[]>();

  constructor(
    private readonly source: SourceTree,
    readonly layout: ModuleLayout,
    files: readonly string[],
    private readonly engine: GoEngine,
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
    const missing = paths.filter((path) => !this.bytes.has(path));
    if (missing.length === 0) return;
    for (const [path, content] of await this.source.readFiles(missing)) this.bytes.set(path, content);
  }

  /** The raw bytes of a loaded file (for cheap pre-filters that need no decoding). */
  rawBytes(path: string): Buffer | undefined {
    return this.bytes.get(path);
  }

  async file(path: string): Promise<GoFile> {
    let file = this.files.get(path);
    if (!file) {
      await this.load([path]);
      file = new GoFile(path, decodeGoSource(this.bytes.get(path) ?? Buffer.alloc(0)), this.engine);
      this.files.set(path, file);
    }
    return file;
  }

  /** How many tree-sitter parses the scan needed (for stats and the benchmark). */
  get parseCount(): number {
    let count = 0;
    for (const file of this.files.values()) count += file.parses;
    return count;
  }

  /** The folder of an import path inside this tree, when it has Go files. */
  folderOfImport(importPath: string): string | undefined {
    const dir = folderOfImport(this.layout, importPath);
    return dir !== undefined && this.goFilesByDir.has(dir) ? dir : undefined;
  }

  /**
   * A package-level declaration of `name` in the package of folder `dir` named `packageName` (any, when empty).
   * Only files whose bytes contain the name are decoded; only declarations that mention it are parsed.
   * `_test.go` files count only when asked.
   */
  async lookup(dir: string, packageName: string, name: string, includeTests: boolean): Promise<Declaration | undefined> {
    const paths = (this.goFilesByDir.get(dir) ?? []).filter((path) => includeTests || !isTestFile(path));
    await this.load(paths);
    for (const path of paths) {
      if (!this.bytes.get(path)?.includes(name)) continue;
      const file = await this.file(path);
      if (packageName && file.packageName !== packageName) continue;
      const declaration = file.declaration(name);
      if (declaration) return declaration;
    }
    return undefined;
  }

  /** The package name declared by the files of a folder (the non-test files decide). */
  async packageNameOf(dir: string): Promise<string | undefined> {
    const paths = (this.goFilesByDir.get(dir) ?? []).filter((path) => !isTestFile(path));
    await this.load(paths);
    for (const path of paths) {
      const name = (await this.file(path)).packageName;
      if (name) return name;
    }
    return undefined;
  }
}
