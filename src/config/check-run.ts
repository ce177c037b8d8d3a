import type { Catalog } from '../catalog/schema.js';
import { generator } from '../package-info.js';
import type { ConfigInput } from './layered.js';
import { checkConfig, effectiveConfigs } from './propeller.js';
import { requireBlocks } from './read.js';
import type { CheckReport, CheckRun, FailOn, Finding, IgnoredFinding } from './report-schema.js';
import { CHECK_REPORT_SCHEMA_VERSION } from './report-version.js';
import type { Expectation } from './routing.js';
import { isAtLeast } from './rules.js';

export interface CheckOptions {
  /** The least severity that fails the run; `none` reports only. */
  failOn: FailOn;
  /** Rule IDs not reported (`--ignore`). */
  ignore: readonly string[];
  expect: readonly Expectation[];
}

const INLINE = /#\s*flyte-plugin-catalog:\s*ignore\s+([\w\s,-]+)/;

/** The rules a `# flyte-plugin-catalog: ignore RULE[, RULE]` comment on a line names. */
function inlineRules(line: string | undefined): string[] {
  const match = line === undefined ? null : INLINE.exec(line);
  return match?.[1] ? match[1].split(/[\s,]+/).filter(Boolean) : [];
}

/** Whether the finding's line, or the line above it, carries an ignore comment for its rule. */
function ignoredInline(finding: Finding, linesOf: (file: string) => string[] | undefined): boolean {
  const location = finding.location;
  const lines = location && linesOf(location.file);
  if (!location || !lines) return false;
  return [lines[location.line - 1], lines[location.line - 2]].some((line) => inlineRules(line).includes(finding.rule));
}

function splitIgnored(findings: readonly Finding[], options: CheckOptions, texts: ReadonlyMap<string, string>) {
  const kept: Finding[] = [];
  const ignored: IgnoredFinding[] = [];
  // Each file split into lines once, not once per finding.
  const split = new Map<string, string[]>();
  const linesOf = (file: string): string[] | undefined => {
    const text = texts.get(file);
    if (text !== undefined && !split.has(file)) split.set(file, text.split('\n'));
    return split.get(file);
  };
  for (const finding of findings) {
    if (options.ignore.includes(finding.rule)) ignored.push({ ...finding, ignoredBy: 'option' });
    else if (ignoredInline(finding, linesOf)) ignored.push({ ...finding, ignoredBy: 'comment' });
    else kept.push(finding);
  }
  return { kept, ignored };
}

/** Whether a finding fails the run: at least the --fail-on severity, or a routing assertion that did not hold. */
export function failsRun(finding: Finding, failOn: FailOn): boolean {
  return finding.rule === 'unexpected-route' || isAtLeast(finding.severity, failOn);
}

/** Check every config one input holds (one report per task-plugins block propeller reads). */
export function checkInput(input: ConfigInput, catalog: Catalog, options: CheckOptions): CheckReport[] {
  return effectiveConfigs(requireBlocks(input.file), input.locate).map((config) => {
    const checked = checkConfig(config, catalog, options.expect);
    const { kept, ignored } = splitIgnored(checked.findings, options, input.texts);
    return { input: input.files, ...checked, findings: kept, ignored, failed: kept.some((finding) => failsRun(finding, options.failOn)) };
  });
}

export function checkRun(reports: CheckReport[], failOn: FailOn): CheckRun {
  return {
    schemaVersion: CHECK_REPORT_SCHEMA_VERSION,
    generator,
    failOn,
    failed: reports.some((report) => report.failed),
    reports,
  };
}
