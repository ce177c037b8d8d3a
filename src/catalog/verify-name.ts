import { NameRefusedError } from '../errors.js';
import type { BundledIndex } from './bundle-index.js';
import { otherVersions } from './history.js';
import { catalogVersion, findPlugin, pluginIds, pluginsForTaskType, suggestIds } from './names.js';
import { isFlagged } from './plugin-rules.js';
import type { Catalog } from './schema.js';

function quoteList(names: readonly string[], joiner = 'or'): string {
  const quoted = names.map((name) => `'${name}'`);
  return quoted.length <= 1 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} ${joiner} ${quoted.at(-1)}`;
}

export interface VerifyOptions {
  allowFlagged: boolean;
  /** The versions known (the bundled index): names an ID of other versions as such. */
  index?: BundledIndex | undefined;
}

/**
 * The catalog's canonical ID for a name, or an NameRefusedError that says what the name is instead:
 * a task type (and the plugins that run it), an ID of other versions (when an index is given), a near miss,
 * or nothing known.
 */
export function verifyName(catalog: Catalog, name: string, options: VerifyOptions): string {
  const version = catalogVersion(catalog);
  const found = findPlugin(catalog, name);
  const real = found.filter((plugin) => !isFlagged(plugin));
  const linked = real.filter((plugin) => plugin.linked !== false);
  if (linked[0] || (real[0] && options.allowFlagged)) return (linked[0] ?? real[0])?.id as string;
  if (real[0]) {
    throw new NameRefusedError(
      `'${real[0].id}' is registered in ${version}, but propeller at that commit does not import its package: enabling it has no effect`,
      {
        hint: 'pass --allow-flagged if your propeller build links it',
      },
    );
  }
  if (found[0]) {
    if (options.allowFlagged) return found[0].id;
    const plugin = found[0];
    const flags = plugin.flags.filter((f) => f !== 'not-in-init').join('/');
    throw new NameRefusedError(
      `'${plugin.id}' is registered only in ${flags} code (${plugin.file}:${plugin.line}), not a plugin to run in production`,
      {
        hint: 'pass --allow-flagged to enable it anyway',
      },
    );
  }
  const runners = pluginsForTaskType(catalog, name);
  if (runners.length > 0) {
    throw new NameRefusedError(`'${name.trim()}' is a task type, not a plugin ID; the plugin that runs it is ${quoteList(runners)}`, {
      hint: `enable ${quoteList(runners)} instead`,
    });
  }
  const elsewhere = options.index && otherVersions(name, options.index);
  if (elsewhere) {
    throw new NameRefusedError(`'${name.trim()}' is not registered in ${version}; it is registered ${elsewhere.text}`, {
      hint: 'name your propeller version with --tag, or use the ID of this version',
    });
  }
  const near = suggestIds(name, pluginIds(catalog, { includeFlagged: false }));
  throw new NameRefusedError(
    `unknown plugin '${name.trim()}' in ${version}${near.length > 0 ? `; did you mean ${quoteList(near)}?` : ''}`,
    {
      hint: near.length > 0 ? undefined : 'flyte-plugin-catalog list shows the IDs of this version',
    },
  );
}
