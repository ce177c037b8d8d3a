import type { PropellerLinks } from '../../catalog/bundle-index.js';
import { builtVersion, gopkgLockPin, parseGoMod, pseudoVersionCommit } from './go-mod.js';
import type { GitReader } from './git-reader.js';

/** The module paths flyteplugins had before the monorepo: lyft's, then flyteorg's. */
const PLUGIN_MODULES = ['github.com/flyteorg/flyteplugins', 'github.com/lyft/flyteplugins'];
/** Imports of the packages that can register plugins (not of pluginmachinery's own API packages). */
const PLUGIN_IMPORT = '"github\\.com/(lyft|flyteorg)/(flyte/(v2/)?)?flyteplugins/go/tasks/(plugins|pluginmachinery/bundle)(/[^"]*)?"';
const REGISTER_CALL = '(Register(Agent|Connector)Plugin)\\(';

/** The flyteplugins version a flytepropeller tag builds against, resolved to a commit of flyteorg/flyteplugins. */
export interface PluginsPin {
  version: string;
  /** Where the pin was read: `go.mod:12`, `Gopkg.lock`. */
  from: string;
  /** The flyteplugins tag, or null for a pseudo-version. */
  tag: string | null;
  commit: string | undefined;
}

/**
 * What propeller's Go files (non-test, outside vendor/) under `prefix` import from flyteplugins, and where
 * they call the agent or connector registration (those packages do not register in `init()`). The same
 * rule the scanner applies to a monorepo tree (src/scan/linked.ts): an imported package's `init()` runs.
 */
export function readLinks(git: GitReader, commit: string, prefix: string): PropellerLinks {
  const goFiles = [`${prefix}*.go`, ':!*_test.go', ':!vendor/**', ':!**/vendor/**'];
  // One propeller builds against one plugins module; a stray import of another (lyft's, left in an old file) is not it.
  const byModule = new Map<string, { packages: Set<string>; files: Set<string> }>();
  for (const hit of git.grep(commit, PLUGIN_IMPORT, goFiles)) {
    const match = /"(\S+?)\/go\/tasks\/([^"]+)"/.exec(hit.text);
    if (!match?.[1] || !match[2] || /^\s*\/\//.test(hit.text)) continue;
    const found = byModule.get(match[1]) ?? { packages: new Set<string>(), files: new Set<string>() };
    byModule.set(match[1], found);
    found.packages.add(match[2]);
    found.files.add(hit.path);
  }
  const [module, found] = [...byModule].sort(([a, x], [b, y]) => y.packages.size - x.packages.size || (a < b ? -1 : 1))[0] ?? [
    null,
    undefined,
  ];
  const taskFolder = prefix === 'executor/' ? prefix : `${prefix}pkg/controller/nodes/task/`;
  const calls = git
    .grep(commit, REGISTER_CALL, [`${taskFolder}*.go`, ':!*_test.go'])
    .filter((hit) => !/^\s*func\s/.test(hit.text))
    .map((hit) => `${/Register(Agent|Connector)Plugin/.exec(hit.text)?.[0]} ${hit.path}:${hit.line}`);
  return { commit, module, packages: [...(found?.packages ?? [])].sort(), files: [...(found?.files ?? [])].sort(), calls };
}

/** A flyteplugins version (a tag, `+incompatible` dropped, or a pseudo-version) → its tag and commit in flyteorg/flyteplugins. */
function resolvePluginsVersion(plugins: GitReader, version: string): { tag: string | null; commit: string | undefined } {
  const tag = version.replace(/\+incompatible$/, '');
  const commit = plugins.commitOf(`refs/tags/${tag}`);
  if (commit) return { tag, commit };
  const abbreviated = pseudoVersionCommit(tag);
  return { tag: null, commit: abbreviated ? plugins.commitOf(abbreviated) : undefined };
}

/**
 * The flyteplugins pin of a flytepropeller commit: `go.mod` (flyteorg's module, else lyft's, replaces
 * applied), or, before Go modules, dep's `Gopkg.lock`, whose `revision` is what dep builds (a tag was
 * moved once after a lock named it).
 */
export function readPluginsPin(propeller: GitReader, plugins: GitReader, commit: string): PluginsPin | undefined {
  const goMod = propeller.show(commit, 'go.mod');
  if (goMod !== undefined) {
    const mod = parseGoMod(goMod);
    for (const module of PLUGIN_MODULES) {
      const built = builtVersion(mod, module);
      if (built) return { version: built.version, from: `go.mod:${built.line}`, ...resolvePluginsVersion(plugins, built.version) };
    }
    return undefined;
  }
  const lock = propeller.show(commit, 'Gopkg.lock');
  const pin = lock === undefined ? undefined : gopkgLockPin(lock, 'github.com/lyft/flyteplugins');
  if (!pin?.version && !pin?.revision) return undefined;
  const version = pin.version ?? pin.revision ?? '';
  const byTag = resolvePluginsVersion(plugins, version);
  const byRevision = pin.revision ? plugins.commitOf(pin.revision) : undefined;
  return { version, from: 'Gopkg.lock', tag: byTag.tag, commit: byRevision ?? byTag.commit };
}
