import { Agent, EnvHttpProxyAgent, Response as UndiciResponse, fetch as undiciFetch, type Dispatcher } from 'undici';
import type { GitHubSettings, ProxySettings } from './settings.js';

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_IDLE_TIMEOUT_MS = 30_000;

/**
 * The dispatcher for every request: through the proxies of the settings (read from the environment by
 * `githubSettingsFromEnv`, never from process.env here: empty strings stop undici from reading it).
 */
function createDispatcher(proxy: ProxySettings | undefined): Dispatcher {
  if (!proxy?.httpProxy && !proxy?.httpsProxy) return new Agent();
  return new EnvHttpProxyAgent({ httpProxy: proxy.httpProxy ?? '', httpsProxy: proxy.httpsProxy ?? '', noProxy: proxy.noProxy ?? '' });
}

/**
 * The URL of a fetch input. Not `instanceof Request`, nor `new Response` below: touching Node's global Request or
 * Response makes Node load the undici it bundles for its own fetch (~5 ms), besides npm's, which does the work.
 */
function urlOf(input: string | URL | Request): string {
  return typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
}

/** npm undici's fetch with our dispatcher (Node 20's global fetch bundles its own undici, which would not take it). */
function proxiedFetch(proxy: ProxySettings | undefined): typeof fetch {
  const dispatcher = createDispatcher(proxy);
  return (input, init) => {
    const url = urlOf(input);
    // The two fetches agree at run time; their type declarations differ only in undici's own classes.
    return undiciFetch(url, { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher }) as unknown as Promise<Response>;
  };
}

function timeoutError(message: string): DOMException {
  return new DOMException(message, 'TimeoutError');
}

/** Responses that have no body to watch. */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * fetch with two time limits: the response headers must arrive within `timeoutMs`, then the body may take
 * as long as it keeps sending, but no more than `idleTimeoutMs` between two chunks. Either limit aborts the
 * request with a `TimeoutError` that names it.
 */
export function createFetch(settings: GitHubSettings): typeof fetch {
  const baseFetch = settings.fetch ?? proxiedFetch(settings.proxy);
  const headersMs = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const idleMs = settings.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  return async (input, init) => {
    settings.onRequest?.(init?.method ?? 'GET', urlOf(input));
    const controller = new AbortController();
    const arm = (ms: number, message: string): NodeJS.Timeout => setTimeout(() => controller.abort(timeoutError(message)), ms).unref();
    const signal = init?.signal ? AbortSignal.any([init.signal, controller.signal]) : controller.signal;
    const timer = arm(headersMs, `no response within ${seconds(headersMs)}`);
    let response: Response;
    try {
      response = await baseFetch(input, { ...init, signal });
    } finally {
      clearTimeout(timer);
    }
    if (!response.body || NULL_BODY.has(response.status)) return response;
    const body = watchIdle(response.body, arm(idleMs, `no data for ${seconds(idleMs)}`));
    const fields = { status: response.status, statusText: response.statusText, headers: response.headers };
    // undici's Response and the global one agree at run time; their type declarations differ in undici's own classes.
    const watched = new UndiciResponse(body, fields as ConstructorParameters<typeof UndiciResponse>[1]) as unknown as Response;
    Object.defineProperty(watched, 'url', { value: response.url });
    return watched;
  };
}

/**
 * The body as it is read, the idle timer re-armed at each chunk and stopped at the end. One pull per read,
 * not a pipe into a TransformStream: that costs several promise hops per chunk, hundreds of times per archive.
 */
function watchIdle(source: ReadableStream<Uint8Array>, timer: NodeJS.Timeout): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(output) {
        const { done, value } = await reader.read().catch((error: unknown) => {
          clearTimeout(timer);
          throw error;
        });
        if (done) {
          clearTimeout(timer);
          output.close();
          return;
        }
        timer.refresh();
        output.enqueue(value);
      },
      cancel(reason) {
        clearTimeout(timer);
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}
