// Loads the CLI's bundles with V8's compiled code kept between runs. Node 22.1+ can do this for modules
// (module.enableCompileCache); Node 20 cannot, and compiling the bundle is most of what a command costs
// beyond a bare `node` start. So the bundles are CommonJS files run through vm.Script with cachedData:
// the first run of a command compiles as usual and then saves what V8 compiled; later runs skip the compile.
//
// Nothing here may change what a command does: a cache that is missing, stale, corrupt or unwritable only
// costs the compile. Each file is tied to the exact bundle (its build hash, size and mtime) and the exact Node
// (version, arch, its command-line flags); V8 rejects data of another V8 or flags, and a CRC-32 ours: a torn or
// altered file is never handed to V8. Only Node builtins a command loads anyway, and zlib's crc32 rather than
// crypto: loading node:crypto or node:v8 would cost a command 1-3 ms each. Built on first use rather
// than at install: install scripts are often off (npm --ignore-scripts, pnpm), and the Node that installs is not
// always the one that runs.
import {
  closeSync,
  constants,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { crc32 } from 'node:zlib';
import { userCacheRoot } from '../util/cache-dir.js';

/** The commands that keep a cache of their own (the code one command compiles is not what another needs). */
export const CACHED_COMMANDS = ['discover', 'tags', 'enable', 'disable', 'check', 'list', 'show', 'history', 'diff'] as const;

const CHECKSUM_BYTES = 4;
/** A cache file is a few hundred KB; anything over this is not one of ours. */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;
/** A temp file this old was left by a writer that was killed before its rename. */
const STALE_TEMP_MS = 60_000;

export interface CodeCacheOptions {
  /** The folder of cache files; undefined: compile every time. */
  dir: string | undefined;
  /** Which cache: the command (`check`), else `other`. */
  purpose: string;
  /** What the bundles' own `require` resolves through: the bin's (its folder finds the same node_modules). */
  require: NodeJS.Require;
  /** `<file name>` → build hash, from the bundle's manifest; a bundle it does not name is never cached. */
  builds: Readonly<Record<string, string>>;
  /**
   * Load through Node's own require instead, which applies the bundles' source maps (it does not for
   * vm.Script): for --debug, whose stacks name the TypeScript files.
   */
  sourceMaps?: boolean;
}

type Outcome = 'used' | 'compiled' | 'rejected' | 'uncached';

interface Loaded {
  name: string;
  exports: unknown;
  script: Script;
  cacheFile: string | undefined;
  outcome: Outcome;
}

/** `<user cache root>/flyte-plugin-catalog/code` (util/cache-dir.ts), unless either variable turns it off; none without a home. */
export function codeCacheDir(env: NodeJS.ProcessEnv): string | undefined {
  if (env.FLYTE_PLUGIN_CATALOG_CODE_CACHE === '0' || (env.NODE_DISABLE_COMPILE_CACHE ?? '') !== '') return undefined;
  const root = userCacheRoot(env);
  return root && join(root, 'flyte-plugin-catalog', 'code');
}

/** The command a command line runs, as main() finds it: the first word that is not an option. */
export function cachePurpose(argv: readonly string[]): string {
  const named = argv.find((arg) => !arg.startsWith('-'));
  return (CACHED_COMMANDS as readonly string[]).includes(named ?? '') ? (named as string) : 'other';
}

/**
 * The build hashes scripts/bundle.mjs wrote beside the bundles. Missing or malformed: an empty list, and no
 * bundle is cached (the CLI still runs).
 */
export function readBuilds(manifest: string): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(manifest, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) return {};
    return Object.fromEntries(Object.entries(parsed).filter(([, build]) => typeof build === 'string' && /^[0-9a-f]{16,}$/.test(build)));
  } catch {
    return {};
  }
}

/** The data after its CRC-32, or undefined when the file is missing or does not match it. */
function readChecked(file: string): Buffer | undefined {
  let bytes: Buffer;
  let fd: number | undefined;
  try {
    // Opened without blocking and checked to be a regular file of a sane size: a FIFO or a device put in its
    // place must not hang the command, nor a huge file take its memory.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    const stat = fstatSync(fd);
    const size = stat.size;
    if (!stat.isFile() || size > MAX_CACHE_BYTES || !onlyOursToWrite(stat)) return undefined;
    bytes = Buffer.allocUnsafe(size);
    if (readSync(fd, bytes, 0, size, 0) !== size) return undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  const data = bytes.subarray(CHECKSUM_BYTES);
  return data.length > 0 && bytes.readUInt32BE(0) === crc32(data) ? data : undefined;
}

/**
 * V8 checks that cached data fits the source's length, its own version and flags, not what the code does: a cache
 * file is code. So one that someone else could have written is not used (POSIX): not ours (a cache folder shared or
 * given away, `sudo -E` with the user's HOME) or writable by group or others (ours are written 0600).
 */
function onlyOursToWrite(stat: { uid: number; mode: number }): boolean {
  if (!process.geteuid) return true;
  return stat.uid === process.geteuid() && (stat.mode & 0o022) === 0;
}

function withChecksum(data: Buffer): Buffer {
  const head = Buffer.alloc(CHECKSUM_BYTES);
  head.writeUInt32BE(crc32(data));
  return Buffer.concat([head, data]);
}

/** What V8's flags depend on, short enough for a file name: Node's options, hashed (FNV-1a). */
function flagsKey(): string {
  let hash = 0x811c9dc5;
  for (const char of `${process.execArgv.join(' ')}|${process.env.NODE_OPTIONS ?? ''}`) {
    hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 0x01000193) >>> 0;
  }
  return hash.toString(16);
}

