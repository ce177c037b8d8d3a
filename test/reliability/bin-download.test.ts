// The installed CLI downloads through the bundles it ships (vendor-github.cjs holds the parts of undici it takes
// one by one), behind a proxy as without one, and reads its code cache on the next run. In-process tests use
// undici from node_modules; only a process running the bin exercises the bundles.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { FakeGitHub } from '../github-server.js';
import { git, gitRepoFromFixture, projectRoot, tempDir } from '../helpers.js';
import { LoggingProxy } from './servers.js';

let github: FakeGitHub;

before(async () => {
  const plugins = gitRepoFromFixture('scan', 'all-shapes');
  git(plugins, 'tag', 'v1.0.0');
  github = await new FakeGitHub({ 'acme/plugins': plugins }).start();
});

after(() => github.close());

/** The bin as a process, awaited without blocking this one's event loop (the fake GitHub and the proxy live here). */
function bin(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(projectRoot, 'bin', 'flyte-plugin-catalog.js'), ...args], {
      env: { PATH: process.env.PATH, HOME: tempDir(), ...env },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
  });
}

test('the bin downloads and scans through a proxy, and a second process answers the same from its caches', async () => {
  const proxy = await new LoggingProxy().start();
  try {
    const xdg = tempDir();
    const args = ['discover', '--repo', 'acme/plugins', '--tag', 'v1.0.0', '--json', '--api-url', github.apiUrl];
    const env = { XDG_CACHE_HOME: xdg, HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url };
    const first = await bin(args, env);
    assert.equal(first.code, 0, first.stderr);
    assert.equal((JSON.parse(first.stdout) as { plugins: unknown[] }).plugins.length, 13);
    const port = new URL(github.apiUrl).port;
    assert.ok(proxy.log.length >= 1, 'the proxy saw nothing');
    assert.ok(proxy.log.every((line) => line === `CONNECT 127.0.0.1:${port}` || line.startsWith(`GET http://127.0.0.1:${port}/`)));
    const requests = github.requests.length;
    const second = await bin(args, env);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.stdout, first.stdout);
    assert.equal(github.requests.length, requests, 'a tag seen before costs no request');
  } finally {
    await proxy.close();
  }
});
