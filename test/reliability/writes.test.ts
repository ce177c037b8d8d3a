// Issue 7, "Writes (config edits and --out)": links and special files, modes and owners, read-only files,
// bytes outside the edit, write errors. Concurrent and interrupted writes: writes-processes.test.ts.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  createReadStream,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { CacheStore } from '../../src/cache/store.js';
import { invalidUtf8Offset } from '../../src/util/utf8.js';
import { fixture, runCli, tempDir } from '../helpers.js';

const catalog = ['--catalog', fixture('config', 'catalog.json')];
const BASE = 'tasks:\n  task-plugins:\n    enabled-plugins:\n      - sidecar\n';
const WITH_RAY = `${BASE}      - ray\n`;
const isRoot = process.getuid?.() === 0;

function config(content: string | Buffer = BASE, name = 'config.yaml'): string {
  const path = join(tempDir(), name);
  writeFileSync(path, content);
  return path;
}

/** One error line, last (discover prints an `offline: served from …` notice before it). */
function oneLine(stderr: string, pattern: RegExp): void {
  assert.match(stderr, /^(offline: [^\n]*\n)?error: [^\n]*\n$/, `one line: ${stderr}`);
  assert.match(stderr.replace(/^offline: [^\n]*\n/, ''), pattern);
}

test('an edit through a symbolic link edits the file it points to; the link stays a link', async () => {
  const real = config();
  const link = join(tempDir(), 'link.yaml');
  symlinkSync(real, link);
  const run = await runCli(['enable', 'ray', '-c', link, ...catalog]);
  assert.equal(run.code, 0, run.stderr);
  assert.ok(lstatSync(link).isSymbolicLink());
  assert.equal(readFileSync(real, 'utf8'), WITH_RAY);
  assert.deepEqual(readdirSync(dirname(link)), ['link.yaml'], 'no temp file beside the link');
  assert.deepEqual(readdirSync(dirname(real)), ['config.yaml'], 'none beside the target either');
});

test('a file with two hard links is refused with one line (a replace would split them), unchanged', async () => {
  const path = config();
  linkSync(path, `${path}.other`);
  const run = await runCli(['enable', 'ray', '-c', path, ...catalog]);
  assert.equal(run.code, 1);
  oneLine(run.stderr, /has 2 hard links; .*\(break the link first: cp /);
  assert.equal(readFileSync(`${path}.other`, 'utf8'), BASE);
  assert.equal(statSync(path).nlink, 2);
});

test('-c that is no regular file is refused before anything else (even the catalog)', async () => {
  const dir = tempDir();
  execFileSync('mkfifo', [join(dir, 'fifo')]);
  const fifo = await runCli(['enable', 'ray', '-c', join(dir, 'fifo'), '--catalog', join(dir, 'missing.json')]);
  assert.equal(fifo.code, 1);
  oneLine(fifo.stderr, /fifo is not a regular file \(a device, FIFO or socket\)/);
  const device = await runCli(['disable', 'ray', '-c', '/dev/null', '--catalog', join(dir, 'missing.json')]);
  assert.equal(device.code, 1);
  oneLine(device.stderr, /\/dev\/null is not a regular file/);
  const folder = await runCli(['enable', 'ray', '-c', dir, '--catalog', join(dir, 'missing.json')]);
  assert.equal(folder.code, 2);
  oneLine(folder.stderr, /is a folder, not a config file/);
  assert.ok(statSync('/dev/null').isCharacterDevice());
});

const discover = ['discover', '--tag', 'v0.5.25', '--offline'];

test('discover --out /dev/null writes into the device and leaves it a device', async () => {
  const run = await runCli([...discover, '--cache-dir', tempDir(), '--out', '/dev/null']);
  assert.equal(run.code, 0, run.stderr);
  assert.ok(statSync('/dev/null').isCharacterDevice());
  assert.deepEqual(
    readdirSync('/dev').filter((name) => name.includes('flyte-plugin-catalog')),
    [],
  );
});

test('discover --out FIFO writes into the FIFO', async () => {
  const fifo = join(tempDir(), 'catalog.fifo');
  execFileSync('mkfifo', [fifo]);
  const chunks: Buffer[] = [];
  const read = new Promise<void>((done, fail) => {
    createReadStream(fifo)
      .on('data', (chunk) => {
        chunks.push(Buffer.from(chunk));
      })
      .on('end', done)
      .on('error', fail);
  });
  const run = await runCli([...discover, '--cache-dir', tempDir(), '--out', fifo]);
  await read;
  assert.equal(run.code, 0, run.stderr);
  assert.equal(JSON.parse(Buffer.concat(chunks).toString('utf8')).source.tag, 'v0.5.25');
  assert.ok(lstatSync(fifo).isFIFO());
});

test('discover --out a folder or into a missing folder: one line, exit 2, nothing written anywhere', async () => {
  const parent = tempDir();
  const folder = join(parent, 'folder');
  mkdirSync(folder);
  const intoFolder = await runCli([...discover, '--cache-dir', tempDir(), '--out', folder]);
  assert.equal(intoFolder.code, 2);
  oneLine(intoFolder.stderr, /^error: cannot write .*folder: it is a folder \(name a file\)/);
  assert.deepEqual(readdirSync(parent), ['folder']);
  assert.deepEqual(readdirSync(folder), []);
  const missing = await runCli([...discover, '--cache-dir', tempDir(), '--out', join(parent, 'nope', 'catalog.json')]);
  assert.equal(missing.code, 2);
  oneLine(missing.stderr, /^error: cannot write .*: there is no folder .*nope \(create the folder first/);
});

test('discover --out through a link writes the target and keeps the link', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'real.json'), 'old');
  symlinkSync('real.json', join(dir, 'out.json'));
  const run = await runCli([...discover, '--cache-dir', tempDir(), '--out', join(dir, 'out.json')]);
  assert.equal(run.code, 0, run.stderr);
  assert.ok(lstatSync(join(dir, 'out.json')).isSymbolicLink());
  assert.equal(JSON.parse(readFileSync(join(dir, 'real.json'), 'utf8')).source.tag, 'v0.5.25');
});

