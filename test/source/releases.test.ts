import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import type { ReleaseEntry } from '../../src/catalog/bundle-index.js';
import { GitReader } from '../../src/source/releases/git-reader.js';
import { classifyReleaseTag, flyteReleaseTags, ReleaseMapper } from '../../src/source/releases/flyte-releases.js';
import { git, removeDir, tempDir } from '../helpers.js';

// Three small repositories shaped like flyteorg/flyteplugins, flyteorg/flytepropeller and flyteorg/flyte
// (our own few lines, never their code): enough to walk every era of the mapping.
let root: string;
let plugins: string;
let propeller: string;
let flyte: string;

function commit(dir: string, files: Record<string, string>, tags: string[], message = 'change'): string {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty', '-m', message);
  for (const tag of tags) git(dir, 'tag', tag);
  return git(dir, 'rev-parse', 'HEAD').trim();
}

function init(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir);
  git(dir, 'init', '-q', '-b', 'main');
  return dir;
}

const PLUGINS = 'github.com/flyteorg/flyteplugins/go/tasks/plugins';
let pluginsOld: string;
let pluginsNew: string;

before(() => {
  root = tempDir();
  plugins = init('flyteplugins');
  pluginsOld = commit(plugins, { 'go.mod': 'module github.com/lyft/flyteplugins\n' }, ['v0.3.0']);
  pluginsNew = commit(plugins, { 'go.mod': 'module github.com/flyteorg/flyteplugins\n' }, ['v1.1.8']);

  propeller = init('flytepropeller');
  const pluginConfigGo = `package task\n\nimport "${PLUGINS}/webapi/agent"\n\nfunc init() {\n\tagent.RegisterAgentPlugin()\n}\n`;
  commit(
    propeller,
    {
      'Gopkg.lock': `[[projects]]\n  name = "github.com/lyft/flyteplugins"\n  revision = "${pluginsOld}"\n  version = "v0.3.0"\n`,
      'cmd/controller/main.go': `package main\n\nimport (\n\t_ "github.com/lyft/flyteplugins/go/tasks/plugins/k8s/spark"\n)\n`,
    },
    ['v0.1.20'],
  );
  commit(
    propeller,
    {
      'go.mod': 'module github.com/flyteorg/flytepropeller\n\nrequire (\n\tgithub.com/flyteorg/flyteplugins v1.1.8 // indirect\n)\n',
      'plugins/loader.go':
        `package plugins\n\nimport (\n\t_ "${PLUGINS}/k8s/spark"\n\t_ "${PLUGINS}/k8s/pod"\n` + `\t// _ "${PLUGINS}/presto"\n)\n`,
      'plugins/loader_test.go': `package plugins\n\nimport _ "${PLUGINS}/testing"\n`,
      'pkg/controller/nodes/task/plugin_config.go': pluginConfigGo,
    },
    ['v1.1.106', 'v1.1.107'],
  );

  flyte = init('flyte');
  commit(
    flyte,
    { 'helm/values.yaml': 'flytepropeller:\n  image:\n    repository: cr.flyte.org/flyteorg/flytepropeller\n    tag: v0.1.20\n' },
    ['v0.12.0'],
  );
  commit(
    flyte,
    {
      'go.mod': 'module github.com/flyteorg/flyte\n\nrequire github.com/flyteorg/flytepropeller v1.1.105\n',
      'charts/flyte-core/values.yaml':
        '# the chart\nflytepropeller:\n  image:\n    repository: cr.flyte.org/flyteorg/flytepropeller\n' +
        '    tag: v1.1.106 # FLYTEPROPELLER_TAG\n',
    },
    ['v1.8.0'],
  );
  const monorepo = commit(
    flyte,
    {
      'flytepropeller/go.mod':
        'module github.com/flyteorg/flyte/flytepropeller\n\nreplace (\n\tgithub.com/flyteorg/flyte/flyteplugins => ../flyteplugins\n)\n',
      'flytepropeller/plugins/loader.go': 'package plugins\n\nimport _ "github.com/flyteorg/flyte/flyteplugins/go/tasks/plugins/k8s/ray"\n',
      'flyteplugins/go.mod': 'module github.com/flyteorg/flyte/flyteplugins\n',
    },
    ['flytepropeller/v1.9.37', 'flyteplugins/v1.9.37', 'v1.9.37'],
  );
  commit(flyte, { 'charts/flyte-core/values.yaml': 'flytepropeller:\n  image:\n    tag: v1.9.37\n' }, ['v1.10.0', 'flyteplugins/v1.10.0']);
  commit(flyte, { 'go.mod': 'module github.com/flyteorg/flyte/v2\n', 'idl/x.proto': '' }, ['v2.0.0-alpha1']);
  commit(
    flyte,
    {
      'executor/setup.go':
        'package executor\n\nimport _ "github.com/flyteorg/flyte/v2/flyteplugins/go/tasks/plugins/k8s/pod"\n\n' +
        'func setup() {\n\tconnector.RegisterConnectorPlugin()\n}\n',
      'flyteplugins/go/tasks/plugins/k8s/pod/pod.go': 'package pod\n',
    },
    ['v2.0.0'],
  );
  commit(
    flyte,
    { 'charts/flyte-core/values.yaml': 'flytepropeller:\n  image:\n    tag: v9.9.9\n', 'go.mod': 'module github.com/flyteorg/flyte\n' },
    ['v1.99.0'],
  );
  assert.ok(monorepo);
});

after(() => removeDir(root));

