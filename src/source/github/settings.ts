import { UsageError } from '../../errors.js';

/** Caps on what one archive may cost; each stops the download with one line naming it and how to raise it. */
export interface DownloadLimits {
  /** Bytes of the .tar.gz as received (after any Content-Encoding is undone). */
  compressedBytes: number;
  /** Bytes of the tar once gunzipped. */
  expandedBytes: number;
  /** Bytes of any one file kept in memory for the scan (Go sources, go.mod). */
  fileBytes: number;
  /** Bytes of all the files kept in memory for the scan together. */
  keptBytes: number;
}

/** Proxies as the environment names them (`HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY`, either case). */
export interface ProxySettings {
  httpProxy?: string;
  httpsProxy?: string;
  noProxy?: string;
}

/** How to reach GitHub; kept apart from the Octokit module so that reading settings does not load Octokit. */
export interface GitHubSettings {
  /** REST API base URL: `--api-url`, `GITHUB_API_URL`, or https://api.github.com (GitHub Enterprise: https://HOST/api/v3). */
  apiUrl: string;
  /** From `GITHUB_TOKEN` or `GH_TOKEN`; optional. */
  token?: string;
  /** Injected in tests; by default undici's fetch through the proxy settings. */
  fetch?: typeof fetch;
  /** Attempts after the first, on 5xx answers and dropped connections (also a body cut off mid-way). */
  retries?: number;
  /** Wait before retry `attempt` (0-based), in ms. */
  retryDelay?: (attempt: number) => number;
  /** Give up on a request whose response headers have not arrived after this long (default 10 s). */
  timeoutMs?: number;
  /** Give up on a response body that sends nothing for this long (default 30 s). */
  idleTimeoutMs?: number;
  /** Download caps; defaults in `DEFAULT_LIMITS`. */
  limits?: Partial<DownloadLimits>;
  proxy?: ProxySettings;
  /** Called once per HTTP request sent (for progress and request counts). */
  onRequest?: (method: string, url: string) => void;
}

export const DEFAULT_API_URL = 'https://api.github.com';

const MB = 1024 * 1024;

const DEFAULT_LIMITS: DownloadLimits = {
  compressedBytes: 100 * MB,
  expandedBytes: 1024 * MB,
  fileBytes: 8 * MB,
  keptBytes: 256 * MB,
};

/** The environment variable that raises each limit, in MB. */
export const LIMIT_ENV: Record<keyof DownloadLimits, string> = {
  compressedBytes: 'FLYTE_PLUGIN_CATALOG_MAX_DOWNLOAD_MB',
  expandedBytes: 'FLYTE_PLUGIN_CATALOG_MAX_EXPANDED_MB',
  fileBytes: 'FLYTE_PLUGIN_CATALOG_MAX_FILE_MB',
  keptBytes: 'FLYTE_PLUGIN_CATALOG_MAX_SOURCE_MB',
};

const TIMEOUT_ENV = { timeoutMs: 'FLYTE_PLUGIN_CATALOG_TIMEOUT_S', idleTimeoutMs: 'FLYTE_PLUGIN_CATALOG_IDLE_TIMEOUT_S' } as const;

export function downloadLimits(settings: GitHubSettings): DownloadLimits {
  return { ...DEFAULT_LIMITS, ...settings.limits };
}

function positiveNumber(env: NodeJS.ProcessEnv, name: string, scale: number): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new UsageError(`${name} must be a positive number, not '${raw}'`);
  return Math.round(value * scale);
}

function proxyFromEnv(env: NodeJS.ProcessEnv): ProxySettings | undefined {
  const pick = (name: string): string | undefined => env[name.toLowerCase()] || env[name] || undefined;
  const proxy: ProxySettings = {};
  const httpProxy = pick('HTTP_PROXY');
  const httpsProxy = pick('HTTPS_PROXY');
  const noProxy = pick('NO_PROXY');
  if (httpProxy) proxy.httpProxy = httpProxy;
  if (httpsProxy) proxy.httpsProxy = httpsProxy;
  if (noProxy) proxy.noProxy = noProxy;
  return httpProxy || httpsProxy ? proxy : undefined;
}

export function githubSettingsFromEnv(env: NodeJS.ProcessEnv, apiUrl?: string): GitHubSettings {
  const token = env.GITHUB_TOKEN || env.GH_TOKEN || undefined;
  const settings: GitHubSettings = {
    apiUrl: (apiUrl || env.GITHUB_API_URL || DEFAULT_API_URL).replace(/\/+$/, ''),
    ...(token ? { token } : {}),
  };
  const limits: Partial<DownloadLimits> = {};
  for (const key of Object.keys(LIMIT_ENV) as (keyof DownloadLimits)[]) {
    const value = positiveNumber(env, LIMIT_ENV[key], MB);
    if (value !== undefined) limits[key] = value;
  }
  if (Object.keys(limits).length > 0) settings.limits = limits;
  const timeout = positiveNumber(env, TIMEOUT_ENV.timeoutMs, 1000);
  const idle = positiveNumber(env, TIMEOUT_ENV.idleTimeoutMs, 1000);
  if (timeout !== undefined) settings.timeoutMs = timeout;
  if (idle !== undefined) settings.idleTimeoutMs = idle;
  const proxy = proxyFromEnv(env);
  if (proxy) settings.proxy = proxy;
  return settings;
}
