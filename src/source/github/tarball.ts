import { pipeline } from 'node:stream/promises';
import { createGunzip, type ZlibOptions } from 'node:zlib';
import { SourceError } from '../../errors.js';
import type { Provenance, SourceTree } from '../types.js';
import { LIMIT_ENV, type DownloadLimits } from './settings.js';
import { PROPELLER_FOLDERS } from '../../catalog/known-repos.js';
import { isFullSha } from '../../util/git-sha.js';
import { TarFormatError, TarReader, type TarEntry } from './tar-reader.js';

/** The files of one commit, as a tarball holds them: the paths the scan may look at, and the contents of those it reads. */
export interface Archive {
  /** The commit SHA from the pax global header (`comment=`), written by GitHub and `git archive`. */
  commit: string | undefined;
  files: string[];
  contents: Map<string, Buffer>;
}

/** An archive that is bigger than a limit allows: the message names the limit and how to raise it. */
export class DownloadLimitError extends SourceError {}

/** An archive that is not what it claims to be (another commit, paths outside its folder). */
export class ArchiveRefusedError extends SourceError {}

export interface ReadOptions {
  /** `owner/repo@ref`, for messages. */
  what: string;
  limits: DownloadLimits;
  /** The plugin folder when known: Go files elsewhere are not kept (except propeller's, which `linked` reads). */
  pluginPath: string | undefined;
  /** The commit the archive must be of, when known before it arrives. */
  expectedCommit?: string | undefined;
  /** Called with each compressed chunk, once it is within the limit (progress, the cache's copy on disk). */
  onChunk?: (chunk: Uint8Array, received: number) => void;
}

/**
 * Which files are kept in memory for the scan: every go.mod; Go sources under the plugin folder (all of them
 * when it is not known) and under propeller's folders. Other Go files are left out of the listing too, so the
 * scan treats their packages as outside the tree instead of asking for bytes that were not kept.
 */
function keepRule(pluginPath: string | undefined): (path: string) => 'keep' | 'list' | 'drop' {
  const root = pluginPath?.replace(/^\.?\/+|\/+$/g, '');
  const under = `${root}/`;
  return (path) => {
    if (path === 'go.mod' || path.endsWith('/go.mod')) return 'keep';
    if (!path.endsWith('.go')) return 'list';
    if (!root || path.startsWith(under) || PROPELLER_FOLDERS.some((folder) => path.startsWith(folder))) return 'keep';
    return 'drop';
  };
}

const MB = 1024 * 1024;

/**
 * zlib streams take the stream options too, which ZlibOptions does not declare. Each output chunk is one
 * round trip to the thread pool and back through the stream: 1 MB chunks inflate the monorepo's 40 MB in a
 * quarter of the trips of 256 KB (zlib's default 16 KB would take 2,500).
 */
const INTAKE: ZlibOptions & { writableHighWaterMark: number } = { chunkSize: MB, writableHighWaterMark: 4 * MB };

export function limitError(what: string, limits: DownloadLimits, key: keyof DownloadLimits, noun: string): DownloadLimitError {
  const exact = limits[key] / MB;
  const mb = exact >= 1 ? Math.round(exact * 100) / 100 : Number(exact.toPrecision(3));
  return new DownloadLimitError(`${noun} of ${what} is over the ${mb} MB limit; stopped, nothing was cached`, {
    hint: `set ${LIMIT_ENV[key]} to a larger number of MB to allow it`,
  });
}

/** The path inside the top folder, or a refusal for one that could escape it or that sits outside it. */
function innerPath(raw: string, state: { top: string | undefined }, what: string): string {
  const refuse = (why: string): ArchiveRefusedError =>
    new ArchiveRefusedError(`the archive of ${what} holds ${why} ('${raw.slice(0, 200)}'); refused, nothing was cached`, {
      hint: 'the server is not GitHub or the download was tampered with; check --api-url and any proxy',
    });
  if (raw.startsWith('/') || /^[A-Za-z]:/.test(raw)) throw refuse('an absolute path');
  // Split only the rare path that holds `..` at all: this runs for each of the archive's thousands of entries.
  if (raw.includes('..') && raw.split('/').some((segment) => segment === '..' || segment.split('\\').includes('..'))) {
    throw refuse('a path with ..');
  }
  const slash = raw.indexOf('/');
  const top = slash === -1 ? raw : raw.slice(0, slash);
  state.top ??= top;
  if (top !== state.top || !top) throw refuse(`a path outside its one top folder '${state.top}'`);
  return slash === -1 ? '' : raw.slice(slash + 1);
}

