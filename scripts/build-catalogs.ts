// Regenerates the bundled top-level cache/ from local clones; never edit cache/ by hand.
//   npm run catalogs -- --mirror DIR[=owner/name] [--mirror DIR2[=owner/name]] [--bundle TAG ...]
// Every plugin tag is scanned (for the ID history); catalogs are bundled for the newest patch of each minor
// version, the tags named with --bundle, and the newest tag.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { serializeCatalog } from '../src/catalog/build.js';
import type { Catalog } from '../src/catalog/schema.js';
import type { BundledIndex, IdSpan } from '../src/cache/bundled.js';
import { discover } from '../src/discover.js';
import { compareVersionTags } from '../src/util/nearest.js';

const { values } = parseArgs({ options: { mirror: { type: 'string', multiple: true }, bundle: { type: 'string', multiple: true } } });
if (!values.mirror?.length) {
  console.error('usage: npm run catalogs -- --mirror DIR[=owner/name] [--mirror ...] [--bundle TAG ...]');
  process.exit(2);
}
const cacheDir = new URL('../../cache/', import.meta.url);
const extra = new Set(values.bundle ?? ['v0.5.25', 'v1.1.33']);

function repoName(dir: string, given: string | undefined): string {
  if (given) return given;
  const url = execFileSync('git', ['-C', dir, 'config', '--get', 'remote.origin.url'], { encoding: 'utf8' }).trim();
  const match = /github\.com[:/]([^/]+\/[^/]+?)(?:\.git)?$/.exec(url);
  if (!match?.[1]) throw new Error(`cannot tell the GitHub name of ${dir}: pass --mirror ${dir}=owner/name`);
  return match[1];
}

/** The tags a user can name for this repository, in version order. */
function tagsOf(dir: string, repo: string): string[] {
  const all = execFileSync('git', ['-C', dir, 'tag', '--list'], { encoding: 'utf8' }).split('\n').filter(Boolean);
  const wanted = repo === 'flyteorg/flyte' ? all.filter((tag) => /^(flyteplugins\/)?v\d+\.\d+\.\d+/.test(tag)) : all.filter((tag) => /^v\d/.test(tag));
  return wanted.sort(compareVersionTags);
}

function isPluginTag(repo: string, tag: string): boolean {
  return repo === 'flyteorg/flyte' ? tag.startsWith('flyteplugins/v') : compareVersionTags(tag, 'v0.2.0') >= 0;
}

/** The newest tag of each minor series (v0.5.x → its last patch), plus the named extras and the newest. */
function tagsToBundle(tags: string[]): Set<string> {
  const newestOfMinor = new Map<string, string>();
  for (const tag of tags) {
    const match = /^(.*v\d+\.\d+)\.\d+$/.exec(tag);
    if (match?.[1]) newestOfMinor.set(match[1], tag);
  }
  return new Set([...newestOfMinor.values(), ...tags.filter((tag) => extra.has(tag)), ...tags.slice(-1)]);
}

const index: BundledIndex = { schemaVersion: 1, repos: {}, catalogs: [], releaseAliases: {}, history: {} };
const presence = new Map<string, Map<string, Set<string>>>(); // id → repo → tags

rmSync(cacheDir, { recursive: true, force: true });
for (const spec of values.mirror) {
  const [dir = '', given] = spec.split('=');
  const repo = repoName(dir, given);
  const tags = tagsOf(dir, repo);
  index.repos[repo] = { tags, archived: repo === 'flyteorg/flyteplugins' };
  if (repo === 'flyteorg/flyte') {
    const commitOf = (ref: string): string => execFileSync('git', ['-C', dir, 'rev-parse', `${ref}^{commit}`], { encoding: 'utf8' }).trim();
    for (const release of tags.filter((tag) => /^v\d/.test(tag) && tags.includes(`flyteplugins/${tag}`))) {
      if (commitOf(release) === commitOf(`flyteplugins/${release}`)) index.releaseAliases[release] = `flyteplugins/${release}`;
    }
  }
  const pluginTags = tags.filter((tag) => isPluginTag(repo, tag));
  const bundle = tagsToBundle(pluginTags);
  for (const tag of pluginTags) {
    let catalog: Catalog;
    try {
      ({ catalog } = await discover({ source: dir, tag, repo }));
    } catch (error) {
      console.error(`skip ${repo} ${tag}: ${(error as Error).message}`);
      continue;
    }
    for (const plugin of catalog.plugins) {
      if (plugin.flags.some((flag) => flag !== 'not-in-init')) continue;
      const byRepo = presence.get(plugin.id) ?? new Map<string, Set<string>>();
      presence.set(plugin.id, byRepo);
      const seen = byRepo.get(repo) ?? new Set<string>();
      byRepo.set(repo, seen);
      seen.add(tag);
    }
    if (bundle.has(tag)) {
      const file = `${repo.replace('/', '+')}/${tag.replace(/\//g, '+')}.json`;
      mkdirSync(new URL(file.slice(0, file.indexOf('/') + 1), cacheDir), { recursive: true });
      writeFileSync(new URL(file, cacheDir), serializeCatalog(catalog));
      index.catalogs.push({ repo, tag, commit: catalog.source.commit ?? '', file });
      console.error(`bundled ${repo} ${tag} (${catalog.plugins.length} registrations)`);
    }
  }
  // Spans: runs of consecutive plugin tags (in version order) that register the ID.
  for (const [id, byRepo] of presence) {
    const seen = byRepo.get(repo);
    if (!seen) continue;
    const spans: IdSpan[] = index.history[id] ?? [];
    let open: IdSpan | undefined;
    for (const tag of pluginTags) {
      if (seen.has(tag)) {
        if (open) open.to = tag;
        else spans.push((open = { repo, from: tag, to: tag }));
      } else {
        open = undefined;
      }
    }
    index.history[id] = spans;
  }
}
index.history = Object.fromEntries(Object.entries(index.history).sort(([a], [b]) => (a < b ? -1 : 1)));
writeFileSync(new URL('index.json', cacheDir), `${JSON.stringify(index, null, 1)}\n`);
console.error(`wrote cache/index.json: ${index.catalogs.length} catalogs, ${Object.keys(index.history).length} plugin IDs in the history`);
