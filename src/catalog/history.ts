import type { BundledIndex, IdSpan } from './bundle-index.js';
import { newestModuleTag } from './bundle-index.js';
import { FLYTE, FLYTEPLUGINS, MONOREPO_PLUGINS_PATH } from './known-repos.js';
import { cleanName } from './names.js';

/** flyteplugins' last tag runs on as the monorepo's first `flyteplugins/` tag: one span, not two. */
function joinAcrossRepos(spans: readonly IdSpan[], index: BundledIndex): IdSpan[] {
  const lastPlugins = index.repos[FLYTEPLUGINS]?.tags.at(-1);
  const firstModule = index.repos[FLYTE]?.tags.find((tag) => tag.startsWith(`${MONOREPO_PLUGINS_PATH}/v`));
  const joined: IdSpan[] = [];
  for (const span of spans) {
    const previous = joined.at(-1);
    if (previous && previous.to === lastPlugins && span.from === firstModule && previous.flagged === span.flagged)
      joined[joined.length - 1] = { ...previous, repo: span.repo, to: span.to };
    else joined.push({ ...span });
  }
  return joined;
}

/** Where an ID is registered in other versions of the index: "from flyteplugins/v1.15.1 on", or in ranges. */
export function otherVersions(name: string, index: BundledIndex): { spans: IdSpan[]; text: string } | undefined {
  const id = Object.keys(index.history).find((candidate) => cleanName(candidate) === cleanName(name));
  const spans = id ? joinAcrossRepos(index.history[id] ?? [], index) : [];
  if (spans.length === 0) return undefined;
  const newest = newestModuleTag(index);
  const parts = spans.map((span) => {
    const where =
      span.to === newest ? `from ${span.from} on` : span.from === span.to ? `in ${span.from} only` : `from ${span.from} to ${span.to}`;
    return span.flagged ? `${where} (in example or test code only: not a plugin to run)` : where;
  });
  return { spans, text: parts.join(', ') };
}
