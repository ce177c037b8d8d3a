import type { Catalog } from './schema.js';

export interface EvidenceProblem {
  id: string;
  definedAt: string;
  text: string;
}

/**
 * Whether each ID's `definedAt` shows its value: the line's text holds the ID's literal, or the ID is
 * formed by `+` (its operands are then the steps). `npm run catalogs` fails on any problem, so a bundled
 * catalog never points a reviewer at a line that does not say what the catalog claims.
 */
export function checkEvidence(catalog: Catalog): { checked: number; concatenated: number; problems: EvidenceProblem[] } {
  let checked = 0;
  let concatenated = 0;
  const problems: EvidenceProblem[] = [];
  for (const plugin of catalog.plugins) {
    const id = plugin.evidence?.id;
    if (!id) continue;
    checked++;
    const text = plugin.evidence?.lines[id.definedAt] ?? '';
    if (text.includes(plugin.id)) continue;
    if (id.via.some((step) => step.kind === 'operand')) {
      concatenated++;
      continue;
    }
    problems.push({ id: plugin.id, definedAt: id.definedAt, text });
  }
  return { checked, concatenated, problems };
}
