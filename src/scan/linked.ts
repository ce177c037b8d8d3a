import type { SourceTree } from '../source/types.js';
import { PROPELLER_FOLDERS } from '../catalog/known-repos.js';
import { isTestFile } from './workspace.js';

/**
 * The plugin packages that FlytePropeller at the same commit imports (blank imports in plugins/loader.go,
 * or ordinary ones such as the agent and connector in the task handler): a plugin whose package propeller
 * never imports is never registered at run time, whatever the config says. `undefined` when the repository
 * does not hold propeller (flyteorg/flyteplugins, a fork of it).
 */
export async function findLinkedPackages(
  source: SourceTree,
  files: readonly string[],
  packages: ReadonlySet<string>,
): Promise<Set<string> | undefined> {
  const propeller = files.filter(
    (file) => file.endsWith('.go') && !isTestFile(file) && PROPELLER_FOLDERS.some((folder) => file.startsWith(folder)),
  );
  if (propeller.length === 0) return undefined;
  const linked = new Set<string>();
  for (const content of (await source.readFiles(propeller)).values()) {
    if (!content.includes('/go/tasks/')) continue;
    for (const pkg of packages) if (!linked.has(pkg) && content.includes(`"${pkg}"`)) linked.add(pkg);
  }
  return linked;
}
