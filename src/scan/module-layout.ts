import { ScanError } from '../errors.js';
import type { SourceTree } from '../source/types.js';
import { compareStrings } from '../util/compare.js';

interface GoModule {
  /** Folder of the go.mod, repo-relative ('' for the root). */
  dir: string;
  /** The module path declared in it. */
  path: string;
}

/** Where the plugins are and how Go import paths map onto folders of the tree. */
export interface ModuleLayout {
  /** The plugin folder the scan covers ('' for the whole tree). */
  root: string;
  /** The module that holds `root`. */
  module: GoModule;
  /** Every module of the tree, the deepest folder first, so that the first prefix match wins. */
  modules: readonly GoModule[];
}

export function dirname(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

export function isUnder(path: string, dir: string): boolean {
  return dir === '' || path === dir || path.startsWith(`${dir}/`);
}

function joinPath(dir: string, rest: string): string {
  if (dir === '') return rest;
  if (rest === '') return dir;
  return `${dir}/${rest}`;
}

function parseModulePath(goMod: string): string | undefined {
  const match = /^\s*module\s+"?([^\s"]+)"?/m.exec(goMod);
  return match?.[1];
}

/** The shortest folder with a `go/tasks/` tree below it: flyteplugins' own layout, wherever it sits. */
function findPluginFolder(files: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const file of files) {
    const at = file.startsWith('go/tasks/') ? 0 : file.indexOf('/go/tasks/');
    if (at === -1) continue;
    const folder = file.slice(0, at);
    if (best === undefined || folder.length < best.length) best = folder;
  }
  return best;
}

export async function detectLayout(source: SourceTree, requestedRoot: string | undefined): Promise<ModuleLayout> {
  const files = await source.listFiles();
  const goModPaths = files.filter((file) => file === 'go.mod' || file.endsWith('/go.mod'));
  const contents = await source.readFiles(goModPaths);
  const modules: GoModule[] = [];
  for (const [file, content] of contents) {
    const path = parseModulePath(content.toString('utf8'));
    if (path) modules.push({ dir: dirname(file), path });
  }
  modules.sort((a, b) => b.dir.length - a.dir.length || compareStrings(a.dir, b.dir));

  const where = `${source.provenance.repo}${source.provenance.tag ? `@${source.provenance.tag}` : ''}`;
  let root: string;
  if (requestedRoot !== undefined) {
    root = requestedRoot.replace(/^\.?\/+|\/+$/g, '');
    if (!files.some((file) => isUnder(file, root) && file !== root)) {
      throw new ScanError(`no folder '${root}' in ${where}`);
    }
  } else {
    const pluginModule = [...modules].reverse().find((module) => /(^|\/)flyteplugins$/.test(module.path));
    root = pluginModule?.dir ?? findPluginFolder(files) ?? '';
  }

  const module = modules.find((candidate) => isUnder(root, candidate.dir)) ?? (await inferModule(source, files, root));
  if (module && !modules.includes(module)) modules.push(module);
  if (!module) {
    throw new ScanError(`no Go module found: no go.mod at or above '${root || '.'}' in ${where}`, {
      hint: 'point --source at a flyteplugins checkout, or name the plugin module folder with --path',
    });
  }
  return { root, module, modules };
}

/**
 * Before Go modules (dep's Gopkg.toml, flyteplugins v0.2.x) there is no go.mod: the module path is read off
 * the tree's own imports. An import `X/go/tasks/core` where the folder `go/tasks/core` exists under `root`
 * means module `X` at `root`; the most common such `X` wins.
 */
async function inferModule(source: SourceTree, files: readonly string[], root: string): Promise<GoModule | undefined> {
  const folders = new Set(files.filter((file) => file.endsWith('.go') && isUnder(file, root)).map(dirname));
  const sample = [...folders]
    .slice(0, 40)
    .flatMap((dir) => files.filter((file) => dirname(file) === dir && file.endsWith('.go')).slice(0, 1));
  const votes = new Map<string, number>();
  for (const content of (await source.readFiles(sample)).values()) {
    for (const [, importPath] of content.toString('utf8').matchAll(/"([\w.\-/]+)"/g)) {
      for (const folder of folders) {
        const relative = root === '' ? folder : folder.slice(root.length + 1);
        if (relative && importPath?.endsWith(`/${relative}`)) {
          const path = importPath.slice(0, -relative.length - 1);
          votes.set(path, (votes.get(path) ?? 0) + 1);
        }
      }
    }
  }
  const [best] = [...votes.entries()].sort((a, b) => b[1] - a[1]);
  return best ? { dir: root, path: best[0] } : undefined;
}

/** The folder of an import path inside the tree, or undefined for a package from outside it. */
export function folderOfImport(layout: ModuleLayout, importPath: string): string | undefined {
  for (const module of layout.modules) {
    if (importPath === module.path) return module.dir;
    if (importPath.startsWith(`${module.path}/`)) return joinPath(module.dir, importPath.slice(module.path.length + 1));
  }
  return undefined;
}

/** The import path of a folder inside the tree. */
export function importPathOf(layout: ModuleLayout, dir: string): string {
  const module = layout.modules.find((candidate) => isUnder(dir, candidate.dir)) ?? layout.module;
  const rest = module.dir === '' ? dir : dir.slice(module.dir.length + 1);
  return rest ? `${module.path}/${rest}` : module.path;
}
