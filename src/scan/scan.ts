import { ScanError } from '../errors.js';
import type { Provenance, SourceTree } from '../source/types.js';
import { detectLayout, isUnder, type ModuleLayout } from './module-layout.js';
import { findRegistrations, REGISTRATION_METHODS, REGISTRATION_TEXT, type Registration } from './registrations.js';
import { GoWorkspace } from './workspace.js';
import { loadGoEngine } from './go-parser.js';
import { findLinkedPackages } from './linked.js';

export interface ScanOptions {
  /** The plugin module folder inside the source; found from go.mod files when absent. */
  path?: string;
  /** The tree-sitter binding: `native`, `wasm`, or `auto` (the default: native where it loads, else WASM). */
  engine?: string | undefined;
}

export interface ScanResult {
  provenance: Provenance;
  layout: ModuleLayout;
  registrations: Registration[];
  stats: { goFiles: number; candidates: number; parsed: number; engine: string };
  /** Plugin packages propeller at this commit imports; undefined when propeller is not in the source. */
  linkedPackages: Set<string> | undefined;
}

const SKIPPED_SEGMENTS = /(^|\/)(vendor|testdata)\//;

function describe(provenance: Provenance, root: string): string {
  const at = provenance.tag ? `@${provenance.tag}` : '';
  return `'${root || '.'}' of ${provenance.repo}${at}`;
}

function legacyApiError(provenance: Provenance, root: string): ScanError {
  return new ScanError(
    `${describe(provenance, root)} uses the pre-v0.2.0 plugin API (go/tasks/v1, K8sRegisterAsDefault/RegisterForTaskTypes), ` +
      'which is out of scope',
    { hint: 'such versions were configured through plugins.enabled-plugins with executor IDs; use v0.2.0 or later' },
  );
}

/** Find and resolve every plugin registration of one source tree. */
export async function scanSource(source: SourceTree, options: ScanOptions = {}): Promise<ScanResult> {
  const files = await source.listFiles();
  const legacy = files.some((file) => file.includes('go/tasks/v1/') && file.endsWith('.go'));
  const hasRegistry = files.some((file) => file.endsWith('pluginmachinery/registry.go'));
  if (legacy && !hasRegistry) throw legacyApiError(source.provenance, options.path ?? '');
  const layout = await detectLayout(source, options.path);
  const goFiles = files.filter((file) => file.endsWith('.go') && isUnder(file, layout.root) && !SKIPPED_SEGMENTS.test(file));
  const engine = await loadGoEngine(options.engine);
  const workspace = new GoWorkspace(source, layout, files, engine);
  await workspace.load(goFiles);

  // The pre-filter reads bytes: only files that name a registration method are decoded and parsed.
  const candidates: string[] = [];
  for (const path of goFiles) {
    const bytes = workspace.rawBytes(path);
    if (bytes && REGISTRATION_METHODS.some((method) => bytes.includes(method))) candidates.push(path);
  }

  const registrations: Registration[] = [];
  for (const path of candidates) {
    const file = await workspace.file(path);
    if (REGISTRATION_TEXT.test(file.text)) registrations.push(...(await findRegistrations(workspace, file)));
  }

  if (registrations.length === 0) {
    const where = describe(source.provenance, layout.root);
    if (legacy) throw legacyApiError(source.provenance, layout.root);
    throw new ScanError(
      'no plugin registrations (RegisterK8sPlugin, RegisterCorePlugin, RegisterRemotePlugin) ' +
        `found in ${goFiles.length} Go files under ${where}`,
      {
        hint: 'name the flyteplugins folder with --path if the module sits elsewhere',
      },
    );
  }
  const linkedPackages = await findLinkedPackages(source, files, new Set(registrations.map((registration) => registration.package)));
  return {
    provenance: source.provenance,
    layout,
    registrations,
    stats: { goFiles: goFiles.length, candidates: candidates.length, parsed: workspace.parseCount, engine: engine.description },
    linkedPackages,
  };
}