function mapper(withPropeller = true): ReleaseMapper {
  return new ReleaseMapper({
    flyte: new GitReader(flyte),
    propeller: withPropeller ? new GitReader(propeller) : undefined,
    plugins: new GitReader(plugins),
  });
}

test('release tags are listed in version order and classified', () => {
  assert.deepEqual(flyteReleaseTags(new GitReader(flyte)), [
    'v0.12.0',
    'v1.8.0',
    'v1.9.37',
    'v1.10.0',
    'v1.99.0',
    'v2.0.0-alpha1',
    'v2.0.0',
  ]);
  assert.deepEqual(['v1.8.0', 'v1.9.2', 'v1.9.37', 'v1.9.38', 'v0.1.24', '1.15.1', 'v1.16.0-b4'].map(classifyReleaseTag), [
    'release',
    'component',
    'component',
    'release',
    'stray',
    'stray',
    'prerelease',
  ]);
});

test(
  'gomod era: the flyte-core chart names the propeller (not go.mod), whose go.mod pins flyteplugins; ' + 'its imports are what it links',
  () => {
    const map = mapper();
    const entry = map.mapRelease('v1.8.0');
    assert.equal(entry.era, 'gomod');
    assert.deepEqual(entry.propeller, {
      repo: 'flyteorg/flytepropeller',
      ref: 'v1.1.106',
      commit: git(propeller, 'rev-parse', 'v1.1.106').trim(),
      path: '',
      from: 'charts/flyte-core/values.yaml:5',
    });
    assert.deepEqual(entry.plugins, { repo: 'flyteorg/flyteplugins', tag: 'v1.1.8', commit: pluginsNew, path: '' });
    const links = map.propellers.get('flyteorg/flytepropeller@v1.1.106');
    assert.deepEqual(links?.module, 'github.com/flyteorg/flyteplugins');
    assert.deepEqual(
      links?.packages,
      ['plugins/k8s/pod', 'plugins/k8s/spark', 'plugins/webapi/agent'],
      'no test file, no commented import',
    );
    assert.deepEqual(links?.calls, ['RegisterAgentPlugin pkg/controller/nodes/task/plugin_config.go:6']);
  },
);

test('before Go modules: helm values name the propeller, whose Gopkg.lock revision is what dep built', () => {
  const entry = mapper().mapRelease('v0.12.0');
  assert.equal(entry.era, 'pre-gomod');
  assert.equal(entry.propeller?.from, 'helm/values.yaml:4');
  assert.deepEqual(entry.plugins, { repo: 'flyteorg/flyteplugins', tag: 'v0.3.0', commit: pluginsOld, path: '' });
});

test('monorepo: the chart image is a flytepropeller/ tag, built against the flyteplugins/ of its own commit', () => {
  const map = mapper();
  const entry = map.mapRelease('v1.10.0');
  const at = git(flyte, 'rev-parse', 'flytepropeller/v1.9.37').trim();
  assert.equal(entry.era, 'monorepo');
  assert.deepEqual(entry.propeller, {
    repo: 'flyteorg/flyte',
    ref: 'flytepropeller/v1.9.37',
    commit: at,
    path: 'flytepropeller',
    from: 'charts/flyte-core/values.yaml:3',
  });
  assert.deepEqual(entry.plugins, { repo: 'flyteorg/flyte', tag: 'flyteplugins/v1.9.37', commit: at, path: 'flyteplugins' });
  assert.deepEqual(map.propellers.get('flyteorg/flyte@flytepropeller/v1.9.37')?.packages, ['plugins/k8s/ray']);
});

test('Flyte 2: the executor and plugins of the release commit; before the executor existed, a reason', () => {
  const map = mapper();
  const entry = map.mapRelease('v2.0.0');
  assert.equal(entry.era, 'flyte2');
  assert.deepEqual(entry.plugins?.tag, null);
  assert.deepEqual(map.propellers.get('flyteorg/flyte@v2.0.0')?.calls, ['RegisterConnectorPlugin executor/setup.go:6']);
  assert.deepEqual(map.propellers.get('flyteorg/flyte@v2.0.0')?.module, 'github.com/flyteorg/flyte/v2/flyteplugins');
  assert.match(map.mapRelease('v2.0.0-alpha1').reason ?? '', /without executor/);
});

test('what cannot be mapped says why: an image tag that is no tag, a missing clone', () => {
  assert.match(
    mapper().mapRelease('v1.99.0').reason ?? '',
    /propeller image tag v9\.9\.9 \(charts\/flyte-core\/values\.yaml:3\) is no tag/,
  );
  assert.match(mapper(false).mapRelease('v1.8.0').reason ?? '', /--mirror DIR=flyteorg\/flytepropeller/);
});

test('a flyteplugins tag is linked by the propeller a release deploys among those that pin it, else the newest', () => {
  const map = mapper();
  const releases = new Map<string, ReleaseEntry>([['v1.8.0', map.mapRelease('v1.8.0')]]);
  assert.deepEqual(map.linkedForPluginsTag('v1.1.8', releases), {
    repo: 'flyteorg/flytepropeller',
    ref: 'v1.1.106',
    commit: git(propeller, 'rev-parse', 'v1.1.106').trim(),
    pinnedBy: ['v1.1.106', 'v1.1.107'],
  });
  assert.equal(map.linkedForPluginsTag('v1.1.8', new Map())?.ref, 'v1.1.107');
  assert.equal(map.linkedForPluginsTag('v0.3.0', new Map())?.ref, 'v0.1.20');
  assert.equal(map.linkedForPluginsTag('v9.0.0', new Map()), undefined);
});
