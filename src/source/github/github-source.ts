import type { Octokit } from '@octokit/rest';
import type { CacheStore, EntryWriter } from '../../cache/store.js';
import { SourceError } from '../../errors.js';
import { describeGitHubError, GitHubUnreachableError, isDropped, networkCode } from './github-errors.js';
import { checkRef, parseRepoName } from './names.js';
import { retryPolicy, sleep } from './octokit.js';
import { downloadLimits, type GitHubSettings } from './settings.js';
import { DownloadLimitError, limitError, readTarball, type Archive, type ReadOptions } from './tarball.js';
import { FULL_SHA } from '../../util/git-sha.js';
import { cachedCommit, isImmutableRef, refKey } from './refs.js';

export interface GitHubTarget {
  owner: string;
  repo: string;
  /** A tag, a branch or a commit SHA. */
  ref: string;
  /** The plugin folder when known: only the Go files the scan needs are kept from the archive. */
  path?: string | undefined;
}

export interface GitHubDeps {
  octokit: Octokit;
  settings: GitHubSettings;
  cache: CacheStore | undefined;
  onProgress?: (received: number, total: number | undefined) => void;
}

function describe(target: GitHubTarget): string {
  return `${target.owner}/${target.repo}@${target.ref}`;
}

/** Every part of a request path is checked again here, whoever built the target: none may be `..`. */
function checked(target: GitHubTarget): GitHubTarget {
  parseRepoName(`${target.owner}/${target.repo}`);
  checkRef(target.ref);
  return target;
}

function notFound(target: GitHubTarget): string {
  return `GitHub has no tag, branch or commit '${target.ref}' in ${target.owner}/${target.repo}`;
}

/**
 * The commit a ref names, when it can be known cheaply: a SHA as it is, a tag from the cache (0 requests),
 * a branch with one small request. `undefined` for a tag not yet seen: its tarball will tell.
 */
export async function resolveCommit(target: GitHubTarget, deps: GitHubDeps): Promise<string | undefined> {
  checked(target);
  const cached = await cachedCommit(target, deps.cache);
  if (cached) return cached;
  if (isImmutableRef(target.ref)) return undefined;
  return requestCommit(target, deps);
}

/** The commit a ref names now, asked of GitHub: one small request (`GET …/commits/{ref}`, sha media type, ~40 bytes). */
export async function requestCommit(target: GitHubTarget, deps: GitHubDeps): Promise<string> {
  checked(target);
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
    throw describeGitHubError(error, describe(target), deps.settings, { notFound: notFound(target) });
  }
}

/** A body that ended before its Content-Length: a dropped connection, retried like one. */
class CutOffError extends SourceError {
  constructor(
    message: string,
    readonly detail: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
  }
}

interface Downloaded {
  archive: Archive;
  /** The compressed bytes as they arrived, being written to the cache: `commit` once the archive is accepted. */
  entry: EntryWriter | undefined;
}

/** The archives of a repository, by commit: `${sha}.tar.gz` in this folder. */
function archiveFolder(target: GitHubTarget): string[] {
  return ['archives', target.owner, target.repo];
}

/** One request, its body gunzipped and parsed as it arrives, and written to the cache as it arrives. */
async function downloadOnce(target: GitHubTarget, ref: string, options: ReadOptions, deps: GitHubDeps): Promise<Downloaded> {
  const response = await deps.octokit.request('GET /repos/{owner}/{repo}/tarball/{ref}', {
    owner: target.owner,
    repo: target.repo,
    ref,
    request: { parseSuccessResponseBody: false },
  });
  // fetch undoes a Content-Encoding, and Content-Length then counts the encoded bytes: it says nothing.
  const encoding = response.headers['content-encoding'];
  const length = Number(response.headers['content-length']);
  const total = (encoding === undefined || encoding === 'identity') && Number.isSafeInteger(length) ? length : undefined;
  // With parseSuccessResponseBody: false, Octokit hands over fetch's body stream, which its types do not say.
  const body = response.data as unknown as ReadableStream<Uint8Array> | null;
  if (!body) throw new SourceError(`GitHub sent no body for the archive of ${describe(target)}`);
  if (total !== undefined && total > options.limits.compressedBytes) {
    await body.cancel().catch(() => undefined);
    throw limitError(options.what, options.limits, 'compressedBytes', 'the download');
  }
  const entry = deps.cache?.openEntry(archiveFolder(target));
  let received = 0;
  try {
    const archive = await readTarball(body, {
      ...options,
      onChunk: (chunk, bytes) => {
        received = bytes;
        entry?.write(chunk);
        deps.onProgress?.(bytes, total);
      },
    }).catch((error: unknown) => {
      // The request itself was retried by Octokit's hook; a body that breaks off is retried by `download`.
      if (error instanceof SourceError || !isDropped(error)) throw error;
      const detail = networkCode(error) ?? (error as Error).message;
      throw new CutOffError(`the download of the archive of ${describe(target)} was cut off (${detail}); nothing was cached`, detail, {
        cause: error,
      });
    });
    if (total !== undefined && received !== total) {
      throw new CutOffError(
        `the download of the archive of ${describe(target)} was cut off at ${received} of ${total} bytes; nothing was cached`,
        `${received} of ${total} bytes`,
      );
    }
    return { archive, entry };
  } catch (error) {
    await entry?.discard();
    throw error;
  }
}

