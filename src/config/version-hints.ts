import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isMap, isScalar, parseDocument, type Document } from 'yaml';
import { Lines } from '../util/lines.js';

/** An image tag or chart version a config file names, and where: what it means is for the bundled index to say. */
export interface VersionHint {
  /** `flytepropeller`, `flytepropeller-release`, `flyte-binary`, `flyte-binary-release`, `flyte-binary-v2`, or `appVersion`. */
  image: string;
  tag: string;
  file: string;
  line: number;
}

/** What a config says about its own version: the hints it names (last file first), and whether it is shaped like Flyte 2. */
export interface ConfigVersion {
  hints: VersionHint[];
  /** Tags that name no version (`latest`, `sandbox`), as `file:line tag`. */
  unversioned: string[];
  generation: 1 | 2;
  /** Why the file is taken for Flyte 2, when it is. */
  flyte2Because: string | undefined;
}

const IMAGE = /(?:^|[\s"'/])(flytepropeller(?:-release)?|flyte-binary(?:-release|-v2)?):([A-Za-z0-9_][A-Za-z0-9_.-]*)/;
const VERSION = /^v?\d+\.\d+\.\d+/;
/** Helm values: the image of flyte-core (and the umbrella chart), and of flyte-binary. */
const VALUE_PATHS: readonly (readonly string[])[] = [
  ['flytepropeller', 'image'],
  ['flyte', 'flytepropeller', 'image'],
  ['deployment', 'image'],
];

function scalarAt(root: unknown, path: readonly string[]): { value: string; offset: number } | undefined {
  let node: unknown = root;
  for (const key of path) {
    if (!isMap(node)) return undefined;
    node = node.get(key, true);
  }
  return isScalar(node) && node.value !== null && node.range ? { value: String(node.value), offset: node.range[0] } : undefined;
}

/** The document of a values file: the one parsed when the config was read, else parsed here; none for a stream of several. */
function valuesDocument(text: string, parsed: (() => readonly Document[]) | undefined): Document | undefined {
  const documents = parsed?.();
  if (documents) return documents.length === 1 && documents[0]?.errors.length === 0 ? documents[0] : undefined;
  const document = parseDocument(text, { uniqueKeys: false, prettyErrors: false });
  return document.errors.length === 0 ? document : undefined;
}

function fromValues(text: string, file: string, out: ConfigVersion, documents?: () => readonly Document[]): void {
  const document = valuesDocument(text, documents);
  if (!document) return;
  let lines: Lines | undefined;
  const lineOf = (offset: number): number => {
    lines ??= new Lines(text);
    return lines.lineOf(offset) + 1;
  };
  for (const path of VALUE_PATHS) {
    const tag = scalarAt(document.contents, [...path, 'tag']);
    if (!tag) continue;
    const repository = scalarAt(document.contents, [...path, 'repository'])?.value ?? path[path.length - 2] ?? '';
    const image = /(flytepropeller(?:-release)?|flyte-binary(?:-release|-v2)?)$/.exec(repository)?.[1];
    if (!image) continue;
    add(out, { image, tag: tag.value, file, line: lineOf(tag.offset) });
  }
  // flyte-binary's components: v1 has admin and propeller, Flyte 2's manager has runs and actions.
  const components = isMap(document.contents) ? document.contents.get('flyte-core-components', true) : undefined;
  if (isMap(components) && !components.has('propeller') && (components.has('runs') || components.has('actions'))) {
    out.flyte2Because ??= `${file} configures flyte-core-components.runs (Flyte 2's manager)`;
  }
}

function add(out: ConfigVersion, hint: VersionHint): void {
  if (hint.image === 'flyte-binary-v2') out.flyte2Because ??= `${hint.file}:${hint.line} names the flyte-binary-v2 image`;
  if (!VERSION.test(hint.tag)) {
    out.unversioned.push(`${hint.file}:${hint.line} ${hint.tag}`);
    return;
  }
  if (/^v?2\./.test(hint.tag)) out.flyte2Because ??= `${hint.file}:${hint.line} names version ${hint.tag}`;
  if (!out.hints.some((known) => known.file === hint.file && known.line === hint.line)) out.hints.unshift(hint);
}

/** A `Chart.yaml` beside a values file: its `appVersion` is the Flyte release of the chart. */
function fromChart(valuesFile: string, out: ConfigVersion): void {
  const chart = join(dirname(valuesFile), 'Chart.yaml');
  let text: string;
  try {
    text = readFileSync(chart, 'utf8');
  } catch {
    return;
  }
  const lines = text.split('\n');
  const index = lines.findIndex((line) => /^appVersion:/.test(line));
  const tag = /^appVersion:\s*["']?([^\s"'#]+)/.exec(lines[index] ?? '')?.[1];
  if (tag) add(out, { image: 'appVersion', tag, file: chart, line: index + 1 });
}

/**
 * What the config files themselves say about the Flyte they run: propeller or flyte-binary image tags in
 * rendered manifests (line by line), the image tag values of flyte-core, umbrella and flyte-binary charts,
 * and the `appVersion` of a `Chart.yaml` beside a values file. Later files (Helm layers) come first.
 */
export function readConfigVersion(files: readonly { path: string; text: string; documents?: () => readonly Document[] }[]): ConfigVersion {
  const out: ConfigVersion = { hints: [], unversioned: [], generation: 1, flyte2Because: undefined };
  for (const { path, text, documents } of files) {
    const chartHintsBefore = out.hints.length;
    text.split('\n').forEach((line, i) => {
      const match = IMAGE.exec(line);
      if (match?.[1] && match[2] && /\bimage:/.test(line)) add(out, { image: match[1], tag: match[2], file: path, line: i + 1 });
    });
    fromValues(text, path, out, documents);
    if (out.hints.length === chartHintsBefore && /values[^/]*\.ya?ml$/.test(basename(path))) fromChart(path, out);
  }
  out.generation = out.flyte2Because ? 2 : 1;
  return out;
}
