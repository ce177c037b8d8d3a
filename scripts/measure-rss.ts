// Peak RSS and time of the CLI (the bundle, default limits) against hostile and big downloads, each in its
// own process under /usr/bin/time -v. Not a test (slow: gigabytes stream through); run by hand:
//   npm run measure-rss
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FakeGitHub } from '../test/github-server.js';
import { fixture, projectRoot, tempDir } from '../test/helpers.js';
import { fixtureEntries, lazyTar, serveBytes, serveLazy, tarGzOf, type TarEntry } from '../test/reliability/archives.js';
import { silentHost } from '../test/reliability/servers.js';

const GB = 1024 ** 3;
const SHA = 'c0ffee'.padEnd(40, '1');
const TOP = `acme-mono-${SHA.slice(0, 7)}`;

interface Measure {
  code: number;
  seconds: number;
  maxRssMb: number;
  stderr: string;
}

async function run(args: string[]): Promise<Measure> {
  const bin = join(projectRoot, 'bin', 'flyte-plugin-catalog.js');
  const started = Date.now();
  const result = await promisify(execFile)('/usr/bin/time', ['-v', process.execPath, bin, ...args, '--cache-dir', tempDir('fpc-rss-')], {
    maxBuffer: 1 << 26,
  }).then(
    (ok) => ({ code: 0, stderr: ok.stderr }),
    (error: { code?: number; stderr?: string }) => ({ code: error.code ?? -1, stderr: error.stderr ?? '' }),
  );
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr)?.[1];
  const first = result.stderr.split('\n').find((line) => !line.startsWith('\t') && !line.startsWith('Command')) ?? '';
  return {
    code: result.code,
    seconds: (Date.now() - started) / 1000,
    maxRssMb: Math.round(Number(rss) / 1024),
    stderr: first.slice(0, 200),
  };
}

/** A monorepo-sized legitimate archive: the fixture under flyteplugins/, 30 MB of other Go code, 8 MB of binary. */
function bigLegitArchive(): Buffer {
  const entries: TarEntry[] = fixtureEntries(fixture('scan', 'monorepo-linked'), TOP);
  const go = Buffer.from(
    `package gen\n\n// generated\nvar Table = []string{\n${'\t"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",\n'.repeat(220)}}\n`,
  );
  for (let i = 0; i < 3000; i++)
    entries.push({ path: `${TOP}/flyteidl/gen/pb${i % 50}/file${i}.go`, body: Buffer.concat([go, Buffer.from(`// ${i}\n`)]) });
  entries.push({ path: `${TOP}/docs/images/blob.bin`, body: randomBytes(8 * 1024 * 1024) });
  return tarGzOf(entries, SHA);
}

async function main(): Promise<void> {
  const github = await new FakeGitHub({}).start();
  const args = (repo: string): string[] => [
    'discover',
    '--repo',
    repo,
    '--tag',
    'v1.0.0',
    '--path',
    'flyteplugins',
    '--json',
    '--api-url',
    github.apiUrl,
  ];
  const cases: [string, () => void][] = [
    [
      'Content-Encoding: gzip bomb (2 GB decoded)',
      () =>
        github.failNext(/tarball/, {
          kind: 'handler',
          handle: serveLazy(() => lazyTar(TOP, SHA, 'big.bin', 2 * GB), { level: 0, encoded: true }),
        }),
    ],
    [
      '2 GB body',
      () => github.failNext(/tarball/, { kind: 'handler', handle: serveLazy(() => lazyTar(TOP, SHA, 'big.bin', 2 * GB), { level: 0 }) }),
    ],
    [
      'small gzip holding a 2 GB big.go',
      () => github.failNext(/tarball/, { kind: 'handler', handle: serveLazy(() => lazyTar(TOP, SHA, 'big.go', 2 * GB), { level: 1 }) }),
    ],
  ];
  const big = bigLegitArchive();
  cases.push([
    `cold big legit archive (${(big.length / 2 ** 20).toFixed(1)} MB gz)`,
    () => github.failNext(/tarball/, { kind: 'handler', handle: serveBytes(big) }),
  ]);
  for (const [name, arm] of cases) {
    arm();
    const measure = await run(args('acme/mono'));
    console.log(`${name}: exit ${measure.code}, ${measure.seconds.toFixed(1)} s, peak RSS ${measure.maxRssMb} MB; ${measure.stderr}`);
  }
  await github.close();
  const host = await silentHost();
  const silent = await run(['discover', '--tag', 'v0.5.25', '--json', '--api-url', host.url]);
  console.log(`unresponsive host (default limits): exit ${silent.code}, ${silent.seconds.toFixed(1)} s; ${silent.stderr}`);
  await host.close();
}

await main();
