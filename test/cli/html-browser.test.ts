// The HTML pages in a real browser: headless Chromium (the Debian package; no browser is ever downloaded) opens
// the pages the CLI writes from the bundled catalogs and a page of hostile IDs, over file://, and the test clicks
// and types as a person would. Screenshots go to test-output/ (git-ignored), to look at.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { bundledVersions } from '../../src/cache/bundled.js';
import { withoutAliases } from '../../src/catalog/id-history.js';
import { idHistories } from '../../src/catalog/id-history.js';
import { historyPage } from '../../src/cli/html/history-page.js';
import { minorGroups } from '../../src/cli/html/page-data.js';
import { projectRoot, tempDir } from '../helpers.js';
import { plugin } from '../registrations.js';

const CHROMIUM = '/usr/bin/chromium';
// Skipped on a machine without Chromium, never in CI (CI=true), where .ci/run installs it: there a missing browser fails.
const skip = existsSync(CHROMIUM) || process.env.CI ? false : `no Chromium at ${CHROMIUM} (install the Debian package chromium; CI does)`;
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const OUTPUT = join(projectRoot, 'test-output');
const dir = tempDir('fpc-html-');
let browser: Browser | undefined;

before(async () => {
  if (skip) return;
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  mkdirSync(OUTPUT, { recursive: true });
});

after(async () => {
  await browser?.close();
});

/** What the CLI writes to stdout, into a file; its size in bytes. */
function cli(args: readonly string[], file: string): string {
  const out = execFileSync(process.execPath, [join(projectRoot, 'bin', 'flyte-plugin-catalog.js'), ...args], {
    cwd: projectRoot,
    env: { ...process.env, XDG_CACHE_HOME: '/nonexistent' },
    maxBuffer: 64 << 20,
    encoding: 'utf8',
  });
  writeFileSync(file, out);
  return out;
}

interface Opened {
  page: Page;
  /** Console errors, page errors and dialogs: all must stay empty. */
  problems: string[];
  /** Every request the page made, its own file:// load included. */
  requests: string[];
}