test('mode (setgid included) and owner/group are kept exactly, under umask 022', { skip: !isRoot && 'needs root to chown' }, async () => {
  const path = config();
  chmodSync(path, 0o2664);
  chownSync(path, 1234, 1234);
  const previous = process.umask(0o022);
  try {
    const run = await runCli(['enable', 'ray', '-c', path, ...catalog]);
    assert.equal(run.code, 0, run.stderr);
  } finally {
    process.umask(previous);
  }
  const after = statSync(path);
  assert.equal((after.mode & 0o7777).toString(8), '2664');
  assert.deepEqual([after.uid, after.gid], [1234, 1234]);
  assert.equal(readFileSync(path, 'utf8'), WITH_RAY);
});

test('a read-only file (0444) is refused with one line; --allow-read-only writes it and keeps 0444', async () => {
  const path = config();
  chmodSync(path, 0o444);
  const refused = await runCli(['enable', 'ray', '-c', path, ...catalog]);
  assert.equal(refused.code, 1);
  oneLine(refused.stderr, /is read-only \(mode 0444\); nothing written \(pass --allow-read-only to write it anyway/);
  assert.equal(readFileSync(path, 'utf8'), BASE);
  const unchanged = await runCli(['enable', 'sidecar', '-c', path, ...catalog]);
  assert.equal(unchanged.code, 0, 'nothing to write: no refusal');
  const forced = await runCli(['enable', 'ray', '-c', path, '--allow-read-only', ...catalog]);
  assert.equal(forced.code, 0, forced.stderr);
  assert.equal(readFileSync(path, 'utf8'), WITH_RAY);
  assert.equal(statSync(path).mode & 0o7777, 0o444);
  const help = await runCli(['enable', '--help']);
  assert.match(help.stdout, /--allow-read-only +write the config even if its mode has no write bit/);
});

test('a file that is not UTF-8 is refused with the byte and its offset, for every command; nothing written', async () => {
  const latin1 = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from(`\n${BASE}`)]);
  const path = config(latin1, 'values.yaml');
  for (const args of [['enable', 'ray'], ['disable', 'sidecar'], ['check']]) {
    const run = await runCli([...args, '-c', path, ...catalog]);
    assert.equal(run.code, 2, args.join(' '));
    oneLine(run.stderr, /values\.yaml is not UTF-8 text \(invalid byte 0xe9 at offset 5\) \(convert it to UTF-8/);
  }
  assert.deepEqual(readFileSync(path), latin1);
});

