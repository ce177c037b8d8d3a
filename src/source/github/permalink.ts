import { isFullSha } from '../../util/git-sha.js';

/**
 * The web address GitHub serves for an API base: api.github.com → github.com; an Enterprise server's
 * `https://HOST/api/v3` → `https://HOST`. Undefined for anything else (we do not guess a web address).
 */
export function webBaseOf(apiUrl: string): string | undefined {
  const url = apiUrl.replace(/\/+$/, '');
  if (/^https?:\/\/api\.github\.com$/i.test(url)) return 'https://github.com';
  const enterprise = /^(https?:\/\/[^/]+)\/api\/v3$/i.exec(url);
  return enterprise?.[1];
}

/**
 * A link to one line of a file, pinned to a commit: `https://github.com/OWNER/REPO/blob/COMMIT/PATH#LLINE`.
 * `location` is `path:line` as the catalog's evidence writes it; each path segment is encoded.
 */
export function permalink(webBase: string, repo: string, commit: string, location: string): string | undefined {
  const match = /^(.+):(\d+)$/.exec(location);
  if (!match?.[1] || !/^[^/]+\/[^/]+$/.test(repo) || !isFullSha(commit)) return undefined;
  const path = match[1].split('/').map(encodeURIComponent).join('/');
  return `${webBase}/${repo}/blob/${commit}/${path}#L${match[2]}`;
}