async function open(file: string): Promise<Opened> {
  assert.ok(browser);
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  const opened: Opened = { page, problems: [], requests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') opened.problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => opened.problems.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    opened.problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('request', (request) => opened.requests.push(request.url()));
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('html[data-render-ms]');
  return opened;
}

function assertQuiet(opened: Opened, file: string): void {
  assert.deepEqual(opened.problems, []);
  assert.deepEqual(opened.requests, [pathToFileURL(file).href], 'no request but the page itself');
}

const visibleIds = (page: Page): Promise<string[]> =>
  page.$$eval('tbody tr:not([hidden]) th .name', (names) => names.map((name) => name.textContent ?? ''));
const columnCount = (page: Page): Promise<number> => page.locator('tbody tr:first-child td').count();

/** The time the script takes for one click that redraws the table (synchronous in the handler). */
const clickTime = (page: Page, selector: string): Promise<number> =>
  page.evaluate((target) => {
    const started = performance.now();
    (document.querySelector(target) as HTMLElement).click();
    return performance.now() - started;
  }, selector);

/** A click on a cell, the pointer coming from outside the table (so no details panel is in the way). */
async function clickCell(page: Page, cell: Locator): Promise<void> {
  await page.mouse.move(0, 0);
  await cell.click();
}

/** An element's text, as the page set it (details: a term and its value meet without a space). */
const text = async (locator: Locator): Promise<string> => (await locator.textContent()) ?? '';

interface Report {
  id: string;
  spans: { from: string; to: string; kind: string; taskTypes: string[] | null; flags: string[]; files: string[] }[];
}

/** How many spans begin right after another of the same ID registered otherwise (not only in another repo or linked answer). */
function registrationChanges(reports: readonly Report[], versions: readonly { tag: string }[]): number {
  const index = new Map(versions.map((version, i) => [version.tag, i]));
  const key = (span: Report['spans'][number]) => JSON.stringify([span.kind, span.taskTypes, span.flags, span.files]);
  return reports
    .flatMap((report) => report.spans.slice(1).map((span, i) => [report.spans[i], span] as const))
    .filter(([before, span]) => before && index.get(span.from) === (index.get(before.to) ?? -2) + 1 && key(before) !== key(span)).length;
}

test('the history page of the bundled catalogs: every ID a row, every version a column, filter, groups, details', { skip }, async (t) => {
  const file = join(dir, 'plugins.html');
  const html = cli(['history', '-o', 'html'], file);
  const reports = (JSON.parse(cli(['history', '-o', 'json'], join(dir, 'history.json'))) as { ids: Report[] }).ids;
  const versions = withoutAliases(bundledVersions());
  const groups = minorGroups(versions);
  const opened = await open(file);
  const { page } = opened;
  const timing = await page.evaluate(() => {
    const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return { ready: navigation.domContentLoadedEventEnd, load: navigation.loadEventEnd, script: document.documentElement.dataset.renderMs };
  });

  assert.equal(await page.locator('tbody tr').count(), reports.length);
  assert.deepEqual([...(await visibleIds(page))].sort(), reports.map((report) => report.id).sort());
  assert.equal(await columnCount(page), groups.length, 'one column per minor release at first');
  const expandAll = await clickTime(page, '#expand-all');
  assert.equal(await columnCount(page), versions.length, 'expanded: one column per version');
  assert.equal(await page.locator('td.sb').count(), registrationChanges(reports, versions), 'a mark where a registration changes');
  assert.equal(await page.locator('thead tr.versions th').count(), versions.length);
  assert.equal(await page.locator('tbody tr:last-child td').count(), versions.length);
  await page.click('#collapse-all');
  assert.equal(await columnCount(page), groups.length);
  await page.locator('button.toggle').first().click();
  assert.equal(await columnCount(page), groups.length - 1 + (groups[0]?.count ?? 0), 'one group open');
  await page.locator('button.toggle').first().click();
  assert.equal(await columnCount(page), groups.length, 'closed again');

  await page.fill('input.filter', 'agent');
  const agents = reports.map((report) => report.id).filter((id) => id.includes('agent'));
  assert.ok(agents.length > 0);
  assert.deepEqual(await visibleIds(page), agents);
  await page.fill('input.filter', '');
  assert.equal((await visibleIds(page)).length, reports.length);

  const spark = reports.find((report) => report.id === 'spark')?.spans.at(-1);
  assert.ok(spark?.taskTypes);
  await clickCell(
    page,
    page
      .locator('tbody tr', { has: page.locator('th .name', { hasText: /^spark$/ }) })
      .locator('td')
      .last(),
  );
  const details = await text(page.locator('#details'));
  for (const part of ['spark', spark.kind, ...spark.taskTypes, `${spark.files[0]}:`])
    assert.ok(details.includes(part), `${part} in ${details}`);
  assert.match(details, /linkedyes/);
  await page.keyboard.press('Escape');

  const agent = page.locator('tbody tr', { has: page.locator('th .name', { hasText: /^agent-service$/ }) });
  await clickCell(page, agent.locator('td.rn-in'));
  assert.match(await text(page.locator('#details')), /renamed fromexternal-plugin-service at v1\.0\.64/);
  await page.screenshot({ path: join(OUTPUT, 'history.png'), fullPage: true });
  await page.click('#expand-all');
  await page.screenshot({ path: join(OUTPUT, 'history-expanded.png'), fullPage: true });
  assertQuiet(opened, file);
  t.diagnostic(
    `history page: ${(Buffer.byteLength(html) / 1024).toFixed(0)} KB; ${reports.length} rows × ${versions.length} columns expanded, ` +
      `${groups.length} collapsed; DOMContentLoaded ${timing.ready.toFixed(0)} ms, load ${timing.load.toFixed(0)} ms, ` +
      `script ${timing.script} ms; expand all ${expandAll.toFixed(0)} ms`,
  );
  await page.close();
});

test('the diff page of Flyte v1.9.0 → v1.16.8: two columns, the changes listed, rows marked', { skip }, async (t) => {
  const file = join(dir, 'diff.html');
  const html = cli(['diff', 'v1.9.0', 'v1.16.8', '--releases', '-o', 'html', '--offline'], file);
  const opened = await open(file);
  const { page } = opened;
  assert.equal(await columnCount(page), 2);
  const changes = await text(page.locator('.change-list'));
  assert.match(changes, /added\s*connector-service/);
  assert.match(changes, /removed\s*qubole-hive-executor/);
  const qubole = page.locator('tbody tr', { has: page.locator('th .name', { hasText: /^qubole-hive-executor$/ }) });
  assert.equal(await text(qubole.locator('.mark')), 'removed');
  await clickCell(page, qubole.locator('td').first());
  assert.match(await text(page.locator('#details')), /task typeshive/);
  await page.screenshot({ path: join(OUTPUT, 'diff.png'), fullPage: true });
  assertQuiet(opened, file);
  t.diagnostic(`diff page: ${(Buffer.byteLength(html) / 1024).toFixed(0)} KB, ${await page.locator('tbody tr').count()} rows`);
  await page.close();
});

test('hostile IDs and file names show as text in the browser: no element made, no script run', { skip }, async () => {
  const img = '<img src=x onerror=alert(1)>';
  const breakout = '</script><script>alert(2)</script><!--';
  const evil = plugin(img, 'evil', { file: `go/tasks/plugins/evil/${breakout}.go`, taskTypes: [breakout] });
  const versions = [
    { repo: 'flyteorg/flyteplugins', tag: 'v1.0.0', commit: 'c7dd2ebbc8982984422a91394d6490a76d2c2e7f', plugins: [evil] },
    { repo: 'flyteorg/flyteplugins', tag: 'v1.0.1', commit: null, plugins: [evil, plugin(breakout, 'evil2')] },
  ];
  const histories = idHistories(versions);
  const file = join(dir, 'hostile.html');
  writeFileSync(file, historyPage(versions, histories, Object.keys(histories.spans)));
  const opened = await open(file);
  const { page } = opened;
  assert.deepEqual(await visibleIds(page), [breakout, img]);
  assert.equal(await page.locator('img').count(), 0);
  assert.equal(await page.locator('script').count(), 2, 'only the data and the page script');
  await page.click('#expand-all');
  await clickCell(page, page.locator('tbody tr').nth(1).locator('td').first());
  const details = page.locator('#details');
  assert.ok((await text(details)).includes(`${breakout}.go:10`));
  const href = await details.locator('a.src').getAttribute('href');
  assert.ok(href?.startsWith('https://github.com/flyteorg/flyteplugins/blob/c7dd2ebbc8982984422a91394d6490a76d2c2e7f/'), href ?? '');
  assert.ok(!href?.includes('<'), 'the file name is percent-encoded in the link');
  assertQuiet(opened, file);
  await page.close();
});
