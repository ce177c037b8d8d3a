import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CheckRun, Finding, IgnoredFinding, SourceLocation } from '../../config/report-schema.js';
import { RULES } from '../../config/rules.js';
import { ciLevel } from './levels.js';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** A location's file as a SARIF artifact URI: relative paths as they are (GitHub reads them from the repository root). */
function artifactUri(file: string): string {
  if (isAbsolute(file)) return pathToFileURL(file).href;
  return encodeURI(file.split('\\').join('/'));
}

function physicalLocation(location: SourceLocation) {
  return {
    physicalLocation: {
      artifactLocation: { uri: artifactUri(location.file) },
      region: { startLine: location.line, startColumn: location.column },
    },
  };
}

function sarifRules() {
  return RULES.map((rule) => ({
    id: rule.id,
    shortDescription: { text: rule.title },
    fullDescription: { text: `${rule.title}: ${rule.why}.` },
    help: { text: `${rule.why}. Example: ${rule.example}`, markdown: `${rule.why}.\n\nExample: \`${rule.example}\`` },
    defaultConfiguration: { level: rule.severity === 'check' ? 'note' : rule.severity === 'silent' ? 'warning' : 'error' },
    properties: { tags: ['flyte', 'propeller', rule.severity] },
  }));
}

function result(finding: Finding | IgnoredFinding, config: string, run: CheckRun, fallback: SourceLocation | undefined) {
  const location = finding.location ?? fallback;
  const ignoredBy = 'ignoredBy' in finding ? finding.ignoredBy : undefined;
  return {
    ruleId: finding.rule,
    ruleIndex: RULES.findIndex((rule) => rule.id === finding.rule),
    level: ciLevel(finding, run.failOn),
    message: { text: finding.message },
    locations: location ? [physicalLocation(location)] : [],
    ...(ignoredBy
      ? {
          suppressions: [
            {
              kind: ignoredBy === 'comment' ? 'inSource' : 'external',
              justification: `ignored by ${ignoredBy === 'comment' ? 'a comment' : '--ignore'}`,
            },
          ],
        }
      : {}),
    properties: { severity: finding.severity, config, plugins: finding.plugins, taskTypes: finding.taskTypes },
  };
}

/** SARIF 2.1.0 for code scanning: every rule with its help, a result per finding (ignored ones suppressed). */
export function renderSarif(run: CheckRun): string {
  const results = run.reports.flatMap((report) => {
    const first = report.input[0];
    const fallback = first ? { file: first, line: 1, column: 1 } : undefined;
    return [...report.findings, ...report.ignored].map((finding) => result(finding, report.config, run, fallback));
  });
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: run.generator.name, version: run.generator.version, rules: sarifRules() } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
