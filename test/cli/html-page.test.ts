import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { diffVersions } from '../../src/catalog/diff.js';
import { idHistories } from '../../src/catalog/id-history.js';
import { diffPage } from '../../src/cli/html/diff-page.js';
import { historyPage } from '../../src/cli/html/history-page.js';
import { minorGroups, type PageData } from '../../src/cli/html/page-data.js';
import { projectRoot, runCli } from '../helpers.js';
import type { CatalogPlugin } from '../../src/catalog/schema.js';
import { plugin } from '../registrations.js';

const OFFLINE = { env: { XDG_CACHE_HOME: '/nonexistent' } };
const HOSTILE = '<img src=x onerror=alert(1)>';
const BREAKOUT = '</script><script>alert(2)</script><!--';

const COMMIT = 'c7dd2ebbc8982984422a91394d6490a76d2c2e7f';
const version = (tag: string, plugins: CatalogPlugin[]) => ({ repo: 'flyteorg/flyteplugins', tag, commit: COMMIT, plugins });

/** Four versions over two minor releases: spark throughout, `old` renamed `new` at v1.1.0, two hostile IDs. */
function versions() {
  const spark = plugin('spark', 'spark');
  const hostile = plugin(HOSTILE, 'evil', { file: `go/tasks/plugins/evil/${BREAKOUT}.go`, taskTypes: [BREAKOUT] });
  const breakout = plugin(BREAKOUT, 'evil2', { flags: ['example'] });
  return [
    version('v1.0.0', [spark, plugin('old', 'agent'), hostile]),
    version('v1.0.1', [plugin('spark', 'spark', { line: 12, linked: null }), plugin('old', 'agent'), hostile, breakout]),
    version('v1.1.0', [spark, plugin('new', 'agent')]),
    version('v1.1.1', [plugin('spark', 'spark', { taskTypes: ['spark', 'pyspark'] }), plugin('new', 'agent')]),
  ];
}

/** The data the page embeds, read back as the page's script reads it. */
function embedded(html: string): PageData {
  const match = /<script type="application\/json" id="page-data">(.*?)<\/script>/s.exec(html);
  assert.ok(match?.[1], 'the page embeds its data');
  return JSON.parse(match[1]) as PageData;
}

test('the history page embeds every version, the minor groups and a row per ID, each rename chain kept together', () => {
  const list = versions();
  const histories = idHistories(list);
  const html = historyPage(list, histories, Object.keys(histories.spans));
  const data = embedded(html);
  assert.equal(data.kind, 'history');
  assert.deepEqual(
    data.versions.map((v) => v.tag),
    ['v1.0.0', 'v1.0.1', 'v1.1.0', 'v1.1.1'],
  );
  assert.equal(data.versions[0]?.commit, COMMIT);
  assert.deepEqual(
    data.groups.map((g) => [g.label, g.first, g.count]),
    [
      ['v1.0.x', 0, 2],
      ['v1.1.x', 2, 2],
    ],
  );
  assert.deepEqual(
    data.rows.map((row) => row.id),
    [BREAKOUT, HOSTILE, 'old', 'new', 'spark'],
  );
  const [old, renamed, spark] = data.rows.slice(2);
  assert.deepEqual(old?.renamedTo, [{ id: 'new', at: 2, basis: 'same file' }]);
  assert.deepEqual(renamed?.renamedFrom, [{ id: 'old', at: 2, basis: 'same file' }]);
  assert.deepEqual(
    spark?.spans.map((span) => [span.first, span.last, span.taskTypes]),
    [
      [0, 2, ['spark']],
      [3, 3, ['pyspark', 'spark']],
    ],
  );
  assert.deepEqual(
    spark?.sites.map((site) => [site.first, site.last, site.at]),
    [
      [0, 0, ['go/tasks/plugins/spark/plugin.go:10']],
      [1, 1, ['go/tasks/plugins/spark/plugin.go:12']],
      [2, 3, ['go/tasks/plugins/spark/plugin.go:10']],
    ],
  );
  assert.equal(spark?.linked, 'y?yy', 'linked per version: the v1.0.1 catalog cannot know');
  assert.equal(data.rows[0]?.linked, '.y..');
  assert.equal(data.rows[0]?.spans[0]?.flagged, true);
});

test('hostile IDs, task types and file names stay data: no tag, no end of the script element, no comment opened', () => {
  const list = versions();
  const histories = idHistories(list);
  const html = historyPage(list, histories, Object.keys(histories.spans));
  assert.ok(!html.includes('<img'), 'no img tag');
  assert.ok(!html.includes('onerror=alert(1)>'));
  assert.equal(html.match(/<\/script/gi)?.length, 2, 'only the two script elements end');
  assert.equal(html.match(/<script/gi)?.length, 2, 'only the two script elements begin');
  assert.ok(!html.includes('<!--'), 'no comment or script-data escape opened');
  const data = embedded(html);
  const hostile = data.rows.find((row) => row.id === HOSTILE);
  assert.ok(hostile, 'the hostile ID reads back exactly');
  assert.deepEqual(hostile.spans[0]?.taskTypes, [BREAKOUT]);
  assert.deepEqual(hostile.sites[0]?.at, [`go/tasks/plugins/evil/${BREAKOUT}.go:10`]);
  assert.ok(data.rows.some((row) => row.id === BREAKOUT));
});

