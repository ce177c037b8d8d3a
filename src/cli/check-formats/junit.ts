import { XMLBuilder } from 'fast-xml-parser';
import { failsRun } from '../../config/check-run.js';
import type { CheckReport, CheckRun, Finding } from '../../config/report-schema.js';
import { RULES } from '../../config/rules.js';
import { oneLine } from '../io.js';
import { whereText } from '../check-render.js';

/** The rules a report was checked with: Flyte 2's own, or every other. */
function rulesOf(report: CheckReport) {
  const flyte2 = (id: string) => id.startsWith('flyte2-');
  return RULES.filter((rule) => (report.rules === 'flyte-v2' ? flyte2(rule.id) || rule.id === 'unexpected-route' : !flyte2(rule.id)));
}

/** XML 1.0 cannot hold most control characters: they are written as escapes, as on a terminal. */
function text(finding: Finding): string {
  const where = whereText(finding.location);
  return oneLine(`${finding.severity}: ${where ? `${where}: ` : ''}${finding.message}`);
}

function testcase(report: CheckReport, suite: string, rule: { id: string }, failOn: CheckRun['failOn']) {
  const findings = report.findings.filter((finding) => finding.rule === rule.id);
  const failing = findings.filter((finding) => failsRun(finding, failOn));
  const notes = findings.filter((finding) => !failsRun(finding, failOn));
  const ignored = report.ignored.filter((finding) => finding.rule === rule.id);
  const first = failing[0];
  return {
    '@_name': rule.id,
    '@_classname': suite,
    ...(first ? { failure: { '@_message': oneLine(first.message), '@_type': first.severity, '#text': failing.map(text).join('\n') } } : {}),
    ...(!first && ignored.length > 0 && findings.length === 0 ? { skipped: { '@_message': `ignored (${ignored.length})` } } : {}),
    ...(notes.length > 0 ? { 'system-out': notes.map(text).join('\n') } : {}),
  };
}

/** JUnit XML: a suite per config, a testcase per rule, a failure per rule whose findings fail the run. */
export function renderJunit(run: CheckRun): string {
  const suites = run.reports.map((report) => {
    const name = oneLine(`${report.input.join(' + ')}: ${report.config}`);
    const cases = rulesOf(report).map((rule) => testcase(report, name, rule, run.failOn));
    return {
      '@_name': name,
      '@_tests': cases.length,
      '@_failures': cases.filter((one) => 'failure' in one).length,
      '@_errors': 0,
      '@_skipped': cases.filter((one) => 'skipped' in one).length,
      testcase: cases,
    };
  });
  const count = (key: '@_tests' | '@_failures' | '@_skipped') => suites.reduce((sum, suite) => sum + suite[key], 0);
  const document = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    testsuites: {
      '@_name': `${run.generator.name} check`,
      '@_tests': count('@_tests'),
      '@_failures': count('@_failures'),
      '@_errors': 0,
      '@_skipped': count('@_skipped'),
      testsuite: suites,
    },
  };
  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, suppressEmptyNode: true });
  return builder.build(document) as string;
}
