import { execFile, spawn } from 'node:child_process';
import { realpath } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { SourceError } from '../errors.js';
import { nearestTags } from '../util/nearest.js';
import type { Provenance, SourceTree } from './types.js';

const run = promisify(execFile);

async function git(dir: string, args: readonly string[]): Promise<string> {
  const { stdout } = await run('git', ['-C', dir, ...args], { maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' });
  return stdout;
}

/** True when `dir` is itself a repository: a bare one, or the top of a work tree (not a folder inside one). */
export async function isGitRepository(dir: string): Promise<boolean> {
  // Only a folder with .git, or with the HEAD and objects of a bare repository, is worth asking git about.
  const looksLikeOne = existsSync(join(dir, '.git')) || (existsSync(join(dir, 'HEAD')) && existsSync(join(dir, 'objects')));
  if (!looksLikeOne) return false;
  try {
    const [gitDir, bare] = (await git(dir, ['rev-parse', '--absolute-git-dir', '--is-bare-repository'])).split('\n');
    const here = await realpath(dir);
    if (bare === 'true') return (await realpath(gitDir ?? '')) === here;
    const top = (await git(dir, ['rev-parse', '--show-toplevel'])).trim();
    return (await realpath(top)) === here;
  } catch {
    return false;
  }
}

/** `owner/name` when the repository's origin is on GitHub, else the folder name. */
async function repositoryName(dir: string): Promise<string> {
  try {
    const url = (await git(dir, ['config', '--get', 'remote.origin.url'])).trim();
    const match = /github\.com[:/]([^/]+\/[^/]+?)(?:\.git)?\/?$/.exec(url);
    if (match?.[1]) return match[1];
  } catch {
    // no origin: fall through to the folder name
  }
  const absolute = resolve(dir);
  const name = basename(absolute);
  return name === 'repo' || name === '.git' ? basename(resolve(absolute, '..')) : name;
}

async function resolveGitRef(dir: string, ref: string): Promise<string> {
  try {
    return (await git(dir, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).trim();
  } catch {
    const tags = (await git(dir, ['tag', '--list'])).split('\n').filter(Boolean);
    const near = nearestTags(ref, tags);
    throw new SourceError(`no tag, branch or commit '${ref}' in git repository ${dir}`, {
      hint: near.length > 0 ? `nearest tags: ${near.join(', ')}` : 'the repository has no tags',
    });
  }
}

/**
 * A commit of a local git repository, bare or not, read with plumbing only (`ls-tree`, `cat-file --batch`):
 * nothing is checked out and the work tree is never touched.
 */
export async function openGitSource(dir: string, ref: string, repo?: string): Promise<SourceTree> {
  if (!(await isGitRepository(dir))) throw new SourceError(`not a git repository: ${dir}`);
  const commit = await resolveGitRef(dir, ref);
  const provenance: Provenance = { repo: repo ?? (await repositoryName(dir)), tag: ref, commit };
  const blobs = new Map<string, string>();
  const listing = await git(dir, ['ls-tree', '-r', '-z', '--full-tree', commit]);
  for (const entry of listing.split('\0')) {
    const tab = entry.indexOf('\t');
    if (tab === -1) continue;
    const [, type, sha] = entry.slice(0, tab).split(' ');
    if (type === 'blob' && sha) blobs.set(entry.slice(tab + 1), sha);
  }
  const files = [...blobs.keys()].sort();
  const reader = new BlobReader(dir);
  return {
    provenance,
    listFiles: async () => files,
    readFiles: async (paths) => {
      const shas = paths.map((path) => {
        const sha = blobs.get(path);
        if (!sha) throw new SourceError(`no file ${path} at ${ref} in ${dir}`);
        return sha;
      });
      const contents = await reader.read(shas);
      return new Map(paths.map((path, i) => [path, contents[i] as Buffer]));
    },
    close: async () => reader.close(),
  };
}

/** One long-lived `git cat-file --batch` process; requests are queued so reads never interleave. */
class BlobReader {
  private process: ReturnType<typeof spawn> | undefined;
  private pending: Promise<unknown> = Promise.resolve();

  constructor(private readonly dir: string) {}

  read(shas: readonly string[]): Promise<Buffer[]> {
    const next = this.pending.then(() => this.readBatch(shas));
    this.pending = next.catch(() => undefined);
    return next;
  }

  private start(): ReturnType<typeof spawn> {
    this.process ??= spawn('git', ['-C', this.dir, 'cat-file', '--batch'], { stdio: ['pipe', 'pipe', 'pipe'] });
    return this.process;
  }

  private readBatch(shas: readonly string[]): Promise<Buffer[]> {
    if (shas.length === 0) return Promise.resolve([]);
    const child = this.start();
    const stdout = child.stdout;
    const stdin = child.stdin;
    if (!stdout || !stdin) return Promise.reject(new SourceError('git cat-file has no pipes'));
    return new Promise((resolvePromise, reject) => {
      const results: Buffer[] = [];
      let buffer: Buffer = Buffer.alloc(0);
      const onData = (chunk: Buffer): void => {
        buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
        for (;;) {
          const newline = buffer.indexOf(10);
          if (newline === -1) return;
          const header = buffer.subarray(0, newline).toString('utf8');
          const [sha, type, size] = header.split(' ');
          if (type === 'missing' || size === undefined) {
            finish(new SourceError(`git object ${sha} is missing from ${this.dir}`));
            return;
          }
          const length = Number(size);
          if (buffer.length < newline + 1 + length + 1) return;
          results.push(Buffer.from(buffer.subarray(newline + 1, newline + 1 + length)));
          buffer = buffer.subarray(newline + 1 + length + 1);
          if (results.length === shas.length) {
            finish();
            return;
          }
        }
      };
      const onExit = (): void => finish(new SourceError(`git cat-file stopped while reading ${this.dir}`));
      const finish = (error?: Error): void => {
        stdout.off('data', onData);
        child.off('exit', onExit);
        if (error) reject(error);
        else resolvePromise(results);
      };
      stdout.on('data', onData);
      child.on('exit', onExit);
      stdin.write(`${shas.join('\n')}\n`);
    });
  }

  close(): void {
    this.process?.stdin?.end();
    this.process = undefined;
  }
}
