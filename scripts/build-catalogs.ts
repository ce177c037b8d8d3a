// Regenerates the bundled top-level cache/ from local clones; never edit cache/ by hand.
//   npm run catalogs -- --mirror DIR[=owner/name] [--mirror DIR2[=owner/name]]
// Every plugin tag is scanned and bundled: catalogs/<hash>.json holds each distinct set of registrations once
// (367 versions share 147), and index.json maps every tag to its commit and file, so any version works offline.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { generator } from '../src/package-info.js';
import type { Catalog } from '../src/catalog/schema.js';
import type { BundledIndex, CatalogBody, IdSpan } from '../src/catalog/bundle-index.js';
import { discover } from '../src/discover.js';
import { compareVersionTags } from '../src/util/nearest.js';
import { checkEvidence } from '../src/catalog/evidence-check.js';

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

/** The tags a user can name for this repository, in version order. */
function tagsOf(dir: string, repo: string): string[] {
  const all = execFileSync('git', ['-C', dir, 'tag', '--list'], { encoding: 'utf8' }).split('\n').filter(Boolean);
  const wanted =
    repo === 'flyteorg/flyte' ? all.filter((tag) => /^(flyteplugins\/)?v\d+\.\d+\.\d+/.test(tag)) : all.filter((tag) => /^v\d/.test(tag));
  return wanted.sort(compareVersionTags);
}

function isPluginTag(repo: string, tag: string): boolean {
  return repo === 'flyteorg/flyte' ? tag.startsWith('flyteplugins/v') : compareVersionTags(tag, 'v0.2.0') >= 0;
}

const index: BundledIndex = { schemaVersion: 1, generator, repos: {}, catalogs: [], releaseAliases: {}, history: {} };
const written = new Set<string>();
const evidence = { checked: 0, concatenated: 0, problems: [] as string[] };
function tally(repo: string, tag: string, result: ReturnType<typeof checkEvidence>): void {
  evidence.checked += result.checked;
  evidence.concatenated += result.concatenated;
  for (const problem of result.problems) evidence.problems.push(`${repo} ${tag} ${problem.id}: ${problem.definedAt} is '${problem.text}'`);
}
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
  for (const tag of pluginTags) {
    let catalog: Catalog;
    try {
      ({ catalog } = await discover({ source: dir, tag, repo }));
    } catch (error) {
      console.error(`skip ${repo} ${tag}: ${(error as Error).message}`);
      continue;
    }
    tally(repo, tag, checkEvidence(catalog));
    for (const plugin of catalog.plugins) {
      if (plugin.flags.some((flag) => flag !== 'not-in-init')) continue;
      const byRepo = presence.get(plugin.id) ?? new Map<string, Set<string>>();
      presence.set(plugin.id, byRepo);
      const seen = byRepo.get(repo) ?? new Set<string>();
      byRepo.set(repo, seen);
      seen.add(tag);
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
    index.catalogs.push({ repo, tag, commit: catalog.source.commit ?? '', file });
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
        else {
          open = { repo, from: tag, to: tag };
          spans.push(open);
        }
      } else {
        open = undefined;
      }
    }
    index.history[id] = spans;
  }
}
index.history = Object.fromEntries(Object.entries(index.history).sort(([a], [b]) => (a < b ? -1 : 1)));
writeFileSync(new URL('index.json', cacheDir), `${JSON.stringify(index, null, 1)}\n`);
console.error(
  `evidence: ${evidence.checked} registrations checked, ${evidence.concatenated} formed by +, ` +
    `${evidence.problems.length} whose definedAt line lacks the ID`,
);
if (evidence.problems.length > 0) {
  console.error(evidence.problems.slice(0, 20).join('\n'));
  process.exitCode = 1;
}
console.error(
  `wrote cache/: ${index.catalogs.length} versions in ${written.size} catalog files, ` +
    `${Object.keys(index.history).length} plugin IDs in the history`,
);
