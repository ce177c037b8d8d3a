import type { Catalog } from '../catalog/schema.js';
import { renderTable } from './table.js';

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** A list cut to fit a table cell: `a, b, c (+7 more)`. */
function shortList(items: readonly string[], width = 48): string {
  let text = '';
  for (const [index, item] of items.entries()) {
    const next = text ? `${text}, ${item}` : item;
    if (next.length > width && index > 0) return `${text} (+${items.length - index} more)`;
    text = next;
  }
  return text || '-';
}

export function catalogSummary(catalog: Catalog): string {
  const flagged = catalog.plugins.filter((plugin) => plugin.flags.some((flag) => flag !== 'not-in-init')).length;
  const ids = new Set(catalog.plugins.map((plugin) => plugin.id)).size;
  const { repo, tag, commit, path } = catalog.source;
  const version = [tag, commit ? `(${commit.slice(0, 12)})` : null].filter(Boolean).join(' ');
  return (
    `${plural(ids, 'plugin ID')} (${plural(catalog.plugins.length, 'registration')}, ${flagged} flagged), ` +
    `${catalog.unresolved.length} unresolved · ${repo}${path ? `/${path}` : ''} ${version}`.trimEnd()
  );
}

export function renderCatalog(catalog: Catalog): string {
  const rows = catalog.plugins.map((plugin) => [
    plugin.id,
    plugin.kind,
    plugin.taskTypes === null ? '(run time)' : shortList(plugin.taskTypes),
    plugin.isDefault ? 'yes' : '',
    `${plugin.file}:${plugin.line}`,
    plugin.flags.join(','),
  ]);
  const lines = [renderTable(['ID', 'KIND', 'TASK TYPES', 'DEFAULT', 'REGISTERED AT', 'FLAGS'], rows)];
  if (catalog.unresolved.length > 0) {
    lines.push('', 'Unresolved:');
    for (const entry of catalog.unresolved) {
      lines.push(`  ${entry.plugin ?? '?'} ${entry.field}: ${entry.expression} (${entry.file}:${entry.line}) ${entry.reason}`);
    }
  }
  lines.push('', catalogSummary(catalog));
  return lines.join('\n');
}
