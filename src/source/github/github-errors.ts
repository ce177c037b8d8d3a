import { RequestError } from '@octokit/request-error';
import { LOCAL_SCAN_HINT, SourceError } from '../../errors.js';
import type { GitHubSettings } from './settings.js';

/** GitHub could not be reached at all (DNS, refused, unreachable network, no answer in time): the caller may answer offline. */
export class GitHubUnreachableError extends SourceError {
  /** The short form, for the notice of an offline answer: `cannot reach GitHub at URL (ENOTFOUND)`. */
  readonly brief: string;

  constructor(apiUrl: string, detail: string, what: string, cause: unknown) {
    super(`cannot reach GitHub at ${apiUrl} (${detail}) while fetching ${what}`, {
      cause,
      hint: `use --offline, ${LOCAL_SCAN_HINT}`,
    });
    this.brief = `cannot reach GitHub at ${apiUrl} (${detail})`;
  }
}

/** The repository or ref does not exist (404, or 422 for an unknown commit). */
export class GitHubNotFoundError extends SourceError {}

/** A rate limit is spent; the message says which, when it resets and what to do. */
export class RateLimitError extends SourceError {}

const UNREACHABLE = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);
const DROPPED = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ERR_STREAM_PREMATURE_CLOSE']);

export function networkCode(error: unknown): string | undefined {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    const code = (current as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && code) return code;
  }
  return undefined;
}

/** Our own time limits abort with a `TimeoutError`; its message says which limit. */
function timeoutOf(error: unknown): Error | undefined {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    if (current.name === 'TimeoutError') return current;
  }
  return undefined;
}

/** A connection that broke (before or during the body): worth another attempt. */
export function isDropped(error: unknown): boolean {
  if (timeoutOf(error)) return false;
  const code = networkCode(error);
  if (code !== undefined) return DROPPED.has(code);
  // undici ends a body whose connection closed early with `TypeError: terminated`.
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    if (current instanceof TypeError && current.message === 'terminated') return true;
  }
  return false;
}

export function isRetryable(error: unknown): boolean {
  if (error instanceof RequestError && error.response) return error.status >= 500;
  return isDropped(error);
}

function header(error: RequestError, name: string): string | undefined {
  const value = error.response?.headers[name];
  return value === undefined ? undefined : String(value);
}

const MAX_WAIT_MS = 7 * 24 * 3600 * 1000;

/** `Retry-After` is seconds or an HTTP date; anything absurd is clamped to a week, anything unreadable ignored. */
function parseRetryAfter(value: string | undefined, now: Date): Date | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  const at = /^\d+$/.test(text) ? now.getTime() + Number(text) * 1000 : Date.parse(text);
  if (!Number.isFinite(at)) return undefined;
  return new Date(Math.min(Math.max(at, now.getTime()), now.getTime() + MAX_WAIT_MS));
}

function resetAt(value: string | undefined, now: Date): Date | undefined {
  if (!value || !/^\d+$/.test(value.trim())) return undefined;
  const at = Number(value) * 1000;
  return new Date(Math.min(Math.max(at, now.getTime()), now.getTime() + MAX_WAIT_MS));
}

function clock(date: Date, now: Date): string {
  const iso = date.toISOString();
  return date.getTime() - now.getTime() < 20 * 3600 * 1000 ? `${iso.slice(11, 16)} UTC` : `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function wait(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.ceil(seconds / 60);
  return minutes < 120 ? `${minutes} min` : `${Math.ceil(minutes / 60)} h`;
}

function rateLimitError(error: RequestError, now: Date, authenticated: boolean): RateLimitError | undefined {
  if (error.status !== 403 && error.status !== 429) return undefined;
  const remaining = header(error, 'x-ratelimit-remaining');
  const retryAfter = parseRetryAfter(header(error, 'retry-after'), now);
  const secondaryText = /secondary rate limit|abuse/i.test(error.message);
  if (remaining === '0' && !secondaryText) {
    const reset = resetAt(header(error, 'x-ratelimit-reset'), now) ?? retryAfter;
    const limit = header(error, 'x-ratelimit-limit');
    const when = reset ? `it resets at ${clock(reset, now)} (in ${wait(reset.getTime() - now.getTime())})` : 'it resets within the hour';
    return new RateLimitError(`GitHub API rate limit reached${limit ? ` (${limit} requests an hour)` : ''}; ${when}`, {
      hint: authenticated
        ? 'wait for the reset, or use --offline'
        : 'set GITHUB_TOKEN to raise the limit to 5,000 an hour, or use --offline',
    });
  }
  if (!secondaryText && retryAfter === undefined && error.status !== 429) return undefined;
  const after = retryAfter
    ? `retry after ${wait(retryAfter.getTime() - now.getTime())} (at ${clock(retryAfter, now)})`
    : 'retry after a minute or more';
  const left = remaining && remaining !== '0' ? ` while ${remaining} requests of the hourly limit remain` : '';
  return new RateLimitError(`GitHub's secondary rate limit (too many requests at once) was hit${left}; ${after}`, {
    hint: 'wait that long before running again and run fewer at once, or use --offline',
  });
}

export interface DescribeOptions {
  now?: Date;
  /** The message for a 404/422, e.g. `GitHub has no tag, branch or commit 'X' in owner/repo`. */
  notFound?: string;
}

const OFFLINE = 'or use --offline to answer from the caches';

function statusError(error: RequestError, what: string, settings: GitHubSettings, notFound: string | undefined): SourceError {
  const status = error.status;
  if (status === 404 || status === 422)
    return new GitHubNotFoundError(notFound ?? `GitHub has no ${what}`, { cause: error, hint: 'check --repo and --tag' });
  if (status === 401)
    return new SourceError(`GitHub refused the token (401) while fetching ${what}`, {
      hint: 'check GITHUB_TOKEN / GH_TOKEN',
      cause: error,
    });
  const hint =
    status >= 500
      ? `GitHub is failing (${settings.retries ?? 3} retries spent); see https://www.githubstatus.com and try again later, ${OFFLINE}`
      : status === 403
        ? `the token may lack access to this repository: check GITHUB_TOKEN / GH_TOKEN, ${OFFLINE}`
        : `check --repo, --tag and --api-url, ${OFFLINE}`;
  return new SourceError(`GitHub answered ${status} for ${what}: ${error.message}`, { cause: error, hint });
}

/** Turn what Octokit threw into one of our errors, with what the user needs to act. */
export function describeGitHubError(error: unknown, what: string, settings: GitHubSettings, options: DescribeOptions = {}): Error {
  if (error instanceof SourceError) return error;
  const timeout = timeoutOf(error);
  if (timeout) return new GitHubUnreachableError(settings.apiUrl, timeout.message, what, error);
  if (error instanceof RequestError) {
    const limited = rateLimitError(error, options.now ?? new Date(), Boolean(settings.token));
    if (limited) return limited;
    if (error.response) return statusError(error, what, settings, options.notFound);
    const code = networkCode(error);
    if (UNREACHABLE.has(code ?? '')) return new GitHubUnreachableError(settings.apiUrl, code ?? error.message, what, error);
  }
  if (isDropped(error) || error instanceof RequestError) {
    const detail = networkCode(error) ?? (error as Error).message;
    return new GitHubUnreachableError(settings.apiUrl, `connection lost: ${detail}`, what, error);
  }
  return error instanceof Error ? error : new Error(String(error));
}
