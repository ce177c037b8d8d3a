import { Octokit } from '@octokit/rest';
import { generator } from '../../package-info.js';
import { isRetryable } from './github-errors.js';
import { createFetch } from './http.js';
import type { GitHubSettings } from './settings.js';

export type { GitHubSettings } from './settings.js';
export { describeGitHubError, GitHubNotFoundError, GitHubUnreachableError, RateLimitError } from './github-errors.js';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function retryPolicy(settings: GitHubSettings): { retries: number; delay: (attempt: number) => number } {
  return { retries: settings.retries ?? 3, delay: settings.retryDelay ?? ((attempt: number) => 500 * 2 ** attempt) };
}

/**
 * The one Octokit of the program: base URL for GitHub Enterprise, optional token, proxies from the
 * environment, a bounded retry with backoff on 5xx answers and dropped connections (never on a refused or
 * unresolvable host, nor on a host that does not answer in time: that is the offline case, answered at
 * once), a time limit for the response headers and one for each pause of the body.
 */
export function createOctokit(settings: GitHubSettings): Octokit {
  const { retries, delay } = retryPolicy(settings);
  const octokit = new Octokit({
    baseUrl: settings.apiUrl,
    ...(settings.token ? { auth: settings.token } : {}),
    userAgent: `${generator.name}/${generator.version}`,
    request: { fetch: createFetch(settings) },
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  octokit.hook.wrap('request', async (request, options) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await request(options);
      } catch (error) {
        if (attempt >= retries || !isRetryable(error)) throw error;
        await sleep(delay(attempt));
      }
    }
  });
  return octokit;
}
