import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { discover } from '../../src/discover.js';
import { SourceError } from '../../src/errors.js';
import { openGitSource } from '../../src/source/git.js';
import { git, gitRepoFromFixture, gitShow, removeDir, tempDir } from '../helpers.js';

let repo: string;
let bare: string;

before(() => {
  repo = gitRepoFromFixture('scan', 'all-shapes');
  git(repo, 'tag', 'v1.0.0');
  const file = join(repo, 'go/tasks/plugins/lookalike/one/executor.go');
  writeFileSync(file, readFileSync(file, 'utf8').replace('"one-array"', '"one-array-renamed"'));
  git(repo, 'commit', '-q', '-am', 'rename');
  git(repo, 'tag', 'v1.1.0');
  bare = join(tempDir(), 'bare.git');
  git(repo, 'clone', '-q', '--bare', repo, bare);
});

after(() => {
  removeDir(repo);
  removeDir(bare);
});

function ids(catalog: { plugins: { id: string }[] }): string[] {
  return catalog.plugins.map((plugin) => plugin.id);
}

test('reads each tag as committed, without checking anything out', async () => {
  writeFileSync(join(repo, 'go/tasks/plugins/ids/ids.go'), 'package ids\n\nconst GridPluginID = "dirty-work-tree"\n');
  const old = await discover({ source: repo, tag: 'v1.0.0', repo: 'acme/plugins' });
  const next = await discover({ source: repo, tag: 'v1.1.0', repo: 'acme/plugins' });
  assert.ok(ids(old.catalog).includes('one-array'));
  assert.ok(!ids(old.catalog).includes('one-array-renamed'));
  assert.ok(ids(next.catalog).includes('one-array-renamed'));
  assert.ok(ids(next.catalog).includes('grid-operator'), 'the dirty work tree must not be read');
  assert.equal(old.catalog.source.tag, 'v1.0.0');
  assert.equal(old.catalog.source.commit, git(repo, 'rev-parse', 'v1.0.0').trim());
  assert.equal(old.catalog.source.repo, 'acme/plugins');
  git(repo, 'checkout', '-q', '--', '.');
});

test('reads a bare repository at a branch, a tag and a commit', async () => {
  const commit = git(bare, 'rev-parse', 'v1.0.0').trim();
  for (const ref of ['main', 'v1.1.0', commit, 'HEAD']) {
    const { catalog } = await discover({ source: bare, tag: ref });
    assert.equal(catalog.plugins.length, 13, ref);
  }
});

test('an unknown tag lists the nearest real tags', async () => {
  await assert.rejects(discover({ source: bare, tag: 'v1.0.7' }), (error: unknown) => {
    assert.ok(error instanceof SourceError);
    assert.match(error.message, /no tag, branch or commit 'v1\.0\.7'/);
    assert.match(error.hint ?? '', /v1\.0\.0, v1\.1\.0/);
    return true;
  });
});

test('a folder inside another work tree is read as a folder, not as that repository', async () => {
  const inner = join(repo, 'go/tasks');
  await assert.rejects(openGitSource(inner, 'HEAD'), /not a git repository/);
});

test('reads many blobs through one cat-file process in order', async () => {
  const source = await openGitSource(repo, 'v1.1.0');
  try {
    const files = (await source.listFiles()).filter((file) => file.endsWith('.go'));
    const contents = await source.readFiles(files);
    for (const file of files) {
      assert.deepEqual(contents.get(file), gitShow(repo, `v1.1.0:${file}`), file);
    }
  } finally {
    await source.close();
  }
});
