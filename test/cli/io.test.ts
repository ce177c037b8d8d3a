// The CLI's view of the process: standard input is made only when a command reads it (creating process.stdin
// costs ~2 ms, and most commands never read it).
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { processIo, withDebug, type CliIo } from '../../src/cli/io.js';

test('withDebug sets debug and leaves a getter unread until used', () => {
  let reads = 0;
  const stdin = new PassThrough();
  const io: CliIo = {
    get stdin() {
      reads++;
      return stdin;
    },
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    env: {},
    cwd: '/',
  };
  const copy = withDebug(io, true);
  assert.equal(reads, 0);
  assert.equal(copy.debug, true);
  assert.equal(io.debug, undefined, 'the io given is not changed');
  assert.equal(copy.stdin, stdin);
  assert.equal(reads, 1);
  assert.equal(withDebug(copy, false).debug, false);
});

test("processIo's stdin is the process's, read through a getter", () => {
  const io = processIo();
  assert.equal(typeof Object.getOwnPropertyDescriptor(io, 'stdin')?.get, 'function');
  assert.equal(withDebug(io, false).stdout, process.stdout);
});
