import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createGzip, gzipSync } from 'node:zlib';
import { Header, Pax } from 'tar';

/** Archives built by hand, good or hostile, and the server handlers that send them (lazily when big). */

export interface TarEntry {
  path: string;
  body?: Buffer | string;
  type?: 'File' | 'Directory' | 'SymbolicLink' | 'Link';
  linkpath?: string;
}

const BLOCK = 512;

function header(entry: { path: string; size: number; type: TarEntry['type']; linkpath?: string | undefined }): Buffer {
  const block = Buffer.alloc(BLOCK);
  const data = { path: entry.path, mode: 0o644, size: entry.size, mtime: new Date(0), type: entry.type ?? 'File', uid: 0, gid: 0 };
  new Header(entry.linkpath === undefined ? data : { ...data, linkpath: entry.linkpath }).encode(block, 0);
  return block;
}

function padding(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
}

/** A pax global header whose comment names a commit, as GitHub and `git archive` write it. */
function paxComment(commit: string): Buffer {
  return new Pax({ comment: commit }, true).encode();
}

/** An uncompressed tar of these entries, after an optional pax global header. */
function tarOf(entries: readonly TarEntry[], commit?: string): Buffer {
  const parts: Buffer[] = commit ? [paxComment(commit)] : [];
  for (const entry of entries) {
    const body = Buffer.from(entry.body ?? '');
    parts.push(header({ path: entry.path, size: body.length, type: entry.type, linkpath: entry.linkpath }), body, padding(body.length));
  }
  parts.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(parts);
}

export function tarGzOf(entries: readonly TarEntry[], commit?: string): Buffer {
  return gzipSync(tarOf(entries, commit));
}

/** Every file of a fixture folder as entries under `top/`. */
export function fixtureEntries(dir: string, top: string): TarEntry[] {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((path) => statSync(join(dir, path)).isFile());
  return files.sort().map((path) => ({ path: `${top}/${path}`, body: readFileSync(join(dir, path)) }));
}

/**
 * A tar made lazily: a pax comment, a top folder, then one file of `size` zero bytes. Nothing of it is held
 * in memory beyond one 64 KiB chunk, whatever the size (2 GB in the tests).
 */
export async function* lazyTar(top: string, commit: string, path: string, size: number): AsyncGenerator<Buffer> {
  yield paxComment(commit);
  yield header({ path: `${top}/`, size: 0, type: 'Directory' });
  yield header({ path: `${top}/${path}`, size, type: 'File' });
  const zeros = Buffer.alloc(64 * 1024);
  for (let sent = 0; sent < size; sent += zeros.length) yield size - sent >= zeros.length ? zeros : zeros.subarray(0, size - sent);
  yield padding(size);
  yield Buffer.alloc(2 * BLOCK);
}

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** A handler that answers 200 with these bytes (and these headers). */
export function serveBytes(body: Buffer, headers: Record<string, string> = {}): Handler {
  return (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/x-gzip', 'content-length': String(body.length), ...headers });
    response.end(body);
  };
}

/**
 * A handler that streams a lazily made body, gzipped at `level` (0: stored, as big as what it holds), and
 * gzipped once more as a `Content-Encoding` when `encoded`. Stops making bytes when the client goes away.
 */
export function serveLazy(
  make: () => AsyncIterable<Buffer>,
  options: { level: number; encoded?: boolean; onSent?: (bytes: number) => void },
): Handler {
  return (_request, response) => {
    let stream: Readable = Readable.from(make()).pipe(createGzip({ level: options.level }));
    const headers: Record<string, string> = { 'content-type': 'application/x-gzip' };
    if (options.encoded) {
      stream = stream.pipe(createGzip({ level: 9 }));
      headers['content-encoding'] = 'gzip';
    }
    let sent = 0;
    stream.on('data', (chunk: Buffer) => {
      sent += chunk.length;
      options.onSent?.(sent);
    });
    response.on('close', () => stream.destroy());
    response.writeHead(200, headers);
    stream.pipe(response);
  };
}

/** A handler that sends the headers and part of a body, then nothing more (nor closes). */
export function serveStall(body: Buffer): Handler {
  return (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/x-gzip', 'content-length': String(body.length) });
    response.write(body.subarray(0, body.length >> 1));
  };
}
