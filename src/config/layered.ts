import { isMap, isNode, isPair, isSeq, stringify, type Document } from 'yaml';
import { ConfigError } from '../errors.js';
import { Lines } from '../util/lines.js';
import { Anchors } from './anchors.js';
import { parseWhole, type ConfigFile } from './locate.js';
import { fileLocator, locationAt, startOf, type Locator } from './positions.js';
import type { SourceLocation } from './report-schema.js';

/** What `check` reads for one config: one file, or several values files layered like `helm -f a -f b`. */
export interface ConfigInput {
  /** The names of the files read, as locations name them. */
  files: string[];
  file: ConfigFile;
  locate: Locator;
  /** The text of every file a location can name (for inline ignore comments). */
  texts: Map<string, string>;
}

type Path = (string | number)[];

/** The last file to write each value, by YAML path: map keys at the key, list items at the item. */
class Origins {
  private readonly byPath = new Map<string, SourceLocation>();

  set(path: Path, location: SourceLocation | undefined): void {
    if (location) this.byPath.set(JSON.stringify(path), location);
  }

  get(path: Path): SourceLocation | undefined {
    return this.byPath.get(JSON.stringify(path));
  }

  /** Forget a value and everything below it (a later file replaced or deleted it). */
  drop(path: Path): void {
    const key = JSON.stringify(path);
    const below = `${key.slice(0, -1)},`;
    for (const known of [...this.byPath.keys()]) if (known === key || known.startsWith(below)) this.byPath.delete(known);
  }
}

interface Layer {
  anchors: Anchors;
  lines: Lines;
  label: string;
  origins: Origins;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function at(layer: Layer, node: unknown): SourceLocation | undefined {
  const offset = startOf(node);
  return offset === undefined ? undefined : locationAt(layer.label, layer.lines, offset);
}

/** Every value under a node, written by this layer. */
function record(layer: Layer, node: unknown, path: Path): void {
  if (isMap(node)) {
    for (const entry of layer.anchors.entries(node)) {
      layer.origins.set([...path, entry.key], at(layer, entry.pair.key));
      record(layer, entry.value, [...path, entry.key]);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => {
      layer.origins.set([...path, index], at(layer, item));
      record(layer, layer.anchors.resolve(item).node, [...path, index]);
    });
  }
}

/** Helm's merge (`mergeValues` in read.ts) over YAML nodes, noting who wrote what; `undefined` deletes. */
function mergeNode(layer: Layer, base: unknown, node: unknown, path: Path): unknown {
  const resolved = layer.anchors.resolve(node).node;
  if (isMap(resolved) && isPlainObject(base)) {
    const merged: Record<string, unknown> = { ...base };
    for (const entry of layer.anchors.entries(resolved)) {
      const here = [...path, entry.key];
      const next = mergeNode(layer, merged[entry.key], entry.value, here);
      if (next === undefined) {
        delete merged[entry.key];
        layer.origins.drop(here);
      } else {
        merged[entry.key] = next;
        layer.origins.set(here, at(layer, entry.pair.key));
      }
    }
    return merged;
  }
  const value = isNode(resolved) ? resolved.toJS(layer.anchors.document) : resolved;
  if (value === null) return undefined;
  layer.origins.drop(path);
  record(layer, resolved, path);
  return value;
}

/** The YAML path of every node of a document without aliases (the merged values, re-parsed). */
function pathsOf(document: Document): Map<unknown, Path> {
  const paths = new Map<unknown, Path>();
  const walk = (node: unknown, path: Path): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isNode(pair.key) ? String((pair.key as { value?: unknown }).value) : String(pair.key);
        paths.set(pair.key, [...path, key]);
        paths.set(pair.value, [...path, key]);
        walk(pair.value, [...path, key]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        paths.set(item, [...path, index]);
        walk(item, [...path, index]);
      });
    }
  };
  walk(document.contents, []);
  return paths;
}

/**
 * Several values files layered as `helm -f a -f b` does, as one config whose locations name, for each value,
 * the last file that wrote it (a list replaced by a later file is that file's; a map key, the last to set it).
 */
export function layerFiles(files: readonly ConfigFile[]): ConfigInput {
  const texts = new Map(files.map((file) => [file.path, file.text]));
  if (files.length === 1 && files[0]) return { files: [files[0].path], file: files[0], locate: fileLocator(files[0]), texts };
  const origins = new Origins();
  let merged: unknown = {};
  for (const file of files) {
    const document = file.documents[0];
    if (file.documents.length !== 1 || !document || !isMap(document.contents)) {
      throw new ConfigError(`${file.path} is not a single-document values file: only Helm values files can be layered`);
    }
    const layer: Layer = { anchors: new Anchors(document, file.text), lines: new Lines(file.text), label: file.path, origins };
    merged = mergeNode(layer, merged, document.contents, []) ?? {};
  }
  // Parsed whole: the locator finds each block node's YAML path among the document's nodes.
  const file = parseWhole(files.map((one) => one.path).join(' + '), stringify(merged));
  const paths = file.documents[0] ? pathsOf(file.documents[0]) : new Map<unknown, Path>();
  const locate: Locator = (_block, node) => {
    const path = paths.get(isPair(node) ? node.key : node);
    return path ? origins.get(path) : undefined;
  };
  return { files: files.map((one) => one.path), file, locate, texts };
}
