// What users feel: whole processes, medians of interleaved rounds, each against its baseline (a bare
// `node -e 0`, ast-grep locating the calls, `git grep`, `curl | tar -xz` of the same archive from the same
// local server); then the in-process scan figures of both engines.
//   npm run bench -- [--runs N] [--mirror GIT_DIR --tag TAG] [--mono GIT_DIR --mono-tag TAG]
// Defaults: tag v1.1.33 of ../.mirror/flyteorg+flyteplugins/repo; flyteplugins/v1.16.8 of ../.mirror/flyteorg+flyte/repo
// (served as acme/flyte, a repository no catalog is bundled for); configs from ../shared/fixtures/configs.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { discover } from '../src/discover.js';
import type { EngineName } from '../src/scan/go-parser.js';
import {
  archiveServer,
  AST_GREP_RULE,
  benchTool,
  freshDirs,
  githubArchive,
  interleaved,
  median,
  peakRssMb,
  timeProcess,
  type Row,
} from './bench-tools.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const { values } = parseArgs({
  options: {
    runs: { type: 'string' },
    mirror: { type: 'string' },
    tag: { type: 'string' },
    mono: { type: 'string' },
    'mono-tag': { type: 'string' },
  },
});
const runs = Math.max(7, Number(values.runs ?? 9));
const mirror = values.mirror ?? join(root, '..', '.mirror', 'flyteorg+flyteplugins', 'repo');
const tag = values.tag ?? 'v1.1.33';
const mono = values.mono ?? join(root, '..', '.mirror', 'flyteorg+flyte', 'repo');
const monoTag = values['mono-tag'] ?? 'flyteplugins/v1.16.8';
for (const dir of [mirror, mono]) if (!existsSync(dir)) throw new Error(`no git repository at ${dir} (pass --mirror / --mono)`);

const bin = join(root, 'bin', 'flyte-plugin-catalog.js');
const node = process.execPath;
const dirs = freshDirs();
// The CLI's code cache (src/boot/code-cache.ts) lives in the bench's own folder: a warm-up round fills it, as
// a user's first run of each command does; one row runs without it, to show what it saves.
process.env.XDG_CACHE_HOME = dirs.next();

function exportTag(): string {
  const dir = join(tmpdir(), `fpc-bench-${tag.replace(/\W/g, '_')}`);
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true });
    execFileSync('sh', ['-c', `git -C "${mirror}" archive "${tag}" | tar -x -C "${dir}"`]);
  }
  return dir;
}

const folder = exportTag();
const rule = join(tmpdir(), 'fpc-bench-rule.yml');
writeFileSync(rule, AST_GREP_RULE);
const astGrep = benchTool(root, '@ast-grep/cli@0.51.1', 'ast-grep');

// The warm user cache: one cold discover of the tag, untimed; --rescan, since a bundled tag would otherwise be answered
// from the package (after asking GitHub for its commit, which this server does not answer) and never cached.
// The cold monorepo rows get a fresh cache each run.
const pluginsServer = await archiveServer(githubArchive(mirror, tag, 'flyteorg', 'flyteplugins'));
const monoArchive = githubArchive(mono, monoTag, 'acme', 'flyte');
const monoServer = await archiveServer(monoArchive);
const warmCache = dirs.next();
await timeProcess({
  name: 'fill the user cache',
  command: node,
  args: [bin, 'discover', '--tag', tag, '--json', '--rescan', '--cache-dir', warmCache, '--api-url', pluginsServer.apiUrl],
});

const shared = join(root, '..', 'shared', 'fixtures', 'configs');
const small = join(shared, 'flyte-v0.10.0__kustomize_overlays_sandbox_config_propeller_enabled_plugins.yaml');
const large = join(shared, 'flyte-v1.16.8__charts_flyte-core_values.yaml');
const version = ['--tag', 'flyteplugins/v1.16.8'];
const monoArgs = ['discover', '--repo', 'acme/flyte', '--tag', monoTag, '--path', 'flyteplugins', '--json', '--api-url', monoServer.apiUrl];

