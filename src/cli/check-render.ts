import type { CheckReport, CheckRun, Finding, Severity, SourceLocation } from '../config/report-schema.js';
import { plural } from './render-catalog.js';
import { renderTable } from './table.js';

/** The table's label is the JSON value in capitals: one word for one class. */
function severityLabel(severity: Severity): string {
  return severity.toUpperCase();
}

export function whereText(location: SourceLocation | null): string {
  return location ? `${location.file}:${location.line}:${location.column}` : '';
}

export function findingLine(finding: Finding): string {
  const where = whereText(finding.location);
  return `${severityLabel(finding.severity).padEnd(6)} ${where ? `${where}: ` : ''}${finding.message} [${finding.rule}]`;
}

function verdict(count: (severity: Severity) => number): string {
  if (count('fatal') > 0) return 'propeller will not start';
  if (count('broken') > 0) return 'propeller starts, but some tasks cannot run';
  if (count('silent') > 0) return 'propeller starts, but not as written';
  return 'propeller starts as written';
}

function renderReport(report: CheckReport): string {
  const lines = [`${report.config} — against ${report.catalog}`];
  if (report.input.length > 1) lines.push(`layered: ${report.input.join(' + ')}`);
  lines.push(`enabled: ${report.enabled === 'all' ? 'every plugin (empty list)' : report.enabled.join(', ') || 'none'}`);
  for (const finding of report.findings) lines.push(findingLine(finding));
  if (report.routes.length > 0) {
    const rows = report.routes.map((route) => [route.taskType, route.plugin ?? '-', route.why]);
    lines.push('', renderTable(['TASK TYPE', 'PLUGIN', 'WHY'], rows));
  }
  lines.push('', summaryLine(report));
  return lines.join('\n');
}

/** `propeller starts as written: 0 fatal problems, …`: the verdict of one report and its counts. */
export function summaryLine(report: CheckReport): string {
  const count = (severity: Severity): number => report.findings.filter((finding) => finding.severity === severity).length;
  const ignored = report.ignored.length > 0 ? `, ${report.ignored.length} ignored` : '';
  return (
    `${verdict(count)}: ${plural(count('fatal'), 'fatal problem')}, ${count('broken')} broken, ${count('silent')} silent, ` +
    `${count('check')} to check${ignored}`
  );
}

export function renderRun(run: CheckRun): string {
  return run.reports.map(renderReport).join('\n\n');
}
