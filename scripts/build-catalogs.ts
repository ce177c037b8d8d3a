// Regenerates the bundled top-level cache/ from local clones; never edit cache/ by hand.
//   npm run catalogs -- --mirror DIR=flyteorg/flyteplugins --mirror DIR=flyteorg/flyte --mirror DIR=flyteorg/flytepropeller
// Every plugin tag is scanned and bundled: catalogs/<hash>.json holds each distinct set of registrations once,
// and index.json maps every tag to its commit and file, so any version works offline. Every tag of
// flyteorg/flyte is mapped to the propeller that runs and the plugins it builds against (README, "Flyte
// releases"), and bundled the same way, its `linked` read from that propeller.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { generator } from '../src/package-info.js';
import type { Catalog } from '../src/catalog/schema.js';
import type { BundledIndex, CatalogBody, IdSpan, ReleaseEntry } from '../src/catalog/bundle-index.js';
import { FLYTE, FLYTEPLUGINS, MONOREPO_PLUGINS_PATH } from '../src/catalog/known-repos.js';
import { pluginsTagCatalog, releaseCatalog } from '../src/catalog/linking.js';
import { buildCatalog } from '../src/scan/build-catalog.js';
import { scanSource } from '../src/scan/scan.js';
import { openGitSource } from '../src/source/git.js';
import { GitReader } from '../src/source/releases/git-reader.js';
import { byVersion, flyteReleaseTags, FLYTEPROPELLER, ReleaseMapper } from '../src/source/releases/flyte-releases.js';
import { compareVersionTags } from '../src/util/nearest.js';
import { checkEvidence } from '../src/catalog/evidence-check.js';
import { isFlagged } from '../src/catalog/plugin-rules.js';

const { values } = parseArgs({ options: { mirror: { type: 'string', multiple: true } } });
if (!values.mirror?.length) {
  console.error('usage: npm run catalogs -- --mirror DIR[=owner/name] [--mirror ...]');
  process.exit(2);
}
const cacheDir = new URL('../../cache/', import.meta.url);

function repoName(dir: string, given: string | undefined): string {
  if (given) return given;
  const url = execFileSync('git', ['-C', dir, 'config', '--get', 'remote.origin.url'], { encoding: 'utf8' }).trim();
  const match = /github\.com[:/]([^/]+\/[^/]+?)(?:\.git)?$/.exec(url);
  if (!match?.[1]) throw new Error(`cannot tell the GitHub name of ${dir}: pass --mirror ${dir}=owner/name`);
  return match[1];
}

const dirs = new Map<string, string>();
for (const spec of values.mirror) {
  const [dir = '', given] = spec.split('=');
  dirs.set(repoName(dir, given), dir);
}

/** The tags a user can name for this repository, in version order. */
function tagsOf(reader: GitReader, repo: string): string[] {
  const wanted =
    repo === FLYTE
      ? reader.tags().filter((tag) => /^(flyteplugins\/)?v?\d+\.\d+\.\d+/.test(tag))
      : reader.tags().filter((tag) => /^v\d/.test(tag));
  return wanted.sort(byVersion);
}

function isPluginTag(repo: string, tag: string): boolean {
  return repo === FLYTE ? tag.startsWith(`${MONOREPO_PLUGINS_PATH}/`) : compareVersionTags(tag, 'v0.2.0') >= 0;
}

const index: BundledIndex = { schemaVersion: 2, generator, repos: {}, catalogs: [], releases: {}, propellers: {}, history: {} };
const readers = new Map([...dirs].map(([repo, dir]) => [repo, new GitReader(dir)]));
const flyte = readers.get(FLYTE);
const mapper = flyte ? new ReleaseMapper({ flyte, propeller: readers.get(FLYTEPROPELLER), plugins: readers.get(FLYTEPLUGINS) }) : undefined;

