import {
  isMap,
  isNode,
  isScalar,
  isSeq,
  parseAllDocuments,
  parseDocument,
  type Document,
  type Node,
  type Pair,
  type Scalar,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import { ConfigError } from '../errors.js';
import { Lines } from '../util/lines.js';
import { Anchors, type Entry, type Shared } from './anchors.js';
import { duplicateKey, PARSE_OPTIONS, parseRegion } from './parse.js';
import { scanPlain } from './plain-scan.js';

/** Where a task-plugins block sits, which decides whether propeller ever reads it. */
type LocationKind =
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
  documentIndex: number;
  /** The data key the scalar is the value of. */
  key: string;
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
  /** Set when the task-plugins map (or a map above it, or the embedding string) is shared: no edit may touch it. */
  shared: Shared | undefined;
  /** `seq` and `names` are resolved (aliases followed); `shared` says the list itself cannot be edited. */
  enabled: { pair: Pair; seq: YAMLSeq | undefined; names: string[]; items: EnabledItem[]; shared: Shared | undefined } | undefined;
  defaults: { pair: Pair; form: 'map' | 'list'; entries: DefaultEntry[]; shared: Shared | undefined } | undefined;
}

interface EnabledItem {
  name: string;
  /** The item as written: a scalar, or an alias of one. */
  node: Node;
  /** The alias's anchor when the item is `*name`: removing it leaves the anchor alone. */
  alias: string | undefined;
  /** Set when removing the item would break an alias elsewhere (the item defines an anchor in use). */
  shared: Shared | undefined;
}

export interface DefaultEntry {
  taskType: string;
  plugin: string;
  /** The pair in a map, or the single-key map item of a list. */
  node: Pair | YAMLMap;
  /** The entry's own `taskType: plugin` pair. */
  pair: Pair;
  /** Set when the entry is merged in, an alias, or holds an anchor in use elsewhere. */
  shared: Shared | undefined;
}