export class BundleLoader {
  private readonly loaded = new Map<string, Loaded>();

  constructor(private readonly options: CodeCacheOptions) {}

  /** Run a bundle (once) and return its exports; `./x.cjs` requires inside it load through here too. */
  load(file: string): unknown {
    const known = this.loaded.get(file);
    if (known) return known.exports;
    if (this.options.sourceMaps) return this.options.require(file);
    const source = readFileSync(file, 'utf8');
    const cacheFile = this.cacheFile(file);
    const cachedData = cacheFile ? readChecked(cacheFile) : undefined;
    // The wrapper's first line is offset away, so that stacks keep the bundle's own lines. No
    // importModuleDynamically: the bundles hold no import() (scripts/bundle.mjs makes them requires).
    const wrapper = `(function (exports, require, module, __filename, __dirname) {\n${source}\n})`;
    const script = new Script(wrapper, {
      filename: file,
      lineOffset: -1,
      cachedData,
    });
    const outcome: Outcome = !cacheFile ? 'uncached' : !cachedData ? 'compiled' : script.cachedDataRejected ? 'rejected' : 'used';
    const module = { exports: {} as unknown };
    const entry: Loaded = { name: basename(file), exports: undefined, script, cacheFile, outcome };
    this.loaded.set(file, entry);
    const run = script.runInThisContext() as (...args: unknown[]) => void;
    run.call(module.exports, module.exports, this.requireFor(file), module, file, dirname(file));
    entry.exports = module.exports;
    return entry.exports;
  }

  /** Save what V8 compiled for the bundles that had no usable cache. Never throws: the cache is optional. */
  save(): void {
    for (const entry of this.loaded.values()) {
      if (entry.cacheFile && entry.outcome !== 'used') this.write(entry.cacheFile, entry.script.createCachedData());
    }
  }

  private write(file: string, data: Buffer): void {
    // pid and a random part: containers sharing a home folder may all be pid 1.
    const temp = `${file}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
    try {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(temp, withChecksum(data), { mode: 0o600 });
      renameSync(temp, file);
      this.prune(file);
    } catch {
      // A read-only or full disk: the next run compiles again; a half-written temp file is not left behind.
      try {
        rmSync(temp, { force: true });
      } catch {}
    }
  }

  /** One line for --debug: what each bundle's compile cost. */
  describe(): string {
    if (this.options.sourceMaps) return 'code cache: off (--debug loads the bundles with their source maps)';
    const parts = [...this.loaded.values()].map((entry) => `${entry.name} ${entry.outcome}`);
    return `code cache (${this.options.purpose}): ${parts.join(', ')}${this.options.dir ? ` in ${this.options.dir}` : ' (off)'}`;
  }

  private cacheFile(file: string): string | undefined {
    const build = this.options.builds[basename(file)];
    if (!this.options.dir || !build) return undefined;
    let stat: { size: number; mtimeMs: number };
    try {
      stat = statSync(file);
    } catch {
      return undefined;
    }
    const node = `${process.version}-${process.arch}-${flagsKey()}`;
    const name = `${this.options.purpose}.${basename(file)}.${build.slice(0, 16)}-${stat.size}-${Math.trunc(stat.mtimeMs)}.${node}.bin`;
    return join(this.options.dir, name);
  }

  /**
   * Older files of the same command and bundle (another build or Node) go when a new one is written, and so do
   * temp files a killed writer left (SIGKILL between write and rename): a live writer's exists for milliseconds,
   * so one over a minute old is nobody's. One that cannot go is left; the rest still are pruned.
   */
  private prune(current: string): void {
    const dir = dirname(current);
    const prefix = basename(current).split('.').slice(0, 3).join('.');
    for (const name of readdirSync(dir)) {
      if (!name.startsWith(`${prefix}.`) || name === basename(current)) continue;
      try {
        if (!name.endsWith('.tmp') || Date.now() - statSync(join(dir, name)).mtimeMs > STALE_TEMP_MS) unlinkSync(join(dir, name));
      } catch {}
    }
  }

  private requireFor(file: string): NodeJS.Require {
    const real = this.options.require;
    const own = (id: string): unknown => (id.startsWith('./') && id.endsWith('.cjs') ? this.load(join(dirname(file), id)) : real(id));
    return Object.assign(own, { resolve: real.resolve, cache: real.cache, main: real.main, extensions: real.extensions }) as NodeJS.Require;
  }
}