// 1. The mapping: every Flyte tag → propeller → plugins; every flyteplugins tag → the propellers that pin it.
const releases = new Map<string, ReleaseEntry>();
if (flyte && mapper) {
  for (const tag of flyteReleaseTags(flyte)) {
    const entry = mapper.mapRelease(tag);
    const moduleTags = flyte
      .tagsAt(entry.commit)
      .filter((other) => other.startsWith(`${MONOREPO_PLUGINS_PATH}/`))
      .sort(byVersion);
    const moduleTag = moduleTags.includes(`${MONOREPO_PLUGINS_PATH}/${tag}`) ? `${MONOREPO_PLUGINS_PATH}/${tag}` : moduleTags.at(-1);
    releases.set(tag, moduleTag ? { ...entry, moduleTag } : entry);
  }
}
const linkedFromOf = (repo: string, tag: string) => (repo === FLYTEPLUGINS ? mapper?.linkedForPluginsTag(tag, releases) : undefined);

// 2. Scans, once per commit and folder; each catalog body written once.
const scans = new Map<string, Catalog | Error>();
async function scan(repo: string, ref: string, path: string | undefined): Promise<Catalog> {
  const dir = dirs.get(repo);
  if (!dir) throw new Error(`no clone of ${repo}: pass --mirror DIR=${repo}`);
  const commit = readers.get(repo)?.commitOf(ref) ?? ref;
  const key = `${repo}@${commit}:${path ?? ''}`;
  if (!scans.has(key)) {
    const source = await openGitSource(dir, commit, repo);
    try {
      scans.set(key, buildCatalog(await scanSource(source, { path })));
    } catch (error) {
      scans.set(key, error as Error);
    } finally {
      await source.close();
    }
  }
  const scanned = scans.get(key);
  if (scanned instanceof Error || !scanned) throw scanned;
  return { ...scanned, source: { ...scanned.source, tag: ref } };
}

/** `flyteplugins/1.15.1` is an alias of `flyteplugins/v1.15.1` (same commit): bundled, but not named in the history. */
function isHistoryTag(tag: string): boolean {
  return /(^|\/)v\d/.test(tag);
}

const written = new Set<string>();
const evidence = { checked: 0, concatenated: 0, problems: [] as string[] };
function writeBody(catalog: Catalog): string {
  const result = checkEvidence(catalog);
  evidence.checked += result.checked;
  evidence.concatenated += result.concatenated;
  for (const problem of result.problems) {
    evidence.problems.push(`${catalog.source.repo} ${catalog.source.tag} ${problem.id}: ${problem.definedAt} is '${problem.text}'`);
  }
  const body: CatalogBody = {
    path: catalog.source.path,
    module: catalog.source.module,
    plugins: catalog.plugins,
    unresolved: catalog.unresolved,
  };
  const text = `${JSON.stringify(body, null, 1)}\n`;
  const file = `catalogs/${createHash('sha256').update(text).digest('hex').slice(0, 16)}.json`;
  if (!written.has(file)) {
    mkdirSync(new URL('catalogs/', cacheDir), { recursive: true });
    writeFileSync(new URL(file, cacheDir), text);
    written.add(file);
  }
  return file;
}

/** id → repo → tag → whether every registration of the ID in that tag is flagged (example, test helper, `_test.go`). */
const presence = new Map<string, Map<string, Map<string, boolean>>>();
function notePresence(catalog: Catalog, repo: string, tag: string): void {
  for (const plugin of catalog.plugins) {
    const byRepo = presence.get(plugin.id) ?? new Map<string, Map<string, boolean>>();
    presence.set(plugin.id, byRepo);
    const seen = byRepo.get(repo) ?? new Map<string, boolean>();
    byRepo.set(repo, seen);
    seen.set(tag, (seen.get(tag) ?? true) && isFlagged(plugin));
  }
}