test('every byte outside the edited lines is kept: a BOM and 2-, 3- and 4-byte characters', async () => {
  const bom = Buffer.from([0xef, 0xbb, 0xbf]);
  const body = `# café ✓ 𝄞\n${BASE}`;
  const path = config(Buffer.concat([bom, Buffer.from(body)]));
  const run = await runCli(['enable', 'ray', '-c', path, ...catalog]);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(readFileSync(path), Buffer.concat([bom, Buffer.from(`# café ✓ 𝄞\n${WITH_RAY}`)]));
});

test('the cache removes the temp files a killed process left in the folder it writes to', async () => {
  const root = tempDir();
  const dead = deadPid();
  mkdirSync(join(root, 'tags'));
  const stale = join(root, 'tags', `.entry.flyte-plugin-catalog.${dead}.0123abcd.tmp`);
  const live = join(root, 'tags', `.entry.flyte-plugin-catalog.${process.pid}.0123abcd.tmp`);
  writeFileSync(stale, 'half');
  writeFileSync(live, 'mine');
  await new CacheStore(root).write(['tags', 'entry'], 'data');
  assert.equal(existsSync(stale), false);
  assert.equal(existsSync(live), true, 'a running process keeps its temp file');
  assert.equal((await new CacheStore(root).read(['tags', 'entry']))?.toString(), 'data');
});

/** The pid of a process that has ended. */
function deadPid(): number {
  return Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }));
}

/** A read-only file system (a tmpfs remounted ro) holding `content`; undefined where mount is not allowed. */
function readOnlyMount(content: string): { path: string; unmount: () => void } | undefined {
  const dir = tempDir('fpc-rofs-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  const unmount = (): void => {
    execFileSync('umount', [dir], { stdio: 'ignore' });
  };
  writeFileSync(join(dir, 'config.yaml'), content);
  try {
    execFileSync('mount', ['-o', 'remount,ro', dir], { stdio: 'ignore' });
  } catch {
    unmount();
    return undefined;
  }
  return { path: join(dir, 'config.yaml'), unmount };
}

test('a read-only file system is named as such (not ENOENT), and the message says the file is unchanged', async (t) => {
  const mounted = readOnlyMount(BASE);
  if (!mounted) {
    t.skip('cannot mount a tmpfs here');
    return;
  }
  try {
    const run = await runCli(['enable', 'ray', '-c', mounted.path, ...catalog]);
    assert.equal(run.code, 2);
    oneLine(run.stderr, /^error: cannot write .*config\.yaml \(read-only file system, EROFS\); it is unchanged\n$/);
    const out = await runCli([...discover, '--cache-dir', tempDir(), '--out', join(dirname(mounted.path), 'catalog.json')]);
    assert.equal(out.code, 2);
    oneLine(out.stderr, /\(read-only file system, EROFS\); nothing written\n$/);
    assert.equal(readFileSync(mounted.path, 'utf8'), BASE);
  } finally {
    mounted.unmount();
  }
});

test('the offset of the first invalid byte: overlongs, surrogates, beyond U+10FFFF, truncated sequences', () => {
  const cases: [number[], number | undefined][] = [
    [[0x61, 0xc3, 0xa9, 0xe2, 0x9c, 0x93, 0xf0, 0x9d, 0x84, 0x9e], undefined],
    [[0x61, 0xc0, 0xaf], 1], // overlong '/'
    [[0x61, 0x62, 0xe0, 0x80, 0xaf], 2], // overlong, three bytes
    [[0xed, 0xa0, 0x80], 0], // a surrogate
    [[0xf4, 0x90, 0x80, 0x80], 0], // beyond U+10FFFF
    [[0x61, 0xe2, 0x9c], 1], // truncated at the end
    [[0x80], 0], // a lone continuation byte
  ];
  for (const [bytes, offset] of cases) {
    assert.equal(invalidUtf8Offset(Uint8Array.from(bytes)), offset, Buffer.from(bytes).toString('hex'));
    let valid = true;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
    } catch {
      valid = false;
    }
    assert.equal(valid, offset === undefined, 'agrees with the fatal TextDecoder');
  }
});
