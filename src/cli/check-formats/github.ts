import type { CheckRun } from '../../config/report-schema.js';
import { ciLevel } from './levels.js';

/** A workflow command's data: `%`, CR and LF escaped as GitHub reads them. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: the data escapes, and `:` and `,` that would end it. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const COMMAND = { error: 'error', warning: 'warning', note: 'notice' } as const;

/** GitHub Actions workflow commands: one annotation per finding, on its file and line. */
export function renderGithub(run: CheckRun): string {
  const lines: string[] = [];
  for (const report of run.reports) {
    for (const finding of report.findings) {
      const properties: string[] = [];
      if (finding.location) {
        const { file, line, column } = finding.location;
        properties.push(`file=${escapeProperty(file)}`, `line=${line}`, `col=${column}`);
      }
      properties.push(`title=${escapeProperty(finding.rule)}`);
      lines.push(`::${COMMAND[ciLevel(finding, run.failOn)]} ${properties.join(',')}::${escapeData(finding.message)}`);
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
