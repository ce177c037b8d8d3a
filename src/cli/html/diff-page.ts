import type { CatalogDiff } from '../../catalog/diff.js';
import { idHistories } from '../../catalog/id-history.js';
import { renderPage } from './page.js';
import { matrixRows, type PageRow, type PageVersion, pageVersions, versionGroups } from './page-data.js';

function markOf(id: string, diff: CatalogDiff): PageRow['mark'] {
  if (diff.added.some((state) => state.id === id)) return 'added';
  if (diff.removed.some((state) => state.id === id)) return 'removed';
  if (diff.renamed.some((rename) => rename.from === id || rename.to === id)) return 'renamed';
  return diff.changed.some((change) => change.id === id) ? 'changed' : undefined;
}

/**
 * `diff FROM TO -o html`: the two versions as the two columns of the history matrix, every ID of either as a row
 * marked with what the diff says of it, and the diff's changes above (one line each: what, ID, detail).
 */
export function diffPage(from: PageVersion, to: PageVersion, diff: CatalogDiff, changes: string[][]): string {
  // The same version twice is still two columns.
  const versions =
    from.tag === to.tag
      ? [
          { ...from, tag: `${from.tag} (from)` },
          { ...to, tag: `${to.tag} (to)` },
        ]
      : [from, to];
  const rows = matrixRows(versions, idHistories(versions)).map((row) => {
    const mark = markOf(row.id, diff);
    return mark ? { ...row, mark } : row;
  });
  const counts = [
    `${diff.added.length} added`,
    `${diff.removed.length} removed`,
    `${diff.renamed.length} renamed`,
    `${diff.changed.length} changed`,
  ];
  return renderPage({
    kind: 'diff',
    title: `Plugin IDs: ${diff.from} → ${diff.to}`,
    subtitle: `${rows.length} plugin IDs in either version (${[...new Set([from.repo, to.repo])].join(', ')}): ${counts.join(', ')}.`,
    versions: pageVersions(versions),
    groups: versionGroups(versions),
    rows,
    changes,
  });
}