test('the page can make no request: a strict CSP, a data: icon, no src or href to load', () => {
  const list = versions();
  const histories = idHistories(list);
  const html = historyPage(list, histories, ['spark']);
  const csp = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";
  assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="${csp}">`));
  assert.match(html, /<link rel="icon" href="data:,">/);
  assert.deepEqual(html.match(/\b(src|href)=/g), ['href='], 'the icon is the only reference');
  assert.ok(!/https?:\/\//.test(html.replace(/https:\/\/github\.com\/\$\{/g, '')), 'no URL but the script template of source links');
  assert.deepEqual(
    embedded(html).rows.map((row) => row.id),
    ['spark'],
  );
});

test('the page assets cannot end their own elements', () => {
  const folder = join(projectRoot, 'src', 'cli', 'html', 'assets');
  assert.ok(!/<\/script/i.test(readFileSync(join(folder, 'page.js'), 'utf8')));
  assert.ok(!/<\/style/i.test(readFileSync(join(folder, 'page.css'), 'utf8')));
  assert.ok(!/innerHTML|outerHTML|insertAdjacentHTML|document\.write/.test(readFileSync(join(folder, 'page.js'), 'utf8')));
});

test('minor groups: per repository, `v` optional, pre-releases with their minor', () => {
  const tags = [
    ['flyteorg/flyteplugins', 'v0.10.24'],
    ['flyteorg/flyteplugins', 'v1.0.0'],
    ['flyteorg/flyteplugins', 'v1.0.64'],
    ['flyteorg/flyte', 'flyteplugins/v1.0.1'],
    ['flyteorg/flyte', 'flyteplugins/v1.15.0'],
    ['flyteorg/flyte', 'flyteplugins/1.15.1'],
    ['flyteorg/flyte', 'flyteplugins/v1.16.0b0'],
    ['flyteorg/flyte', 'flyteplugins/v1.16.0-b2'],
    ['flyteorg/flyte', 'main'],
  ];
  const groups = minorGroups(tags.map(([repo = '', tag = '']) => ({ repo, tag, plugins: [] })));
  assert.deepEqual(
    groups.map((g) => `${g.label}:${g.count}`),
    ['v0.10.x:1', 'v1.0.x:2', 'flyteplugins/v1.0.x:1', 'flyteplugins/v1.15.x:2', 'flyteplugins/v1.16.x:2', 'main:1'],
  );
});

test('the diff page: two columns, rows marked added, removed, renamed and changed, the changes listed, the title escaped', () => {
  const [from, , to] = versions();
  assert.ok(from && to);
  const older = { ...from, tag: 'Flyte <v1>' };
  const newer = { ...to, plugins: [...to.plugins, plugin('ray', 'ray')] };
  const diff = diffVersions(older, newer);
  const html = diffPage(older, newer, diff, [['added', 'ray', 'k8s']]);
  assert.match(html, /<title>Plugin IDs: Flyte &lt;v1&gt; → v1\.1\.0<\/title>/);
  const data = embedded(html);
  assert.equal(data.kind, 'diff');
  assert.deepEqual(
    data.groups.map((g) => g.label),
    ['Flyte <v1>', 'v1.1.0'],
  );
  assert.deepEqual(Object.fromEntries(data.rows.map((row) => [row.id, row.mark ?? null])), {
    [HOSTILE]: 'removed',
    old: 'renamed',
    new: 'renamed',
    ray: 'added',
    spark: null,
  });
  assert.deepEqual(data.changes, [['added', 'ray', 'k8s']]);
  const same = embedded(diffPage(to, to, diffVersions(to, to), []));
  assert.deepEqual(
    same.versions.map((v) => v.tag),
    ['v1.1.0 (from)', 'v1.1.0 (to)'],
  );
});

test('history -o html and diff -o html write one page from the bundled catalogs', async () => {
  const history = await runCli(['history', 'agent-service', 'external-plugin-service', '-o', 'html'], OFFLINE);
  assert.equal(history.code, 0, history.stderr);
  assert.match(history.stdout, /^<!doctype html>\n/);
  const data = embedded(history.stdout);
  assert.deepEqual(
    data.rows.map((row) => row.id),
    ['external-plugin-service', 'agent-service'],
  );
  assert.ok(data.versions.length > 300, 'every bundled version is a column');
  const at = data.rows[1]?.renamedFrom[0]?.at ?? -1;
  assert.equal(data.versions[at]?.tag, 'v1.0.64');
  const diff = await runCli(['diff', 'v1.9.0', 'v1.16.8', '--releases', '-o', 'html', '--offline'], OFFLINE);
  assert.equal(diff.code, 0, diff.stderr);
  const changes = embedded(diff.stdout).changes ?? [];
  assert.ok(changes.some(([what, id]) => what === 'added' && id === 'connector-service'));
  assert.ok(changes.some(([what, id]) => what === 'removed' && id === 'qubole-hive-executor'));
});

test('history --with -o html: the subtitle does not call the versions added with --with bundled ones', async () => {
  const run = await runCli(['history', 'echo', '--with', 'v2.0.43', '--releases', '-o', 'html', '--offline'], OFFLINE);
  assert.equal(run.code, 0, run.stderr);
  const { subtitle, versions } = embedded(run.stdout);
  assert.equal(versions.at(-1)?.tag, 'v2.0.43');
  assert.match(subtitle, /: the catalogs bundled with flyte-plugin-catalog \S+ and the versions added with --with\.$/);
});