/**
 * The download, retried like a request when the connection drops mid-body (same budget and backoff);
 * after the last attempt it is an unreachable GitHub, which the caller may answer offline.
 */
async function download(target: GitHubTarget, ref: string, commit: string | undefined, deps: GitHubDeps): Promise<Downloaded> {
  const what = `the archive of ${describe(target)}`;
  const options: ReadOptions = {
    what: describe(target),
    limits: downloadLimits(deps.settings),
    pluginPath: target.path,
    expectedCommit: commit,
  };
  const { retries, delay } = retryPolicy(deps.settings);
  for (let attempt = 0; ; attempt++) {
    try {
      return await downloadOnce(target, ref, options, deps);
    } catch (error) {
      if (error instanceof CutOffError && attempt < retries) {
        await sleep(delay(attempt));
        continue;
      }
      if (error instanceof CutOffError)
        throw new GitHubUnreachableError(deps.settings.apiUrl, `connection lost: ${error.detail}`, what, error);
      throw describeGitHubError(error, what, deps.settings, { notFound: notFound(target) });
    }
  }
}

/** The repository's tags, newest first (paginated; at most `pages` pages of 100). */
export async function listTags(target: GitHubTarget, deps: GitHubDeps, pages = 10): Promise<string[]> {
  checked(target);
  const names: string[] = [];
  try {
    let page = 0;
    for await (const response of deps.octokit.paginate.iterator('GET /repos/{owner}/{repo}/tags', {
      owner: target.owner,
      repo: target.repo,
      per_page: 100,
    })) {
      names.push(...response.data.map((tag) => tag.name));
      if (++page >= pages) break;
    }
  } catch (error) {
    throw describeGitHubError(error, `the tags of ${target.owner}/${target.repo}`, deps.settings);
  }
  return names;
}

/**
 * The archive of a commit: from the cache (checked) or downloaded in one request, checked while it streams
 * in and cached once whole. The resolved tag is cached too, so the next scan of the same tag needs no request.
 */
export async function fetchArchive(
  target: GitHubTarget,
  commit: string | undefined,
  deps: GitHubDeps,
): Promise<Archive & { commit: string }> {
  checked(target);
  const key = (sha: string): string[] => [...archiveFolder(target), `${sha}.tar.gz`];
  const limits = downloadLimits(deps.settings);
  if (commit) {
    const cached = await deps.cache?.read(key(commit));
    if (cached) {
      const options: ReadOptions = { what: describe(target), limits, pluginPath: target.path, expectedCommit: commit };
      const archive = await readTarball([cached], options).catch((error: unknown) => {
        if (error instanceof DownloadLimitError) throw error;
        return undefined;
      });
      if (archive && (!archive.commit || archive.commit === commit)) return { ...archive, commit };
    }
  }
  const { archive, entry } = await download(target, commit ?? target.ref, commit, deps);
  const sha = archive.commit ?? commit;
  if (!sha || (commit && archive.commit && archive.commit !== commit)) {
    await entry?.discard();
    if (!sha) throw new SourceError(`the archive of ${describe(target)} names no commit; nothing was cached`);
    throw new SourceError(`GitHub sent commit ${archive.commit} for ${describe(target)}, expected ${commit}; nothing was cached`);
  }
  await entry?.commit(`${sha}.tar.gz`);
  if (isImmutableRef(target.ref) && target.ref !== sha) {
    await deps.cache?.write(refKey(target), JSON.stringify({ commit: sha }));
  }
  return { ...archive, commit: sha };
}
