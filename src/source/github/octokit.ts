import { Octokit } from '@octokit/rest';
import { RequestError } from '@octokit/request-error';
import { generator } from '../../catalog/build.js';
import { SourceError } from '../../errors.js';
import { DEFAULT_API_URL, type GitHubSettings } from './settings.js';

export { DEFAULT_API_URL, type GitHubSettings } from './settings.js';

/** GitHub could not be reached at all (DNS, refused, unreachable network): the caller may answer offline. */
export class GitHubUnreachableError extends SourceError {
  /** The short form, for the notice of an offline answer: `cannot reach GitHub at URL (ENOTFOUND)`. */
  readonly brief: string;

  constructor(apiUrl: string, detail: string, what: string, cause: unknown) {
    super(`cannot reach GitHub at ${apiUrl} (${detail}) while fetching ${what}`, { cause, hint: 'use --offline, or scan a local clone with --source' });
    this.brief = `cannot reach GitHub at ${apiUrl} (${detail})`;
  }
}

/** The repository or ref does not exist (404, or 422 for an unknown commit). */
export class GitHubNotFoundError extends SourceError {}

/** The rate limit is spent; the message says when it resets and that a token raises it. */
export class RateLimitError extends SourceError {}

const UNREACHABLE = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);
const DROPPED = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

function networkCode(error: unknown): string | undefined {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    const code = (current as NodeJS.ErrnoException).code;
    if (code) return code;
  }
  return undefined;
}

function isTimeout(error: unknown): boolean {
  for (let current: unknown = error; current instanceof Error || current instanceof DOMException; current = (current as Error).cause) {
    if (current.name === 'TimeoutError' || current.name === 'AbortError') return true;
  }
  return false;
}

function header(error: RequestError, name: string): string | undefined {
  const value = error.response?.headers[name];
  return value === undefined ? undefined : String(value);
}

function rateLimitError(error: RequestError, now: Date, authenticated: boolean): RateLimitError | undefined {
  if (error.status !== 403 && error.status !== 429) return undefined;
  const remaining = header(error, 'x-ratelimit-remaining');
  const retryAfter = header(error, 'retry-after');
  if (remaining !== '0' && retryAfter === undefined) return undefined;
  const reset = retryAfter !== undefined
    ? new Date(now.getTime() + Number(retryAfter) * 1000)
    : new Date(Number(header(error, 'x-ratelimit-reset') ?? 0) * 1000);
  const minutes = Math.max(1, Math.ceil((reset.getTime() - now.getTime()) / 60_000));
  const when = `${reset.toISOString().slice(11, 16)} UTC (in ${minutes} min)`;
  const limit = header(error, 'x-ratelimit-limit');
  return new RateLimitError(`GitHub API rate limit reached${limit ? ` (${limit} requests an hour)` : ''}; it resets at ${when}`, {
    hint: authenticated ? 'wait for the reset, or use --offline' : 'set GITHUB_TOKEN to raise the limit to 5,000 an hour, or use --offline',
  });
}

function isRetryable(error: unknown): boolean {
  if (error instanceof RequestError && error.response) return error.status >= 500;
  return DROPPED.has(networkCode(error) ?? '');
}

/** Turn what Octokit threw into one of our errors, with what the user needs to act. */
export function describeGitHubError(error: unknown, what: string, settings: GitHubSettings, now = new Date()): Error {
  if (error instanceof SourceError) return error;
  if (isTimeout(error)) {
    return new GitHubUnreachableError(settings.apiUrl, 'no answer in time', what, error);
  }
  if (error instanceof RequestError) {
    const limited = rateLimitError(error, now, Boolean(settings.token));
    if (limited) return limited;
    if (!error.response) {
      const code = networkCode(error);
      if (UNREACHABLE.has(code ?? '')) {
        return new GitHubUnreachableError(settings.apiUrl, code ?? error.message, what, error);
      }
      return new SourceError(`network error while fetching ${what} from ${settings.apiUrl}: ${error.message}`, { cause: error });
    }
    if (error.status === 404 || error.status === 422) return new GitHubNotFoundError(`GitHub has no ${what}`, { cause: error });
    if (error.status === 401) return new SourceError(`GitHub refused the token (401) while fetching ${what}`, { hint: 'check GITHUB_TOKEN / GH_TOKEN', cause: error });
    return new SourceError(`GitHub answered ${error.status} for ${what}: ${error.message}`, { cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The one Octokit of the program: base URL for GitHub Enterprise, optional token, a bounded retry with
 * backoff on 5xx answers and dropped connections (never on a refused or unresolvable host: that is the
 * offline case, answered at once), and a time limit per request.
 */
export function createOctokit(settings: GitHubSettings): Octokit {
  const retries = settings.retries ?? 3;
  const retryDelay = settings.retryDelay ?? ((attempt: number) => 500 * 2 ** attempt);
  const timeoutMs = settings.timeoutMs ?? 30_000;
  const baseFetch = settings.fetch ?? globalThis.fetch;
  const fetchWithTimeout: typeof fetch = (input, init) => {
    settings.onRequest?.(init?.method ?? 'GET', String(input instanceof Request ? input.url : input));
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return baseFetch(input, { ...init, signal });
  };
  const octokit = new Octokit({
    baseUrl: settings.apiUrl,
    ...(settings.token ? { auth: settings.token } : {}),
    userAgent: `${generator.name}/${generator.version}`,
    request: { fetch: fetchWithTimeout },
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  octokit.hook.wrap('request', async (request, options) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await request(options);
      } catch (error) {
        if (attempt >= retries || !isRetryable(error)) throw error;
        await sleep(retryDelay(attempt));
      }
    }
  });
  return octokit;
}
