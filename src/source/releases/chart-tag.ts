import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import type { GitReader } from './git-reader.js';

/** The propeller image tag a release's deployment files name, and where. */
export interface ImageTag {
  tag: string;
  file: string;
  line: number;
}

const IMAGE_LINE = /image:\s*["']?([^\s"']*?flytepropeller):([^\s"'@]+)/;

/** A scalar at a key path of a YAML text, with its line; undefined when absent or the text is no YAML. */
function yamlValueAt(text: string, path: readonly string[]): { value: string; line: number } | undefined {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: false });
  if (document.errors.length > 0) return undefined;
  let node: unknown = document.contents;
  for (const key of path) {
    if (!isMap(node)) return undefined;
    node = node.get(key, true);
  }
  if (!isScalar(node) || node.value === null || node.value === '' || !node.range) return undefined;
  return { value: String(node.value), line: lineCounter.linePos(node.range[0]).line };
}

function fromValues(text: string, file: string, paths: readonly (readonly string[])[]): ImageTag | undefined {
  for (const path of paths) {
    const found = yamlValueAt(text, path);
    if (found) return { tag: found.value, file, line: found.line };
  }
  return undefined;
}

function fromImageLine(text: string, file: string): ImageTag | undefined {
  const lines = text.split('\n');
  const index = lines.findIndex((line) => IMAGE_LINE.test(line));
  const tag = index === -1 ? undefined : IMAGE_LINE.exec(lines[index] ?? '')?.[2];
  return tag ? { tag, file, line: index + 1 } : undefined;
}

/** The `newTag` of the `flytepropeller` image of a kustomize overlay. */
function fromKustomize(text: string, file: string): ImageTag | undefined {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*-\s*name:\s*flytepropeller\b/.test(lines[i] ?? '')) continue;
    for (let j = i + 1; j < Math.min(i + 5, lines.length); j++) {
      const tag = /^\s*newTag:\s*([^\s#]+)/.exec(lines[j] ?? '')?.[1];
      if (tag) return { tag, file, line: j + 1 };
      if (/^\s*-\s*name:/.test(lines[j] ?? '')) break;
    }
  }
  return undefined;
}

const IMAGE_TAG = ['flytepropeller', 'image', 'tag'];

/**
 * The propeller image the flyte-core chart of a release deploys (what the release workflow re-tags as
 * `flytepropeller-release:<release>`), first hit wins: the flyte-core chart, the umbrella `flyte` chart, the
 * older `helm/` chart, the generated sandbox manifest, the sandbox kustomize overlay. Never the kustomize
 * base (stale from v0.8.0 on), and never ahead of a chart.
 */
export function propellerImageTag(flyte: GitReader, commit: string): ImageTag | undefined {
  const read = (file: string): string | undefined => flyte.show(commit, file);
  const candidates: [string, (text: string, file: string) => ImageTag | undefined][] = [
    ['charts/flyte-core/values.yaml', (text, file) => fromValues(text, file, [IMAGE_TAG])],
    ['charts/flyte/values.yaml', (text, file) => fromValues(text, file, [['flyte', ...IMAGE_TAG], IMAGE_TAG])],
    ['helm/values.yaml', (text, file) => fromValues(text, file, [IMAGE_TAG])],
    ['deployment/sandbox/flyte_generated.yaml', fromImageLine],
    ['kustomize/overlays/sandbox/kustomization.yaml', fromKustomize],
    ['kustomize/base/propeller/deployment.yaml', fromImageLine],
  ];
  for (const [file, readTag] of candidates) {
    const text = read(file);
    const found = text === undefined ? undefined : readTag(text, file);
    if (found) return found;
  }
  return undefined;
}
