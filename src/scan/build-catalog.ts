import type { Catalog, CatalogEvidence, CatalogPlugin, CatalogUnresolved } from '../catalog/schema.js';
import { isLinkedBy } from '../catalog/plugin-rules.js';
import { CATALOG_SCHEMA_VERSION } from '../catalog/version.js';
import { generator } from '../package-info.js';
import { compareStrings as compare } from '../util/compare.js';
import { dirname, importPathOf } from './module-layout.js';
import type { SourceLine, Step } from './evaluate.js';
import type { Evidence, FieldEvidence } from './registrations.js';
import type { ScanResult } from './scan.js';

/** The evidence in the catalog's shape: locations as `path:line`, the text of each line kept once. */
function toCatalogEvidence(evidence: Evidence): CatalogEvidence {
  const lines: Record<string, string> = {};
  const at = (source: SourceLine): string => {
    const key = `${source.file}:${source.line}`;
    lines[key] = source.text;
    return key;
  };
  const steps = (via: Step[]): { kind: Step['kind']; name: string; at: string }[] =>
    via.map((step) => ({ kind: step.kind, name: step.name, at: at(step.at) }));
  const list = (field: FieldEvidence | null): CatalogEvidence['taskTypes'] =>
    field && {
      expression: field.expression,
      usedAt: at(field.usedAt),
      items: field.values?.map((value) => ({ value: value.value, definedAt: at(value.definedAt), via: steps(value.via) })) ?? null,
      readAt: field.readAt && at(field.readAt),
    };
  const id = evidence.id;
  const value = id?.values?.[0];
  return {
    id: id && value ? { expression: id.expression, usedAt: at(id.usedAt), definedAt: at(value.definedAt), via: steps(value.via) } : null,
    taskTypes: list(evidence.taskTypes),
    defaultForTaskTypes: list(evidence.defaultForTaskTypes),
    lines: Object.fromEntries(Object.entries(lines).sort(([a], [b]) => compare(a, b))),
  };
}

/** The catalog of one scan. Everything is sorted, nothing depends on time: the same input gives the same bytes. */
export function buildCatalog(scan: ScanResult): Catalog {
  const plugins: CatalogPlugin[] = [];
  const unresolved: CatalogUnresolved[] = [];
  for (const registration of scan.registrations) {
    const { unresolved: fields, id, ...rest } = registration;
    for (const field of fields) unresolved.push({ plugin: id, ...field, package: importPathOf(scan.layout, dirname(field.file)) });
    const linked = scan.linkedPackages ? isLinkedBy(registration, scan.linkedPackages) : null;
    if (id !== null) plugins.push({ id, ...rest, flags: [...rest.flags], linked, evidence: toCatalogEvidence(registration.evidence) });
  }
  plugins.sort((a, b) => compare(a.id, b.id) || compare(a.file, b.file) || a.line - b.line);
  unresolved.sort((a, b) => compare(a.file, b.file) || a.line - b.line || compare(a.field, b.field));
  return {
    schemaVersion: CATALOG_SCHEMA_VERSION,
    generator,
    source: {
      repo: scan.provenance.repo,
      tag: scan.provenance.tag,
      commit: scan.provenance.commit,
      path: scan.layout.root,
      module: importPathOf(scan.layout, scan.layout.root),
    },
    plugins,
    unresolved,
  };
}
