/** How to reach GitHub; kept apart from the Octokit module so that reading settings does not load Octokit. */
export interface GitHubSettings {
  /** REST API base URL: `--api-url`, `GITHUB_API_URL`, or https://api.github.com (GitHub Enterprise: https://HOST/api/v3). */
  apiUrl: string;
  /** From `GITHUB_TOKEN` or `GH_TOKEN`; optional. */
  token?: string;
  /** Injected in tests. */
  fetch?: typeof fetch;
  /** Attempts after the first, on 5xx answers and dropped connections. */
  retries?: number;
  /** Wait before retry `attempt` (0-based), in ms. */
  retryDelay?: (attempt: number) => number;
  /** Give up on a request that has not answered after this long. */
  timeoutMs?: number;
  /** Called once per HTTP request sent (for progress and request counts). */
  onRequest?: (method: string, url: string) => void;
}

export const DEFAULT_API_URL = 'https://api.github.com';

export function githubSettingsFromEnv(env: NodeJS.ProcessEnv, apiUrl?: string): GitHubSettings {
  const token = env.GITHUB_TOKEN || env.GH_TOKEN || undefined;
  return { apiUrl: (apiUrl || env.GITHUB_API_URL || DEFAULT_API_URL).replace(/\/+$/, ''), ...(token ? { token } : {}) };
}