const rows: Row[] = [
  { name: 'node -e 0', command: node, args: ['-e', '0'] },
  { name: 'check, small config', command: node, args: [bin, 'check', '-c', small, ...version] },
  {
    name: 'check, small config, no code cache',
    command: node,
    args: [bin, 'check', '-c', small, ...version],
    env: { FLYTE_PLUGIN_CATALOG_CODE_CACHE: '0' },
  },
  { name: 'enable, small config (no change)', command: node, args: [bin, 'enable', 'container', '-c', small, ...version] },
  { name: 'check, 46 KB values', command: node, args: [bin, 'check', '-c', large, ...version] },
  { name: 'enable, 46 KB values (--dry-run diff)', command: node, args: [bin, 'enable', 'ray', '-c', large, ...version, '--dry-run'] },
  {
    name: `discover --tag ${tag}, warm user cache`,
    command: node,
    args: [bin, 'discover', '--tag', tag, '--json', '--cache-dir', warmCache, '--api-url', pluginsServer.apiUrl],
  },
  ...(['native', 'wasm'] as const).map((engine) => ({
    name: `discover --source ${tag}, ${engine}`,
    command: node,
    args: [bin, 'discover', '--source', folder, '--json'],
    env: { FLYTE_PLUGIN_CATALOG_ENGINE: engine },
  })),
  { name: 'ast-grep scan (locates the calls)', command: astGrep, args: ['scan', '-r', rule, folder, '--json=compact'] },
  {
    name: 'git grep (the calls, at the tag)',
    command: 'git',
    args: ['-C', mirror, 'grep', '-c', '-E', 'Register(K8s|Core|Remote)Plugin', tag],
  },
  { name: `discover cold ${monoTag} (monorepo)`, command: node, args: () => [bin, ...monoArgs, '--cache-dir', dirs.scratch()] },
  {
    name: 'curl -s | tar -xz (same archive)',
    command: 'curl',
    shell: true,
    args: () => ['-s', monoServer.archiveUrl, '|', 'tar', '-xz', '-C', dirs.scratch()],
  },
];

console.log(
  `bench: ${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version}, load average ${loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')}`,
);
console.log(
  `       ${runs} interleaved rounds; ${tag} exported to ${folder}; ${monoTag} archive ${(monoArchive.length / 2 ** 20).toFixed(1)} MB gz`,
);
await interleaved(rows, 1);
const samples = await interleaved(rows, runs);
const at = (name: string): number => median(samples.get(name) ?? []);

/** Each row against its baseline, with the target where it sets one. */
const comparisons: [string, string, number | undefined][] = [
  ['check, small config', 'node -e 0', 1.4],
  ['check, small config, no code cache', 'node -e 0', undefined],
  ['enable, small config (no change)', 'node -e 0', 1.4],
  ['check, 46 KB values', 'node -e 0', 2.0],
  ['enable, 46 KB values (--dry-run diff)', 'node -e 0', 2.0],
  [`discover --tag ${tag}, warm user cache`, 'node -e 0', 1.5],
  [`discover --source ${tag}, native`, 'ast-grep scan (locates the calls)', 0.6],
  [`discover --source ${tag}, wasm`, 'ast-grep scan (locates the calls)', undefined],
  [`discover --source ${tag}, native`, 'git grep (the calls, at the tag)', undefined],
  [`discover cold ${monoTag} (monorepo)`, 'curl -s | tar -xz (same archive)', 1.2],
];
const pad = (text: string, width: number): string => text.padEnd(width);
console.log(`\nwhole processes (median ms of ${runs})`);
for (const row of rows) console.log(`  ${pad(row.name, 44)} ${at(row.name).toFixed(0).padStart(6)} ms`);
console.log('\nratios (medians of the same rounds)');
for (const [ours, base, target] of comparisons) {
  const ratio = at(ours) / at(base);
  const verdict = target === undefined ? '' : ratio <= target ? `target <= ${target}: ok` : `target <= ${target}: MISSED`;
  console.log(`  ${pad(ours, 44)} / ${pad(base, 34)} ${ratio.toFixed(2).padStart(5)}x  ${verdict}`);
}
const rss = await peakRssMb(node, [bin, ...monoArgs, '--cache-dir', dirs.next()]);
console.log(`\npeak RSS, cold ${monoTag}: ${rss?.toFixed(0) ?? '?'} MB (target <= 120)`);
await pluginsServer.close();
await monoServer.close();
dirs.cleanup();

// In process: a warm process, so start-up and imports are left out.
console.log(`\nin process, discover --source ${tag} (median ms of ${runs})`);
for (const engine of ['native', 'wasm'] as EngineName[]) {
  const coldStart = performance.now();
  const first = await discover({ source: folder, engine });
  const cold = performance.now() - coldStart;
  const warm: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await discover({ source: folder, engine });
    warm.push(performance.now() - start);
  }
  const stats = first.stats;
  console.log(
    `  ${pad(engine, 7)} first ${cold.toFixed(1)} ms (engine load included), then ${median(warm).toFixed(1)} ms; ` +
      `${stats?.goFiles} Go files, ${stats?.candidates} candidates, ${stats?.parsed} parses, ${first.catalog.plugins.length} plugins`,
  );
}
console.log(`  peak RSS of this process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