/** What a file holds, as far as plugin enablement goes. */
export interface ConfigFile {
  path: string;
  text: string;
  /** Every document, parsed; for a plain file, only when first asked for. */
  documents: Document[];
  /** Read as plain YAML (plain-scan.ts): only the blocks' lines were parsed, and each block can be re-read alone. */
  plain: boolean;
  /**
   * The map at a path of keys from the root, through maps, in a file of one document (undefined in a stream of
   * several); a plain file parses only that map's lines.
   */
  mapAt(keys: readonly string[]): YAMLMap | undefined;
  blocks: PluginsBlock[];
  /** `plugins.enabled-plugins` of the pre-v0.2 schema (out of scope), where found. */
  legacy: string[];
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

interface Found {
  entry: Entry;
  path: string[];
  shared: Shared | undefined;
}

function readEnabled(anchors: Anchors, entry: Entry): PluginsBlock['enabled'] {
  const seq = isSeq(entry.value) ? entry.value : undefined;
  const items: EnabledItem[] = [];
  for (const node of seq?.items ?? []) {
    const resolved = anchors.resolve(node);
    const name = scalarText(resolved.node);
    if (name === undefined || !isNode(node)) continue;
    items.push({ name, node, alias: resolved.shared?.anchor, shared: resolved.shared ? undefined : anchors.within(node) });
  }
  return { pair: entry.pair, seq, names: items.map((item) => item.name), items, shared: entry.shared ?? anchors.sharedAt(entry.value) };
}

function readDefaults(anchors: Anchors, entry: Entry): PluginsBlock['defaults'] {
  const entries: DefaultEntry[] = [];
  let form: 'map' | 'list' = 'map';
  const add = (inner: Entry, node: Pair | YAMLMap, shared: Shared | undefined): void => {
    const plugin = scalarText(inner.value);
    if (plugin !== undefined)
      entries.push({
        taskType: inner.key,
        plugin,
        node,
        pair: inner.pair,
        shared: shared ?? inner.shared ?? anchors.within(inner.pair.value),
      });
  };
  if (isMap(entry.value)) {
    for (const inner of anchors.entries(entry.value)) add(inner, inner.pair, undefined);
  } else if (isSeq(entry.value)) {
    form = 'list';
    for (const item of entry.value.items) {
      const resolved = anchors.resolve(item);
      if (!isMap(resolved.node)) continue;
      const map = resolved.node;
      for (const inner of anchors.entries(map)) add(inner, map, resolved.shared ?? anchors.sharedAt(map));
    }
  }
  return { pair: entry.pair, form, entries, shared: entry.shared ?? anchors.sharedAt(entry.value) };
}

export function readBlock(
  anchors: Anchors,
  found: Found,
  documentIndex: number,
  text: string,
  embedded: Embedded | undefined,
  labelPrefix: string,
): PluginsBlock {
  const map = isMap(found.entry.value) ? found.entry.value : undefined;
  const entries = map ? anchors.entries(map) : [];
  const enabled = entries.find((entry) => entry.key === 'enabled-plugins');
  const defaults = entries.find((entry) => entry.key === 'default-for-task-types');
  return {
    kind: classify(found.path),
    path: found.path,
    label: labelPrefix + found.path.join('.'),
    documentIndex,
    text,
    embedded,
    pair: found.entry.pair,
    map,
    shared: found.shared,
    enabled: enabled && readEnabled(anchors, enabled),
    defaults: defaults && readDefaults(anchors, defaults),
  };
}

/**
 * Every `tasks: {task-plugins: …}` below a node, at any depth (umbrella charts nest the subchart's values),
 * through aliases and merge keys; `shared` is the first sharing met on the way down.
 */
function search(
  anchors: Anchors,
  node: unknown,
  path: string[],
  shared: Shared | undefined,
  found: (block: Found) => void,
  legacy: (path: string[]) => void,
  seen: ReadonlySet<unknown> = new Set(),
): void {
  if (!isMap(node) || seen.has(node)) return;
  const inner = new Set([...seen, node]);
  for (const entry of anchors.entries(node)) {
    const here = [...path, entry.key];
    const via = shared ?? entry.shared ?? anchors.sharedAt(entry.value);
    if (entry.key === 'task-plugins' && path.at(-1) === 'tasks') found({ entry, path: here, shared: via });
    else if (entry.key === 'enabled-plugins' && path.length === 1 && path[0] === 'plugins') legacy(here);
    else search(anchors, entry.value, here, via, found, legacy, inner);
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

/** The propeller configs held as strings in a ConfigMap's `data`. */
function searchEmbedded(file: ConfigFile, document: Document, documentIndex: number, anchors: Anchors, prefix: string): void {
  const name = configMapName(document);
  const data = name !== undefined ? anchors.resolve(document.get('data', true)).node : undefined;
  if (!isMap(data)) return;
  for (const entry of anchors.entries(data)) {
    const value = entry.value;
    if (!isScalar(value) || typeof value.value !== 'string') continue;
    const decoded = value.value;
    const inner = parseDocument(decoded, PARSE_OPTIONS);
    if (inner.errors.length > 0) continue;
    const label = `ConfigMap/${name}.data.${entry.key}`;
    const shared = entry.shared ?? anchors.sharedAt(value);
    const embedded: Embedded = { scalar: value, outerText: file.text, label, documentIndex, key: entry.key };
    const innerAnchors = new Anchors(inner, decoded);
    const before = file.blocks.length;
    search(
      innerAnchors,
      inner.contents,
      [],
      shared,
      (found) => file.blocks.push(readBlock(innerAnchors, found, documentIndex, decoded, embedded, `${prefix}${label} ⟶ `)),
      (keys) => file.legacy.push(`${prefix}${label} ⟶ ${keys.join('.')}`),
    );
    if (file.blocks.length > before) refuseInvalidEmbedded(file.path, label, inner, innerAnchors, decoded);
  }
}

/** A propeller config in a ConfigMap string is held to the rules of a file: propeller's YAML reader rejects these too. */
function refuseInvalidEmbedded(path: string, label: string, inner: Document, anchors: Anchors, text: string): void {
  const duplicate = duplicateKey(inner);
  const offset = duplicate?.offset ?? anchors.unresolved;
  if (offset === undefined) return;
  const line = new Lines(text).lineOf(offset) + 1;
  const why = duplicate ? `the key '${duplicate.key}' appears twice in one map` : 'an alias has no anchor before it';
  throw new ConfigError(`${path}: the config in ${label} is not valid YAML (line ${line} of that text): ${why}`);
}

/**
 * A plain file (plain-scan.ts) read without parsing all of it: the scan vouches that it parses without errors,
 * duplicate keys or aliases, and finds the blocks `search` would; yaml parses only their lines.
 */
function readPlain(path: string, text: string): ConfigFile | undefined {
  const scan = scanPlain(text);
  if (!scan) return undefined;
  const blocks: PluginsBlock[] = [];
  for (const region of scan.blocks) {
    const document = parseRegion(text, region.from, region.to);
    const map = document?.contents;
    if (!document || !isMap(map) || map.items.length !== 1) return undefined;
    const anchors = new Anchors(document, text);
    const entry = anchors.entries(map)[0];
    if (entry?.key !== 'task-plugins') return undefined;
    blocks.push(readBlock(anchors, { entry, path: region.path, shared: undefined }, 0, text, undefined, ''));
  }
  let documents: Document[] | undefined;
  const parseAll = (): Document[] => {
    documents ??= parseAllDocuments(text, PARSE_OPTIONS) as Document[];
    return documents;
  };
  return {
    path,
    text,
    plain: true,
    get documents(): Document[] {
      return parseAll();
    },
    mapAt: (keys) => {
      if (keys.length === 0) return mapBelow(parseAll()[0]?.contents, keys);
      const wanted = keys.join('\n');
      const region = scan.maps.find((map) => map.path.join('\n') === wanted);
      return region && mapBelow(parseRegion(text, region.from, region.to)?.contents, keys.slice(-1));
    },
    blocks,
    legacy: scan.legacy.map((keys) => keys.join('.')),
  };
}

/** The map at `keys` below a node, through maps (`get` does not follow merge keys, as helm's values do not). */
function mapBelow(node: unknown, keys: readonly string[]): YAMLMap | undefined {
  let at = node;
  for (const key of keys) at = isMap(at) ? at.get(key, true) : undefined;
  return isMap(at) ? at : undefined;
}

/** The task-plugins blocks of a config's text (and any pre-v0.2 list); what is not valid YAML fails with its line. */
export function parseConfigText(path: string, text: string): ConfigFile {
  return readPlain(path, text) ?? parseWhole(path, text);
}

/** Every document of the text parsed: what `parseConfigText` does with a file that is not plain. */
export function parseWhole(path: string, text: string): ConfigFile {
  const documents = parseAllDocuments(text, PARSE_OPTIONS) as Document[] | { errors: unknown[] };
  if (!Array.isArray(documents)) throw new ConfigError(`${path} is not valid YAML`);
  const mapAt = (keys: readonly string[]) => (documents.length === 1 ? mapBelow(documents[0]?.contents, keys) : undefined);
  const file: ConfigFile = { path, text, documents, plain: false, mapAt, blocks: [], legacy: [] };
  documents.forEach((document, documentIndex) => {
    const error = document.errors[0];
    if (error) fail(path, error);
    const duplicate = duplicateKey(document);
    if (duplicate) {
      const line = new Lines(text).lineOf(duplicate.offset) + 1;
      throw new ConfigError(`${path} is not valid YAML (line ${line}): the key '${duplicate.key}' appears twice in one map`);
    }
    const prefix = documents.length > 1 ? `[document ${documentIndex + 1}] ` : '';
    const anchors = new Anchors(document, text);
    if (anchors.unresolved !== undefined) {
      const line = new Lines(text).lineOf(anchors.unresolved) + 1;
      throw new ConfigError(`${path} is not valid YAML (line ${line}): an alias has no anchor before it`);
    }
    search(
      anchors,
      document.contents,
      [],
      undefined,
      (found) => file.blocks.push(readBlock(anchors, found, documentIndex, text, undefined, prefix)),
      (keys) => file.legacy.push(prefix + keys.join('.')),
    );
    searchEmbedded(file, document, documentIndex, anchors, prefix);
  });
  return file;
}
