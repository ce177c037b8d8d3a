import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isMap, isScalar, parseDocument, type YAMLMap } from 'yaml';
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

/** The map at a path of keys in a values file (what `ConfigFile.mapAt` answers). */
type MapLookup = (keys: readonly string[]) => YAMLMap | undefined;

function scalarIn(map: YAMLMap | undefined, key: string): { value: string; offset: number } | undefined {
  const node = map?.get(key, true);
  return isScalar(node) && node.value !== null && node.range ? { value: String(node.value), offset: node.range[0] } : undefined;
}

/** The maps of a values file: as the reader found them when given, else parsed here; none for a stream of several. */
function valuesLookup(text: string, mapAt: MapLookup | undefined): MapLookup | undefined {
  if (mapAt) return mapAt;
  const document = parseDocument(text, { uniqueKeys: false, prettyErrors: false });
  if (document.errors.length > 0) return undefined;
  return (keys) => {
    let node: unknown = document.contents;
    for (const key of keys) node = isMap(node) ? node.get(key, true) : undefined;
    return isMap(node) ? node : undefined;
  };
}

function fromValues(text: string, file: string, out: ConfigVersion, mapAt?: MapLookup): void {
  const lookup = valuesLookup(text, mapAt);
  if (!lookup) return;
  let lines: Lines | undefined;
  const lineOf = (offset: number): number => {
    lines ??= new Lines(text);
    return lines.lineOf(offset) + 1;
  };
  for (const path of VALUE_PATHS) {
    const values = lookup(path);
    const tag = scalarIn(values, 'tag');
    if (!tag) continue;
    const repository = scalarIn(values, 'repository')?.value ?? path[path.length - 2] ?? '';
    const image = /(flytepropeller(?:-release)?|flyte-binary(?:-release|-v2)?)$/.exec(repository)?.[1];
    if (!image) continue;
    add(out, { image, tag: tag.value, file, line: lineOf(tag.offset) });
  }
  // flyte-binary's components: v1 has admin and propeller, Flyte 2's manager has runs and actions.
  const components = lookup(['flyte-core-components']);
  if (components && !components.has('propeller') && (components.has('runs') || components.has('actions'))) {
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
export function readConfigVersion(files: readonly { path: string; text: string; mapAt?: MapLookup }[]): ConfigVersion {
  const out: ConfigVersion = { hints: [], unversioned: [], generation: 1, flyte2Because: undefined };
  for (const { path, text, mapAt } of files) {
    const chartHintsBefore = out.hints.length;
    text.split('\n').forEach((line, i) => {
      const match = IMAGE.exec(line);
      if (match?.[1] && match[2] && /\bimage:/.test(line)) add(out, { image: match[1], tag: match[2], file: path, line: i + 1 });
    });
    fromValues(text, path, out, mapAt);
    if (out.hints.length === chartHintsBefore && /values[^/]*\.ya?ml$/.test(basename(path))) fromChart(path, out);
  }
  out.generation = out.flyte2Because ? 2 : 1;
  return out;
}
