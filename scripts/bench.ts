// Speed and memory of a scan, against ast-grep merely locating the registration calls in the same folder.
//   npm run bench -- [--source DIR | --mirror GIT_DIR --tag TAG] [--runs N]
// Default: tag v1.1.33 of a flyteplugins clone at ../.mirror/flyteorg+flyteplugins/repo when there is one,
// else the test fixture tree (then the figures say little).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { discover } from '../src/discover.js';

/**
 * A baseline tool of the bench, installed on first use into .bench-tools/ (git-ignored) rather than as a
 * devDependency: every install of the project would otherwise pay for a 108 MB binary only the bench runs.
 */
function benchTool(spec: string, binary: string): string {
  const folder = join(root, '.bench-tools');
  const path = join(folder, 'node_modules', '.bin', binary);
  if (!existsSync(path)) {
    mkdirSync(folder, { recursive: true });
    const name = spec.slice(0, spec.lastIndexOf('@'));
    writeFileSync(join(folder, 'package.json'), `${JSON.stringify({ private: true, allowScripts: { [name]: true } })}\n`);
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', spec], { cwd: folder, stdio: 'inherit' });
  }
  return path;
}

const root = fileURLToPath(new URL('../../', import.meta.url));
const { values } = parseArgs({
  options: { source: { type: 'string' }, mirror: { type: 'string' }, tag: { type: 'string' }, runs: { type: 'string' } },
});
const runs = Number(values.runs ?? 15);
const defaultMirror = join(root, '..', '.mirror', 'flyteorg+flyteplugins', 'repo');

function exportTag(mirror: string, tag: string): string {
  const dir = join(tmpdir(), `fpc-bench-${tag.replace(/\W/g, '_')}`);
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true });
    execFileSync('sh', ['-c', `git -C "${mirror}" archive "${tag}" | tar -x -C "${dir}"`]);
  }
  return dir;
}

let folder: string;
let label: string;
if (values.source) {
  folder = values.source;
  label = folder;
} else {
  const mirror = values.mirror ?? (existsSync(defaultMirror) ? defaultMirror : undefined);
  const tag = values.tag ?? 'v1.1.33';
  if (mirror) {
    folder = exportTag(mirror, tag);
    label = `flyteplugins ${tag} (exported to ${folder})`;
  } else {
    folder = join(root, 'test', 'fixtures', 'scan', 'all-shapes');
    label = 'the all-shapes test fixture (no flyteplugins clone found: pass --mirror)';
  }
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function timeProcess(command: string, args: string[]): { ms: number; stdout: string } {
  const start = performance.now();
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr}`);
  return { ms, stdout: result.stdout };
}

const rule = join(tmpdir(), 'fpc-bench-rule.yml');
writeFileSync(
  rule,
  `id: plugin-registration
language: go
severity: info
message: plugin registration
rule:
  kind: call_expression
  has:
    field: function
    kind: selector_expression
    has:
      field: field
      regex: ^Register(K8s|Core|Remote)Plugin$
`,
);
const astGrep = benchTool('@ast-grep/cli@0.51.1', 'ast-grep');

console.log(`bench: ${label}, ${runs} runs each (medians)`);

const coldStart = performance.now();
const first = await discover({ source: folder });
const cold = performance.now() - coldStart;
const warm: number[] = [];
for (let i = 0; i < runs; i++) {
  const start = performance.now();
  await discover({ source: folder });
  warm.push(performance.now() - start);
}
const peakRssMb = process.resourceUsage().maxRSS / 1024;

const bin = join(root, 'bin', 'flyte-plugin-catalog.js');
const cli = Array.from({ length: runs }, () => timeProcess(process.execPath, [bin, 'discover', '--source', folder, '--json']).ms);
const nodeBare = Array.from({ length: runs }, () => timeProcess(process.execPath, ['-e', '0']).ms);
let matches = 0;
const sg = Array.from({ length: runs }, () => {
  const run = timeProcess(astGrep, ['scan', '-r', rule, folder, '--json=compact']);
  matches = (JSON.parse(run.stdout) as unknown[]).length;
  return run.ms;
});

const ours = median(warm);
const theirs = median(sg);
const unresolvedRegistrations = first.catalog.unresolved.filter((u) => u.field === 'id' || u.field === 'entry').length;
const registrationsFound = first.catalog.plugins.length + unresolvedRegistrations;
console.log(`registrations found: ours ${registrationsFound} (IDs resolved), ast-grep ${matches} (located only)`);
console.log(`files: ${first.stats?.goFiles} Go files, ${first.stats?.candidates} candidates, ${first.stats?.parsed} tree-sitter parses`);
console.log(`ours, in process:   cold ${cold.toFixed(1)} ms, warm ${ours.toFixed(1)} ms`);
console.log(`ours, CLI process:  ${median(cli).toFixed(1)} ms (node -e 0 alone: ${median(nodeBare).toFixed(1)} ms)`);
console.log(`ast-grep scan:      ${theirs.toFixed(1)} ms`);
console.log(`ratio ours/ast-grep (in process, warm): ${(ours / theirs).toFixed(2)}  target <= 0.5`);
console.log(`ratio ours/ast-grep (in process, cold): ${(cold / theirs).toFixed(2)}`);
console.log(`ratio ours/ast-grep (whole CLI process): ${(median(cli) / theirs).toFixed(2)}`);
console.log(`peak memory (RSS of the bench process after ${runs + 1} scans): ${peakRssMb.toFixed(0)} MB`);

// enable with a bundled catalog, against a bare node start-up, on a small and a large real config.
const shared = join(root, '..', 'shared', 'fixtures', 'configs');
const configs = [
  ['small (kustomize fragment)', 'flyte-v0.10.0__kustomize_overlays_sandbox_config_propeller_enabled_plugins.yaml'],
  ['large (flyte-core values, 46 KB)', 'flyte-v1.16.8__charts_flyte-core_values.yaml'],
].filter(([, file]) => existsSync(join(shared, file ?? '')));
if (configs.length === 0) console.log('enable: no ../shared/fixtures/configs here; skipped');
/** Interleaved runs, so that the machine's drift weighs on both sides alike: medians of each. */
function interleaved(args: string[]): { ours: number; bare: number } {
  const ours: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < runs; i++) {
    bare.push(timeProcess(process.execPath, ['-e', '0']).ms);
    ours.push(timeProcess(process.execPath, args).ms);
  }
  return { ours: median(ours), bare: median(bare) };
}

for (const [label, file] of configs) {
  const config = join(shared, file ?? '');
  const noChange = interleaved([bin, 'enable', 'container', '-c', config, '--tag', 'flyteplugins/v1.16.8']);
  const dryRun = interleaved([bin, 'enable', 'ray', '-c', config, '--tag', 'flyteplugins/v1.16.8', '--dry-run']);
  const noChangeRatio = (noChange.ours / noChange.bare).toFixed(2);
  const dryRunRatio = (dryRun.ours / dryRun.bare).toFixed(2);
  console.log(
    `enable, ${label}: no change ${noChange.ours.toFixed(0)} ms vs node -e 0 ${noChange.bare.toFixed(0)} ms = ${noChangeRatio}x; ` +
      `dry-run diff ${dryRun.ours.toFixed(0)} ms vs ${dryRun.bare.toFixed(0)} ms = ${dryRunRatio}x; target <= 1.5x`,
  );
}
