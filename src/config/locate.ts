import { isMap, isScalar, isSeq, parseAllDocuments, parseDocument, visit, type Document, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { ConfigError } from '../errors.js';

/** Where a task-plugins block sits, which decides whether propeller ever reads it. */
export type LocationKind =
  | 'propeller-config' // tasks.task-plugins: a propeller config file, kustomize fragment or inline config
  | 'flyte-core' // configmap.enabled_plugins.tasks.task-plugins (flyte-core and the first helm chart)
  | 'flyte-core-unrendered' // configmap.tasks.task-plugins: the chart never renders it
  | 'flyte-binary' // enabled_plugins.tasks.task-plugins (rendered as 001-plugins.yaml)
  | 'flyte-binary-inline' // configuration.inline.tasks.task-plugins (100-inline-config.yaml, overrides the former)
  | 'unknown';

/** A string scalar (a ConfigMap data value) that holds a propeller config. */
export interface Embedded {
  scalar: Scalar;
  /** The text of the whole file. */
  outerText: string;
  /** The YAML path of the scalar in the file, e.g. `ConfigMap/flyte-propeller-config.data.config.yaml`. */
  label: string;
}

export interface PluginsBlock {
  kind: LocationKind;
  /** The keys from the document root to the task-plugins map (inside the embedded string when embedded). */
  path: string[];
  /** For messages: `configmap.enabled_plugins.tasks.task-plugins`, with ` ⟶ ` into an embedded string. */
  label: string;
  documentIndex: number;
  /** The text the nodes' ranges point into: the file, or the decoded embedded string. */
  text: string;
  embedded: Embedded | undefined;
  pair: Pair;
  map: YAMLMap | undefined;
  enabled: { pair: Pair; seq: YAMLSeq | undefined; names: string[] } | undefined;
  defaults: { pair: Pair; form: 'map' | 'list'; entries: DefaultEntry[] } | undefined;
}

export interface DefaultEntry {
  taskType: string;
  plugin: string;
  /** The pair in a map, or the single-key map item of a list. */
  node: Pair | YAMLMap;
}

/** What a file holds, as far as plugin enablement goes. */
export interface ConfigFile {
  path: string;
  text: string;
  documents: Document[];
  blocks: PluginsBlock[];
  /** `plugins.enabled-plugins` of the pre-v0.2 schema (out of scope), where found. */
  legacy: string[];
}

function keyOf(pair: Pair): string | undefined {
  const key = pair.key;
  if (isScalar(key)) return String(key.value);
  return typeof key === 'string' ? key : undefined;
}

export function findPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((pair) => keyOf(pair) === key);
}

function classify(path: readonly string[]): LocationKind {
  const tail = (n: number): string => path.slice(-n).join('.');
  if (tail(4) === 'configmap.enabled_plugins.tasks.task-plugins') return 'flyte-core';
  if (tail(3) === 'configmap.tasks.task-plugins') return 'flyte-core-unrendered';
  if (tail(4) === 'configuration.inline.tasks.task-plugins') return 'flyte-binary-inline';
  if (tail(3) === 'enabled_plugins.tasks.task-plugins') return 'flyte-binary';
  if (path.length === 2) return 'propeller-config';
  return 'unknown';
}

function scalarText(node: unknown): string | undefined {
  if (isScalar(node) && node.value !== null && node.value !== undefined) return String(node.value);
  return undefined;
}

function readBlock(pair: Pair, path: string[], documentIndex: number, text: string, embedded: Embedded | undefined, labelPrefix: string): PluginsBlock {
  const map = isMap(pair.value) ? pair.value : undefined;
  const block: PluginsBlock = {
    kind: classify(path),
    path,
    label: labelPrefix + path.join('.'),
    documentIndex,
    text,
    embedded,
    pair,
    map,
    enabled: undefined,
    defaults: undefined,
  };
  const enabledPair = map && findPair(map, 'enabled-plugins');
  if (enabledPair) {
    const seq = isSeq(enabledPair.value) ? enabledPair.value : undefined;
    const names = (seq?.items ?? []).map(scalarText).filter((name): name is string => name !== undefined);
    block.enabled = { pair: enabledPair, seq, names };
  }
  const defaultsPair = map && findPair(map, 'default-for-task-types');
  if (defaultsPair) {
    const entries: DefaultEntry[] = [];
    let form: 'map' | 'list' = 'map';
    if (isMap(defaultsPair.value)) {
      for (const entry of defaultsPair.value.items) {
        const taskType = keyOf(entry);
        const plugin = scalarText(entry.value);
        if (taskType !== undefined && plugin !== undefined) entries.push({ taskType, plugin, node: entry });
      }
    } else if (isSeq(defaultsPair.value)) {
      form = 'list';
      for (const item of defaultsPair.value.items) {
        if (!isMap(item)) continue;
        for (const entry of item.items) {
          const taskType = keyOf(entry);
          const plugin = scalarText(entry.value);
          if (taskType !== undefined && plugin !== undefined) entries.push({ taskType, plugin, node: item });
        }
      }
    }
    block.defaults = { pair: defaultsPair, form, entries };
  }
  return block;
}

