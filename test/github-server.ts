import { execFileSync } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A fault to inject into the next requests whose path matches. */
export type Fault =
  | { kind: 'status'; status: number }
  | { kind: 'rate-limit' }
  | { kind: 'cut' }
  /** Answer with this handler instead (hostile or odd servers: bombs, stalls, lying archives). */
  | { kind: 'handler'; handle: (request: IncomingMessage, response: ServerResponse) => void };

export interface RecordedRequest {
  method: string;
  /** The decoded path and query, as a router sees it. */
  path: string;
  /** The request target exactly as it was sent (percent-encoding and all). */
  rawPath: string;
  authorization: string | undefined;
  accept: string | undefined;
}

const DOCS = 'https://docs.github.com/rest';

/**
 * A local HTTP server that answers the GitHub REST endpoints the tool uses, with GitHub's shapes
 * (JSON bodies, 404 bodies, rate-limit headers, the 302 of the tarball endpoint, Link pagination),
 * backed by git repositories built by the tests. Every request is recorded; bytes sent are counted.
 */
export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  bytesSent = 0;
  tarballBytes = 0;
  /** Each answer waits this long (a slow network), so that requests overlap. */
  latencyMs = 0;
  /** Requests being answered now, and the most at once since the last reset. */
  inFlight = 0;
  maxInFlight = 0;
  private readonly faults: { pattern: RegExp; fault: Fault; times: number }[] = [];
  private server: Server | undefined;
  private origin = '';
  private remaining = 60;

  /** `repos`: "owner/name" → a git repository (bare or not). `prefix`: `/api/v3` to play GitHub Enterprise. */
  constructor(
    private readonly repos: Record<string, string>,
    private readonly prefix = '',
  ) {}

  get apiUrl(): string {
    return `${this.origin}${this.prefix}`;
  }

  /** REST requests (the codeload download a redirect leads to is not one). */
  get restRequests(): RecordedRequest[] {
    return this.requests.filter((request) => !request.path.startsWith('/codeload/'));
  }

  failNext(pattern: RegExp, fault: Fault, times = 1): void {
    this.faults.push({ pattern, fault, times });
  }

  reset(): void {
    this.faults.length = 0;
    this.requests.length = 0;
    this.bytesSent = 0;
    this.maxInFlight = 0;
    this.latencyMs = 0;
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      response.once('close', () => this.inFlight--);
      if (this.latencyMs > 0) setTimeout(() => this.handle(request, response), this.latencyMs);
      else this.handle(request, response);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private send(response: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string> = {}): void {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    this.remaining = Math.max(0, this.remaining - 1);
    response.writeHead(status, {
      'content-length': String(bytes.length),
      'x-ratelimit-limit': '60',
      'x-ratelimit-remaining': String(this.remaining),
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      'x-github-api-version-selected': '2022-11-28',
      ...headers,
    });
    response.end(bytes);
    this.bytesSent += bytes.length;
  }

  private json(response: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
    this.send(response, status, JSON.stringify(value), { 'content-type': 'application/json; charset=utf-8', ...headers });
  }

  private notFound(response: ServerResponse, message = 'Not Found', doc = ''): void {
    this.json(response, 404, { message, documentation_url: `${DOCS}${doc}`, status: '404' });
  }

  private commitOf(repo: string, ref: string): string | undefined {
    try {
      return execFileSync('git', ['-C', repo, 'rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { encoding: 'utf8' }).trim();
    } catch {
      return undefined;
    }
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', this.origin);
    this.requests.push({
      method: request.method ?? 'GET',
      path: url.pathname + url.search,
      rawPath: request.url ?? '',
      authorization: request.headers.authorization,
      accept: request.headers.accept,
    });
    const fault = this.faults.find((candidate) => candidate.times > 0 && candidate.pattern.test(url.pathname));
    if (fault && fault.fault.kind !== 'cut') {
      fault.times--;
      if (fault.fault.kind === 'handler') return fault.fault.handle(request, response);
      if (fault.fault.kind === 'rate-limit') {
        this.remaining = 0;
        this.json(response, 403, {
          message:
            'API rate limit exceeded for 127.0.0.1. ' +
            "(But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)",
          documentation_url: `${DOCS}/overview/resources-in-the-rest-api#rate-limiting`,
        });
        return;
      }
      this.json(response, fault.fault.status, { message: 'Server Error' });
      return;
    }

    const codeload = /^\/codeload\/([^/]+)\/([^/]+)\/legacy\.tar\.gz\/(.+)$/.exec(url.pathname);
    if (codeload) {
      const [, owner, name, ref] = codeload;
      const repo = this.repos[`${owner}/${name}`];
      const commit = repo && this.commitOf(repo, decodeURIComponent(ref ?? ''));
      if (!repo || !commit) return this.notFound(response);
      const archive = execFileSync(
        'git',
        ['-C', repo, 'archive', '--format=tar.gz', `--prefix=${owner}-${name}-${commit.slice(0, 7)}/`, commit],
        { maxBuffer: 1 << 30 },
      );
      this.tarballBytes = archive.length;
      if (fault) {
        fault.times--;
        response.writeHead(200, { 'content-type': 'application/x-gzip', 'content-length': String(archive.length) });
        response.write(archive.subarray(0, archive.length >> 1));
        this.bytesSent += archive.length >> 1;
        setTimeout(() => response.destroy(), 10);
        return;
      }
      return this.send(response, 200, archive, {
        'content-type': 'application/x-gzip',
        'content-disposition': `attachment; filename=${owner}-${name}-${commit.slice(0, 7)}.tar.gz`,
      });
    }

    if (!url.pathname.startsWith(`${this.prefix}/repos/`)) return this.notFound(response);
    const rest = url.pathname.slice(this.prefix.length);
    const route = /^\/repos\/([^/]+)\/([^/]+)\/(tarball|commits|tags)(?:\/(.+))?$/.exec(rest);
    const repo = route && this.repos[`${route[1]}/${route[2]}`];
    if (!route || !repo) return this.notFound(response);
    const [, owner, name, endpoint, rawRef] = route;
    const ref = decodeURIComponent(rawRef ?? '');

    if (endpoint === 'tarball') {
      if (!this.commitOf(repo, ref)) return this.notFound(response);
      return this.send(response, 302, '', {
        location: `${this.origin}/codeload/${owner}/${name}/legacy.tar.gz/${encodeURIComponent(ref)}`,
      });
    }
    if (endpoint === 'commits') {
      const commit = this.commitOf(repo, ref);
      if (!commit) {
        return this.json(response, 422, {
          message: `No commit found for SHA: ${ref}`,
          documentation_url: `${DOCS}/commits/commits#get-a-commit`,
          status: '422',
        });
      }
      if (/application\/vnd\.github\.(v3\.)?sha/.test(request.headers.accept ?? '')) {
        return this.send(response, 200, commit, { 'content-type': 'application/vnd.github.sha; charset=utf-8' });
      }
      return this.json(response, 200, { sha: commit, url: `${this.apiUrl}/repos/${owner}/${name}/commits/${commit}` });
    }
    // tags, paginated like GitHub: per_page (default 30, at most 100), page, and a Link header.
    const tags = execFileSync('git', ['-C', repo, 'tag', '--list', '--sort=-creatordate'], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
    const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30));
    const page = Number(url.searchParams.get('page') ?? 1);
    const last = Math.max(1, Math.ceil(tags.length / perPage));
    const link = (n: number, rel: string): string =>
      `<${this.apiUrl}/repos/${owner}/${name}/tags?per_page=${perPage}&page=${n}>; rel="${rel}"`;
    const links = [
      page < last ? link(page + 1, 'next') : '',
      page < last ? link(last, 'last') : '',
      page > 1 ? link(1, 'first') : '',
      page > 1 ? link(page - 1, 'prev') : '',
    ].filter(Boolean);
    const body = tags.slice((page - 1) * perPage, page * perPage).map((tag) => ({ name: tag, commit: { sha: this.commitOf(repo, tag) } }));
    return this.json(response, 200, body, links.length > 0 ? { link: links.join(', ') } : {});
  }
}
