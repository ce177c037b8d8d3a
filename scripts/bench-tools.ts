// Helpers of `npm run bench`: whole-process timing, interleaved rounds, a local archive server, baselines.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** One command line of the whole-process table. `prepare` runs before each timing, untimed (a fresh folder). */
export interface Row {
  name: string;
  command: string;
  args: string[] | (() => string[]);
  /** Through a shell (`curl | tar`). */
  shell?: boolean;
  env?: NodeJS.ProcessEnv;
}

/** The wall time of one process, from spawn to exit; the event loop stays free (the archive server runs in it). */
export function timeProcess(row: Row): Promise<{ ms: number; stdout: string }> {
  const args = typeof row.args === 'function' ? row.args() : row.args;
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = row.shell
      ? spawn('sh', ['-c', [row.command, ...args].join(' ')], { env: { ...process.env, ...row.env } })
      : spawn(row.command, args, { env: { ...process.env, ...row.env } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - start;
      if (code !== 0) reject(new Error(`${row.name}: exit ${code}: ${Buffer.concat(err).toString().slice(0, 500)}`));
      else resolve({ ms, stdout: Buffer.concat(out).toString() });
    });
  });
}

/** Every row once per round, `rounds` times: the machine's drift weighs on all rows alike. Medians in ms. */
export async function interleaved(rows: readonly Row[], rounds: number): Promise<Map<string, number[]>> {
  const samples = new Map<string, number[]>(rows.map((row) => [row.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const row of rows) samples.get(row.name)?.push((await timeProcess(row)).ms);
  }
  return samples;
}

/** Peak RSS of one process (MB), under /usr/bin/time; spawned, so that the archive server in this process can answer. */
export async function peakRssMb(command: string, args: string[]): Promise<number | undefined> {
  if (!existsSync('/usr/bin/time')) return undefined;
  const marker = 'peak-rss-kb=';
  const stderr = await new Promise<string>((resolve) => {
    const child = spawn('/usr/bin/time', ['-f', `${marker}%M`, command, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    const err: Buffer[] = [];
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('close', (code) => {
      const text = Buffer.concat(err).toString();
      if (code !== 0) console.error(`peak RSS run failed (exit ${code}): ${text.slice(0, 300)}`);
      resolve(text);
    });
  });
  const kb = new RegExp(`${marker}(\\d+)`).exec(stderr)?.[1];
  return kb === undefined ? undefined : Number(kb) / 1024;
}

/**
 * A local server playing GitHub for one archive: `/repos/{owner}/{repo}/tarball/{ref}` redirects to
 * `/codeload/archive.tar.gz`, which sends the prepared bytes (as GitHub's codeload does). The bytes are made
 * once, before any timing, so that neither side pays for `git archive`.
 */
export async function archiveServer(archive: Buffer): Promise<{ apiUrl: string; archiveUrl: string; close: () => Promise<void> }> {
  const server: Server = createServer((request, response) => {
    if (request.url?.startsWith('/codeload/')) {
      response.writeHead(200, { 'content-type': 'application/x-gzip', 'content-length': String(archive.length) });
      response.end(archive);
    } else if (/^\/repos\/[^/]+\/[^/]+\/tarball\//.test(request.url ?? '')) {
      response.writeHead(302, { location: `http://127.0.0.1:${(server.address() as AddressInfo).port}/codeload/archive.tar.gz` });
      response.end();
    } else {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end('{"message":"Not Found"}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    apiUrl: origin,
    archiveUrl: `${origin}/codeload/archive.tar.gz`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `git archive` of a commit as GitHub names it: top folder `<owner>-<repo>-<sha7>/`, the commit in the pax header. */
export function githubArchive(gitDir: string, ref: string, owner: string, repo: string): Buffer {
  const commit = execFileSync('git', ['-C', gitDir, 'rev-parse', `${ref}^{commit}`], { encoding: 'utf8' }).trim();
  return execFileSync('git', ['-C', gitDir, 'archive', '--format=tar.gz', `--prefix=${owner}-${repo}-${commit.slice(0, 7)}/`, commit], {
    maxBuffer: 1 << 30,
  });
}

/**
 * Fresh empty folders under one bench root (removed at the end), in RAM (/dev/shm) where there is one: the cold
 * rows write 8.5 MB (our cache) and 41 MB (tar's tree) a run, and on a disk the kernel's write-back throttling
 * came to dominate `curl | tar` (200 ms to 1.7 s a run as dirty pages piled up), measuring the disk, not the tools.
 * `scratch` removes the folder it gave last before giving a new one (untimed: a row's arguments are made first).
 */
export function freshDirs(): { next: () => string; scratch: () => string; cleanup: () => void } {
  const root = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'fpc-bench-'));
  let count = 0;
  let last: string | undefined;
  const next = (): string => {
    const dir = join(root, String(count++));
    mkdirSync(dir);
    return dir;
  };
  return {
    next,
    scratch: () => {
      if (last) rmSync(last, { recursive: true, force: true });
      last = next();
      return last;
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/**
 * A baseline tool of the bench, installed on first use into .bench-tools/ (git-ignored) rather than as a
 * devDependency: every install of the project would otherwise pay for a 108 MB binary only the bench runs.
 */
export function benchTool(root: string, spec: string, binary: string): string {
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

export const AST_GREP_RULE = `id: plugin-registration
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
`;
