import type { IdHistories } from '../../catalog/id-history.js';
import { generator } from '../../package-info.js';
import { renderPage } from './page.js';
import { matrixRows, minorGroups, type PageVersion, pageVersions } from './page-data.js';

/**
 * `history -o html`: the matrix plugin ID × version over the versions the histories were computed from, versions
 * grouped by minor release, for the IDs asked (all by default); `added`: some versions came with `--with`.
 */
export function historyPage(versions: readonly PageVersion[], histories: IdHistories, ids: readonly string[], added = false): string {
  const rows = matrixRows(versions, histories, ids);
  const repos = [...new Set(versions.map((version) => version.repo))];
  const range = versions.length > 0 ? `, ${versions[0]?.tag} to ${versions.at(-1)?.tag}` : '';
  return renderPage({
    kind: 'history',
    title: 'Plugin IDs across flyteplugins versions',
    subtitle:
      `${rows.length} plugin ID${rows.length === 1 ? '' : 's'} over ${versions.length} versions of ${repos.join(' and ')}${range}: ` +
      `the catalogs bundled with ${generator.name} ${generator.version}${added ? ' and the versions added with --with' : ''}.`,
    versions: pageVersions(versions),
    groups: minorGroups(versions),
    rows,
  });
}