/** Spans: runs of consecutive plugin tags (in version order) that register the ID, flagged or not. */
function addHistory(repo: string, pluginTags: string[]): void {
  for (const [id, byRepo] of presence) {
    const seen = byRepo.get(repo);
    if (!seen) continue;
    const spans: IdSpan[] = index.history[id] ?? [];
    let open: IdSpan | undefined;
    for (const tag of pluginTags) {
      const flagged = seen.get(tag);
      if (flagged === undefined) {
        open = undefined;
      } else if (open && (open.flagged ?? false) === flagged) {
        open.to = tag;
      } else {
        open = flagged ? { repo, from: tag, to: tag, flagged } : { repo, from: tag, to: tag };
        spans.push(open);
      }
    }
    index.history[id] = spans;
  }
}

rmSync(cacheDir, { recursive: true, force: true });
for (const [repo, reader] of readers) {
  if (repo === FLYTEPROPELLER) continue;
  const tags = tagsOf(reader, repo);
  index.repos[repo] = { tags, archived: repo === FLYTEPLUGINS };
}
// Every propeller the mapping reads is known before any catalog is linked.
const linkedFrom = new Map<string, ReturnType<typeof linkedFromOf>>();
for (const [repo, { tags }] of Object.entries(index.repos)) {
  for (const tag of tags.filter((t) => isPluginTag(repo, t))) linkedFrom.set(`${repo}@${tag}`, linkedFromOf(repo, tag));
}
index.propellers = Object.fromEntries([...(mapper?.propellers ?? [])].sort(([a], [b]) => byVersion(a, b)));

for (const [repo, { tags }] of Object.entries(index.repos)) {
  const pluginTags = tags.filter((tag) => isPluginTag(repo, tag));
  for (const tag of pluginTags) {
    let scanned: Catalog;
    try {
      scanned = await scan(repo, tag, repo === FLYTE ? MONOREPO_PLUGINS_PATH : undefined);
    } catch (error) {
      console.error(`skip ${repo} ${tag}: ${(error as Error).message}`);
      continue;
    }
    const from = linkedFrom.get(`${repo}@${tag}`);
    const entry = { repo, tag, commit: scanned.source.commit ?? '', file: '', ...(from ? { linkedFrom: from } : {}) };
    index.catalogs.push(entry);
    const catalog = pluginsTagCatalog(scanned, index);
    entry.file = writeBody(catalog);
    if (isHistoryTag(tag)) notePresence(catalog, repo, tag);
  }
  addHistory(repo, pluginTags.filter(isHistoryTag));
}
index.history = Object.fromEntries(Object.entries(index.history).sort(([a], [b]) => (a < b ? -1 : 1)));

// 3. A catalog for every release whose plugins can be scanned; the reason for every other.
for (const [tag, entry] of releases) {
  index.releases[tag] = entry;
  if (!entry.plugins) continue;
  try {
    const scanned = await scan(entry.plugins.repo, entry.plugins.tag ?? entry.plugins.commit, entry.plugins.path || undefined);
    entry.file = writeBody(releaseCatalog({ ...scanned, source: { ...scanned.source, commit: entry.plugins.commit } }, index, tag, entry));
  } catch (error) {
    const ref = entry.plugins.tag ?? entry.plugins.commit.slice(0, 12);
    entry.reason = `its plugins (${entry.plugins.repo} ${ref}) cannot be scanned: ${(error as Error).message}`;
  }
}

writeFileSync(new URL('index.json', cacheDir), `${JSON.stringify(index, null, 1)}\n`);
const bundledReleases = [...releases.values()].filter((entry) => entry.file).length;
console.error(
  `evidence: ${evidence.checked} registrations checked in the bundled versions and releases, ${evidence.concatenated} formed by +, ` +
    `${evidence.problems.length} whose definedAt line lacks the ID`,
);
if (evidence.problems.length > 0) {
  console.error(evidence.problems.slice(0, 20).join('\n'));
  process.exitCode = 1;
}
console.error(
  `wrote cache/: ${index.catalogs.length} versions and ${bundledReleases} of ${releases.size} Flyte tags ` +
    `in ${written.size} catalog files, ${Object.keys(index.history).length} plugin IDs in the history`,
);
