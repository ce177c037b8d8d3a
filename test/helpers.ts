import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../src/cli/main.js';

/** The repository root (tests run from dist/test). */
export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

export function fixture(...parts: string[]): string {
  return join(projectRoot, 'test', 'fixtures', ...parts);
}

/** `../shared/fixtures/configs` beside the project, when this machine has it. */
export const sharedConfigs = join(projectRoot, '..', 'shared', 'fixtures', 'configs');

const made: string[] = [];

/** A fresh folder under the system temp folder, removed when the test file's process exits. */
export function tempDir(prefix = 'fpc-test-'): string {
  if (made.length === 0) process.on('exit', removeTempDirs);
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Every run left its folders behind (~94,000 of them in /tmp after a few weeks), slowing what else uses /tmp. */
function removeTempDirs(): void {
  for (const dir of made) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // A folder a test made read-only: left for the system to clean.
    }
  }
}

/** A copy of a fixture folder in a fresh temp dir, for tests that write. */
function copyFixture(...parts: string[]): string {
  const dir = join(tempDir(), parts.at(-1) ?? 'fixture');
  cpSync(fixture(...parts), dir, { recursive: true });
  return dir;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the CLI in-process with captured streams. */
export async function runCli(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; stderrIsTTY?: boolean; answer?: string; input?: string } = {},
): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr: PassThrough & { isTTY?: boolean } = new PassThrough();
  if (options.stderrIsTTY) stderr.isTTY = true;
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  // `answer`: a person at a terminal, typing it at the prompt.
  const stdin: PassThrough & { isTTY?: boolean } = new PassThrough();
  if (options.answer !== undefined) {
    stdin.isTTY = true;
    stderr.isTTY = true;
    stdin.end(`${options.answer}\n`);
  } else if (options.input !== undefined) stdin.end(options.input); // piped, as `helm template … | check -c -`
  const code = await main(args, { stdin, stdout, stderr, env: options.env ?? {}, cwd: options.cwd ?? projectRoot });
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], {
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
      GIT_AUTHOR_DATE: '2024-01-01T00:00:00Z',
      GIT_COMMITTER_DATE: '2024-01-01T00:00:00Z',
    },
  });
}

/** The raw bytes of `git show REF:PATH`. */
export function gitShow(dir: string, spec: string): Buffer {
  return execFileSync('git', ['-C', dir, 'show', spec]);
}

/** A git repository holding a copy of a fixture tree, committed on `main` (not tagged). */
export function gitRepoFromFixture(...parts: string[]): string {
  const dir = copyFixture(...parts);
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'initial');
  return dir;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A small seeded generator, so a failure can be replayed. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
