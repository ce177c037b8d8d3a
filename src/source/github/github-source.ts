import type { Octokit } from '@octokit/rest';
import type { CacheStore } from '../../cache/store.js';
import { SourceError } from '../../errors.js';
import { describeGitHubError, type GitHubSettings } from './octokit.js';
import { readTarball, type Archive } from './tarball.js';

export interface GitHubTarget {
  owner: string;
  repo: string;
  /** A tag, a branch or a commit SHA. */
  ref: string;
}

export interface GitHubDeps {
  octokit: Octokit;
  settings: GitHubSettings;
  cache: CacheStore | undefined;
  onProgress?: (received: number, total: number | undefined) => void;
}

const FULL_SHA = /^[0-9a-f]{40}$/;

/** A cached `refs/` entry: the commit a tag names. Throws on any other shape (the cache then drops it). */
export function parseRefEntry(value: unknown): { commit: string } {
  const commit = typeof value === 'object' && value !== null && 'commit' in value ? value.commit : undefined;
  if (typeof commit !== 'string' || !FULL_SHA.test(commit)) throw new Error('a ref entry holds {"commit": "<40 hex>"}');
  return { commit };
}

/** Tags and SHAs name one commit for good, so what they resolve to can be cached; branches cannot. */
export function isImmutableRef(ref: string): boolean {
  return FULL_SHA.test(ref) || /(^|\/)v?\d+\.\d+/.test(ref);
}

function describe(target: GitHubTarget): string {
  return `${target.owner}/${target.repo}@${target.ref}`;
}

/**
 * The commit a ref names, when it can be known cheaply: a SHA as it is, a tag from the cache (0 requests),
 * a branch with one small request. `undefined` for a tag not yet seen: its tarball will tell.
 */
export async function resolveCommit(target: GitHubTarget, deps: GitHubDeps): Promise<string | undefined> {
  if (FULL_SHA.test(target.ref)) return target.ref;
  const cached = await deps.cache?.readJson(['refs', target.owner, target.repo, target.ref], parseRefEntry);
  if (cached) return cached.commit;
  if (isImmutableRef(target.ref)) return undefined;
  try {
    const response = await deps.octokit.request('GET /repos/{owner}/{repo}/commits/{ref}', {
      owner: target.owner,
      repo: target.repo,
      ref: target.ref,
      mediaType: { format: 'sha' },
    });
    const data: unknown = response.data;
    const sha = (typeof data === 'object' && data !== null && 'sha' in data ? String(data.sha) : String(data)).trim();
    if (!FULL_SHA.test(sha)) throw new SourceError(`GitHub gave no commit for ${describe(target)}`);
    return sha;
  } catch (error) {
    throw describeGitHubError(error, describe(target), deps.settings);
  }
}

async function download(target: GitHubTarget, ref: string, deps: GitHubDeps): Promise<Buffer> {
  const what = `the archive of ${describe(target)}`;
  try {
    const response = await deps.octokit.request('GET /repos/{owner}/{repo}/tarball/{ref}', {
      owner: target.owner,
      repo: target.repo,
      ref,
      request: { parseSuccessResponseBody: false },
    });
    const length = response.headers['content-length'];
    const total = length === undefined ? undefined : Number(length);
    // With parseSuccessResponseBody: false, Octokit hands over fetch's body stream, which its types do not say.
    const body = response.data as unknown as AsyncIterable<Uint8Array> | null;
    if (!body) throw new SourceError(`GitHub sent no body for ${what}`);
    const chunks: Uint8Array[] = [];
    let received = 0;
    for await (const chunk of body) {
      chunks.push(chunk);
      received += chunk.length;
      deps.onProgress?.(received, total);
    }
    if (total !== undefined && received !== total) {
      throw new SourceError(`the download of ${what} was cut off at ${received} of ${total} bytes; nothing was cached`);
    }
    return Buffer.concat(chunks);
  } catch (error) {
    if (error instanceof TypeError && !(error as { status?: number }).status) {
      throw new SourceError(`the download of ${what} was cut off (${error.message}); nothing was cached`, { cause: error });
    }
    throw describeGitHubError(error, what, deps.settings);
  }
}

/** The repository's tags, newest first (paginated; at most `pages` pages of 100). */
export async function listTags(target: GitHubTarget, deps: GitHubDeps, pages = 10): Promise<string[]> {
  const names: string[] = [];
  try {
    let page = 0;
    for await (const response of deps.octokit.paginate.iterator('GET /repos/{owner}/{repo}/tags', { owner: target.owner, repo: target.repo, per_page: 100 })) {
      names.push(...response.data.map((tag) => tag.name));
      if (++page >= pages) break;
    }
  } catch (error) {
    throw describeGitHubError(error, `the tags of ${target.owner}/${target.repo}`, deps.settings);
  }
  return names;
}

/**
 * The archive of a commit: from the cache (checked) or downloaded in one request and checked whole before
 * it is cached. The resolved tag is cached too, so the next scan of the same tag needs no request at all.
 */
export async function fetchArchive(target: GitHubTarget, commit: string | undefined, deps: GitHubDeps): Promise<Archive & { commit: string }> {
  const key = (sha: string): string[] => ['archives', target.owner, target.repo, `${sha}.tar.gz`];
  if (commit) {
    const cached = await deps.cache?.read(key(commit));
    if (cached) {
      const archive = await readTarball(cached, describe(target)).catch(() => undefined);
      if (archive) return { ...archive, commit };
    }
  }
  const data = await download(target, commit ?? target.ref, deps);
  const archive = await readTarball(data, describe(target));
  const sha = archive.commit ?? commit;
  if (!sha) throw new SourceError(`the archive of ${describe(target)} names no commit`);
  if (commit && archive.commit && archive.commit !== commit) {
    throw new SourceError(`GitHub sent commit ${archive.commit} for ${describe(target)}, expected ${commit}`);
  }
  await deps.cache?.write(key(sha), data);
  if (isImmutableRef(target.ref) && target.ref !== sha) {
    await deps.cache?.write(['refs', target.owner, target.repo, target.ref], JSON.stringify({ commit: sha }));
  }
  return { ...archive, commit: sha };
}
