import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generator } from '../../package-info.js';
import { packageRoot } from '../../util/package-root.js';
import type { PageData } from './page-data.js';

/** The page's style and script, shipped as source files beside this module's source (package.json `files`). */
const ASSETS = join(packageRoot, 'src', 'cli', 'html', 'assets');

/** No request of any kind: the page is one file, its style and script inline, its only image a `data:` icon. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML element content or a quoted attribute. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/**
 * JSON to embed in a `<script type="application/json">`: `<`, `>` and `&` as `\u` escapes, so no `</script` or
 * `<!--` can end or bend the element, and the characters JSON leaves raw that a reader could trip on (DEL, C1, the
 * line and paragraph separators) escaped too. `JSON.parse` of the element's text gives the value back.
 */
function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u007f-\u009f\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

const assets = new Map<string, string>();

function asset(name: string): string {
  let text = assets.get(name);
  if (text === undefined) {
    text = readFileSync(join(ASSETS, name), 'utf8');
    assets.set(name, text);
  }
  return text;
}

/** The whole page: one self-contained HTML document; the script builds the matrix from the embedded data. */
export function renderPage(data: PageData): string {
  const title = escapeHtml(data.title);
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="${escapeHtml(`${generator.name} ${generator.version}`)}">`,
    '<link rel="icon" href="data:,">',
    `<title>${title}</title>`,
    `<style>\n${asset('page.css')}</style>`,
    '</head>',
    '<body>',
    `<header><h1>${title}</h1><p class="subtitle">${escapeHtml(data.subtitle)}</p></header>`,
    '<noscript><p>This page draws its table with JavaScript; the data is in the page-data element of its source.</p></noscript>',
    `<script type="application/json" id="page-data">${embedJson(data)}</script>`,
    `<script type="module">\n${asset('page.js')}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
