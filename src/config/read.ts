import { readFile } from 'node:fs/promises';
import { ConfigError, UsageError } from '../errors.js';
import { describeFsError } from '../util/fs-errors.js';
import { decodeUtf8 } from '../util/utf8.js';
import { layerFiles } from './layered.js';
import { parseConfigText, type ConfigFile, type PluginsBlock } from './locate.js';

/**
 * A config as text, every byte kept: what is not UTF-8 is refused (naming the first bad byte) rather than
 * turned into U+FFFD, which an edit would then write back; a BOM is kept.
 */
export async function readConfigFile(path: string): Promise<ConfigFile> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(code === 'ENOENT' ? `no such config file: ${path}` : `cannot read ${path} (${describeFsError(error)})`);
  }
  return configFromBytes(path, bytes);
}

/** A config already read (standard input, or a file read by the caller), named `path` in messages and locations. */
export function configFromBytes(path: string, bytes: Buffer): ConfigFile {
  const decoded = decodeUtf8(bytes);
  if (!('text' in decoded)) {
    const byte = `0x${decoded.byte.toString(16).padStart(2, '0')}`;
    throw new ConfigError(`${path} is not UTF-8 text (invalid byte ${byte} at offset ${decoded.invalidAt})`, {
      hint: 'convert it to UTF-8 first, e.g. iconv -f latin1 -t utf-8',
    });
  }
  return parseConfigText(path, decoded.text);
}

const SHAPES =
  'tasks.task-plugins, configmap.enabled_plugins.tasks.task-plugins (flyte-core), ' +
  'configuration.inline.tasks.task-plugins (flyte-binary) or a ConfigMap holding one';

/**
 * What is not a propeller config at all, or is in the pre-v0.2 schema, fails with one line saying so.
 * `hint`: what to do about it (by default, the locations looked for).
 */
export function requireBlocks(file: ConfigFile, hint = `looked for ${SHAPES}`): PluginsBlock[] {
  if (file.blocks.length > 0) return file.blocks;
  if (file.legacy.length > 0) {
    throw new ConfigError(
      `${file.path} uses the pre-v0.2 schema (${file.legacy[0]}: executor IDs, case-sensitive, empty means none), which is out of scope`,
      {
        hint: 'move to tasks.task-plugins.enabled-plugins with the plugin IDs of flyteplugins v0.2.0 or later',
      },
    );
  }
  throw new ConfigError(`${file.path} has no task-plugins section: not a propeller config, Helm values or manifest this tool knows`, {
    hint,
  });
}

/** The block an edit goes to: the one named by --yaml-path, or the only one propeller reads. */
export function chooseBlock(file: ConfigFile, yamlPath: string | undefined): PluginsBlock {
  const blocks = requireBlocks(file);
  if (yamlPath) {
    const wanted = yamlPath.replace(/\.(enabled-plugins|default-for-task-types)$/, '');
    const nested = ` ⟶ ${wanted}`;
    const found = blocks.find((block) => block.label === wanted || block.label.endsWith(nested) || block.path.join('.') === wanted);
    if (!found)
      throw new UsageError(`no task-plugins block at ${yamlPath} in ${file.path}; found: ${blocks.map((block) => block.label).join(', ')}`);
    return found;
  }
  const rendered = blocks.filter((block) => block.kind !== 'flyte-core-unrendered');
  const inline = rendered.find((block) => block.kind === 'flyte-binary-inline' && block.enabled);
  if (inline && rendered.every((block) => block.kind === 'flyte-binary' || block.kind === 'flyte-binary-inline')) return inline;
  if (rendered.length === 1 && rendered[0]) return rendered[0];
  if (rendered.length === 0) {
    throw new ConfigError(
      `${file.path}: ${blocks[0]?.label} is never rendered by the flyte-core chart; ` +
        'edit configmap.enabled_plugins.tasks.task-plugins instead',
    );
  }
  const labels = rendered.map((block) => block.label).join(', ');
  throw new UsageError(`${file.path} has ${rendered.length} task-plugins blocks (${labels}); name one with --yaml-path`);
}

type Value = unknown;

/** Helm's merge of values files: maps merge deeply, anything else (lists included) is replaced; null deletes. */
export function mergeValues(base: Value, override: Value): Value {
  if (override === null) return undefined;
  if (typeof base === 'object' && base !== null && !Array.isArray(base) && typeof override === 'object' && !Array.isArray(override)) {
    const merged: Record<string, Value> = { ...(base as Record<string, Value>) };
    for (const [key, value] of Object.entries(override as Record<string, Value>)) {
      const next = mergeValues(merged[key], value);
      if (next === undefined) delete merged[key];
      else merged[key] = next;
    }
    return merged;
  }
  return override;
}

/**
 * Several values files layered as `helm -f a -f b` does, as one config (its nodes point into the merge;
 * `layerFiles` also says which file wrote each value). `mergeValues` is the same merge on plain values.
 */
export async function readLayered(paths: readonly string[]): Promise<ConfigFile> {
  return layerFiles(await Promise.all(paths.map(readConfigFile))).file;
}
