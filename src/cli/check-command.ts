import { Command, Option } from 'commander';
import { resolve } from 'node:path';
import { checkConfig, effectiveConfigs, type CheckReport, type Severity } from '../config/propeller.js';
import { readLayered, requireBlocks } from '../config/read.js';
import { ProblemsFound, UsageError } from '../errors.js';
import { addCatalogOptions, catalogFor, collect, type CatalogFlags } from './catalog-options.js';
import { write, type CliIo } from './io.js';
import { plural } from './render-catalog.js';
import { renderTable } from './table.js';

interface CheckFlags extends CatalogFlags {
  config: string[];
  output: 'table' | 'json';
}

const LABEL: Record<Severity, string> = { fatal: 'FATAL', silent: 'SILENT', suspicious: 'CHECK' };

function renderReport(report: CheckReport): string {
  const lines = [`${report.config} — against ${report.catalog}`];
  lines.push(`enabled: ${report.enabled === 'all' ? 'every plugin (empty list)' : report.enabled.join(', ') || 'none'}`);
  for (const finding of report.findings) lines.push(`${LABEL[finding.severity].padEnd(6)} ${finding.message}`);
  if (report.routes.length > 0) {
    lines.push(
      '',
      renderTable(
        ['TASK TYPE', 'PLUGIN', 'WHY'],
        report.routes.map((route) => [route.taskType, route.plugin ?? '-', route.why]),
      ),
    );
  }
  const count = (severity: Severity): number => report.findings.filter((finding) => finding.severity === severity).length;
  const verdict =
    count('fatal') > 0
      ? 'propeller will not start'
      : count('silent') > 0
        ? 'propeller starts, but not as written'
        : 'propeller starts as written';
  lines.push('', `${verdict}: ${plural(count('fatal'), 'fatal problem')}, ${count('silent')} silent, ${count('suspicious')} to check`);
  return lines.join('\n');
}

export function checkCommand(io: CliIo): Command {
  return addCatalogOptions(
    new Command('check')
      .description("predict propeller's start-up from a config: what fails, what is silently ignored, which plugin runs each task type")
      .option('-c, --config <file>', 'a config file; repeat to layer Helm values files (maps merge, lists replace)', collect, [])
      .addOption(new Option('-o, --output <format>', 'table or json').choices(['table', 'json']).default('table')),
  ).action(async (flags: CheckFlags) => {
    if (flags.config.length === 0) throw new UsageError('check needs a config file', { hint: 'check -c values.yaml [-c values-eks.yaml]' });
    const catalog = await catalogFor(flags, io, flags.config);
    const file = await readLayered(flags.config.map((path) => resolve(io.cwd, path)));
    const reports = effectiveConfigs(requireBlocks(file)).map((config) => checkConfig(config, catalog));
    if (flags.output === 'json') io.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
    else write(io.stdout, reports.map(renderReport).join('\n\n'));
    const problems = reports.some((report) => report.findings.some((finding) => finding.severity !== 'suspicious'));
    if (problems) throw new ProblemsFound();
  });
}