/** Every `tasks: {task-plugins: …}` below a node, at any depth (umbrella charts nest the subchart's values). */
function search(node: Node | null | undefined, path: string[], visit: (pair: Pair, path: string[]) => void, legacy: (path: string[]) => void): void {
  if (!isMap(node)) return;
  for (const pair of node.items) {
    const key = keyOf(pair);
    if (key === undefined) continue;
    const here = [...path, key];
    if (key === 'task-plugins' && path.at(-1) === 'tasks') visit(pair, here);
    else if (key === 'enabled-plugins' && path.length === 1 && path[0] === 'plugins') legacy(here);
    else search(pair.value as Node, here, visit, legacy);
  }
}

function configMapName(document: Document): string | undefined {
  if (document.get('kind') !== 'ConfigMap') return undefined;
  const metadata = document.get('metadata');
  return isMap(metadata) ? String(metadata.get('name') ?? '') : '';
}

function fail(path: string, error: { message: string; linePos?: { line: number }[] }): never {
  const line = error.linePos?.[0]?.line;
  throw new ConfigError(`${path} is not valid YAML${line ? ` (line ${line})` : ''}: ${error.message.split('\n')[0]}`);
}

/**
 * yaml's own duplicate-key check compares every key with every other (60 ms on a 46 KB values file); this
 * one is a set per map, linear, with the same verdict: a key twice in one map is an error.
 */
function duplicateKey(document: Document): { key: string; offset: number } | undefined {
  let found: { key: string; offset: number } | undefined;
  visit(document, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key === undefined) continue;
        if (seen.has(key)) {
          found = { key, offset: (pair.key as Scalar).range?.[0] ?? 0 };
          return visit.BREAK;
        }
        seen.add(key);
      }
      return undefined;
    },
  });
  return found;
}

export function parseConfigText(path: string, text: string): ConfigFile {
  const documents = parseAllDocuments(text, { uniqueKeys: false }) as Document[] | { errors: unknown[] };
  if (!Array.isArray(documents)) throw new ConfigError(`${path} is not valid YAML`);
  const file: ConfigFile = { path, text, documents, blocks: [], legacy: [] };
  documents.forEach((document, documentIndex) => {
    const error = document.errors[0];
    if (error) fail(path, error);
    const duplicate = duplicateKey(document);
    if (duplicate) {
      const line = text.slice(0, duplicate.offset).split('\n').length;
      throw new ConfigError(`${path} is not valid YAML (line ${line}): the key '${duplicate.key}' appears twice in one map`);
    }
    const prefix = documents.length > 1 ? `[document ${documentIndex + 1}] ` : '';
    search(
      document.contents,
      [],
      (pair, keys) => file.blocks.push(readBlock(pair, keys, documentIndex, text, undefined, prefix)),
      (keys) => file.legacy.push(prefix + keys.join('.')),
    );
    const name = configMapName(document);
    const data = name !== undefined ? document.get('data', true) : undefined;
    if (!isMap(data)) return;
    for (const entry of data.items) {
      const value = entry.value;
      if (!isScalar(value) || typeof value.value !== 'string') continue;
      const inner = parseDocument(value.value);
      if (inner.errors.length > 0) continue;
      const label = `ConfigMap/${name}.data.${keyOf(entry)}`;
      const embedded: Embedded = { scalar: value, outerText: text, label };
      search(
        inner.contents as Node,
        [],
        (pair, keys) => file.blocks.push(readBlock(pair, keys, documentIndex, value.value as string, embedded, `${prefix}${label} ⟶ `)),
        (keys) => file.legacy.push(`${prefix}${label} ⟶ ${keys.join('.')}`),
      );
    }
  });
  return file;
}