/** GitHub names the top folder `<owner>-<repo>-<7+ hex of the commit>`: it must agree with the pax comment. */
function checkTopFolder(top: string | undefined, commit: string | undefined, what: string): void {
  const hex = /-([0-9a-f]{7,40})$/.exec(top ?? '')?.[1];
  if (top === undefined || !commit) return;
  if (!hex || !commit.startsWith(hex)) {
    throw new ArchiveRefusedError(`the archive of ${what} says commit ${commit} but its folder is '${top}'; refused, nothing was cached`, {
      hint: 'the server is not GitHub or the download was tampered with; check --api-url and any proxy',
    });
  }
}

class ArchiveCollector {
  readonly archive: Archive = { commit: undefined, files: [], contents: new Map() };
  readonly state: { top: string | undefined } = { top: undefined };
  private keptBytes = 0;
  private readonly keep: ReturnType<typeof keepRule>;

  constructor(private readonly options: ReadOptions) {
    this.keep = keepRule(options.pluginPath);
  }

  /** Every entry: listed when the scan may look at it; the path to keep its bytes under when it reads them. */
  onEntry(entry: TarEntry): string | undefined {
    const { what, limits } = this.options;
    const path = innerPath(entry.path, this.state, what);
    this.archive.commit ??= isFullSha(entry.comment) ? entry.comment : undefined;
    // Links are not followed (nor listed); folders need no entry.
    if (entry.type !== 'File' || !path) return undefined;
    const rule = this.keep(path);
    if (rule !== 'drop') this.archive.files.push(path);
    if (rule !== 'keep') return undefined;
    if (entry.size > limits.fileBytes) throw limitError(what, limits, 'fileBytes', `the file ${path}`);
    this.keptBytes += entry.size;
    if (this.keptBytes > limits.keptBytes) throw limitError(what, limits, 'keptBytes', 'the Go sources kept from the archive');
    return path;
  }

  onFile(path: string, body: Buffer): void {
    this.archive.contents.set(path, body);
  }
}

function corrupt(what: string, error: Error): SourceError {
  return new SourceError(`the archive of ${what} is incomplete or corrupt (${error.message}); nothing was cached`, { cause: error });
}

/**
 * Read a .tar.gz as it arrives, or fail: the compressed bytes, the tar they expand to and every file kept
 * are capped; a cut-off or corrupt archive is an error (gzip's trailer catches any cut), never a partial tree;
 * an archive whose folder disagrees with its commit, or with a path that leaves its folder, is refused.
 * The first path segment (`owner-repo-sha/`) is stripped.
 */
export async function readTarball(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, options: ReadOptions): Promise<Archive> {
  const { what, limits } = options;
  const collector = new ArchiveCollector(options);
  const reader = new TarReader(
    (entry) => collector.onEntry(entry),
    (path, body) => collector.onFile(path, body),
  );
  let compressed = 0;
  let expanded = 0;
  async function* limitCompressed(): AsyncGenerator<Uint8Array> {
    for await (const chunk of source) {
      compressed += chunk.length;
      if (compressed > limits.compressedBytes) throw limitError(what, limits, 'compressedBytes', 'the download');
      options.onChunk?.(chunk, compressed);
      yield chunk;
    }
  }
  await pipeline(
    limitCompressed(),
    // A deep intake: undici's parser pauses whenever the body is not taken at once, and each pause re-reads
    // (and re-copies) all the socket holds, so waiting for every chunk would cost time quadratic in the size.
    createGunzip(INTAKE),
    async function parse(chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        expanded += chunk.length;
        if (expanded > limits.expandedBytes) throw limitError(what, limits, 'expandedBytes', 'the unpacked archive');
        reader.write(chunk);
      }
      reader.end();
    },
  ).catch((error: unknown) => {
    const code: unknown = (error as { code?: unknown } | undefined)?.code;
    if (error instanceof TarFormatError) throw corrupt(what, error);
    if (error instanceof Error && typeof code === 'string' && code.startsWith('Z_')) throw corrupt(what, error);
    throw error;
  });
  checkTopFolder(collector.state.top, collector.archive.commit ?? options.expectedCommit, what);
  collector.archive.files.sort();
  return collector.archive;
}

export function archiveTree(archive: Archive, provenance: Provenance): SourceTree {
  return {
    provenance,
    listFiles: async () => archive.files,
    readFiles: async (paths) => {
      const out = new Map<string, Buffer>();
      for (const path of paths) {
        const content = archive.contents.get(path);
        if (!content) throw new SourceError(`no file ${path} in the archive of ${provenance.repo}@${provenance.tag ?? provenance.commit}`);
        out.set(path, content);
      }
      return out;
    },
    close: async () => undefined,
  };
}
