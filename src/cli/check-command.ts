import type { ConfigText } from '../load-catalog.js';
import { Command, Option } from 'commander';
import { isAbsolute, relative, resolve } from 'node:path';
import { checkInput, checkRun, type CheckOptions } from '../config/check-run.js';
import { layerFiles, type ConfigInput } from '../config/layered.js';
import type { ConfigFile } from '../config/locate.js';
import { configFromBytes, readConfigFile } from '../config/read.js';
import type { CheckRun, FailOn } from '../config/report-schema.js';
import type { Expectation } from '../config/routing.js';
import { findRule, RULES } from '../config/rules.js';
import { ProblemsFound, UsageError } from '../errors.js';
import { addCatalogOptions, catalogFor, collect, type CatalogFlags } from './catalog-options.js';
import { renderGithub } from './check-formats/github.js';
import { renderJunit } from './check-formats/junit.js';
import { renderSarif } from './check-formats/sarif.js';
import { renderRun } from './check-render.js';
import { write, type CliIo } from './io.js';
import { outputOption, writeData } from './output.js';

interface CheckFlags extends CatalogFlags {
  config: string[];
  output: 'table' | 'json' | 'yaml' | 'sarif' | 'junit' | 'github';
  failOn: FailOn;
  ignore: string[];
  expect: string[];
  skipUnrelated?: boolean;
  upgradeTo?: string;
}

/** A path as locations name it: relative to the working folder when inside it (what CI annotations need). */
function displayPath(cwd: string, path: string): string {
  if (path === '-') return '-';
  const absolute = resolve(cwd, path);
  const inside = relative(cwd, absolute);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : absolute;
}

async function readStdin(io: CliIo): Promise<Buffer> {
  if (!io.stdin) throw new UsageError('-c - reads standard input, and there is none');
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

/** `-c` files layered into one input, then each positional file its own input; `-` (once) is standard input. */
/** The configs to check, read once; `texts` receives each file's path and text (for the version they name). */
async function readInputs(flags: CheckFlags, positional: readonly string[], io: CliIo, texts: ConfigText[]): Promise<ConfigInput[]> {
  const all = [...flags.config, ...positional];
  if (all.filter((path) => path === '-').length > 1) throw new UsageError('standard input (-) can be read only once');
  const read = async (path: string): Promise<ConfigFile> => {
    const label = displayPath(io.cwd, path);
    const file = path === '-' ? configFromBytes('-', await readStdin(io)) : await readConfigFile(resolve(io.cwd, path));
    if (path !== '-') texts.push({ path: resolve(io.cwd, path), text: file.text, mapAt: file.mapAt });
    file.path = label;
    return file;
  };
  const inputs: ConfigInput[] = [];
  if (flags.config.length > 0) inputs.push(layerFiles(await Promise.all(flags.config.map(read))));
  for (const path of positional) {
    const file = await read(path);
    if (flags.skipUnrelated && file.blocks.length === 0 && file.legacy.length === 0) {
      write(io.stderr, `${file.path}: no task-plugins section, skipped`);
      continue;
    }
    inputs.push(layerFiles([file]));
  }
  return inputs;
}

function parseExpectations(values: readonly string[]): Expectation[] {
  return values.map((value) => {
    const match = /^([^=]+)=([^=]+)$/.exec(value.trim());
    if (!match?.[1] || !match[2]) throw new UsageError(`--expect ${value}: write TASK_TYPE=PLUGIN`, { hint: 'e.g. --expect ray=ray' });
    return { taskType: match[1].trim(), plugin: match[2].trim() };
  });
}

function checkOptions(flags: CheckFlags): CheckOptions {
  for (const rule of flags.ignore) {
    if (!findRule(rule))
      throw new UsageError(`--ignore ${rule}: no such rule`, { hint: `rules: ${RULES.map((one) => one.id).join(', ')}` });
  }
  return { failOn: flags.failOn, ignore: flags.ignore, expect: parseExpectations(flags.expect) };
}

function render(io: CliIo, format: CheckFlags['output'], run: CheckRun): void {
  if (format === 'json' || format === 'yaml') writeData(io, format, run);
  else if (format === 'sarif') io.stdout.write(renderSarif(run));
  else if (format === 'junit') io.stdout.write(renderJunit(run));
  else if (format === 'github') io.stdout.write(renderGithub(run));
  else write(io.stdout, renderRun(run));
}

export function checkCommand(io: CliIo): Command {
  return addCatalogOptions(
    new Command('check')
      .description("predict propeller's start-up from a config: what fails, what is silently ignored, which plugin runs each task type")
      .argument('[configs...]', 'configs checked one by one, each its own report (- is standard input)')
      .option(
        '-c, --config <file>',
        'a config file; repeat to layer Helm values files (maps merge, lists replace); - is standard input',
        collect,
        [],
      )
      .addOption(outputOption(['table', 'json', 'yaml', 'sarif', 'junit', 'github']))
      .addOption(
        new Option('--fail-on <severity>', 'the least severity that makes the exit code 1 (none: report only)')
          .choices(['fatal', 'broken', 'silent', 'check', 'none'])
          .default('silent'),
      )
      .option('--ignore <rule>', 'do not report a rule (repeatable)', collect, [])
      .option('--expect <type=plugin>', 'fail unless tasks of TYPE run on PLUGIN (repeatable)', collect, [])
      .option('--skip-unrelated', 'skip a positional file with no task-plugins section (a hook given every values file)')
      .option(
        '--upgrade-to <version>',
        'also check on this version (a Flyte release, else as --tag takes it): what changes, and the enable/disable that keeps it',
      ),
  ).action(async (positional: string[], flags: CheckFlags) => {
    if (flags.config.length === 0 && positional.length === 0) {
      throw new UsageError('check needs a config file', { hint: 'check -c values.yaml [-c values-eks.yaml], or check a.yaml b.yaml' });
    }
    const options = checkOptions(flags);
    const texts: ConfigText[] = [];
    const inputs = await readInputs(flags, positional, io, texts);
    if (flags.upgradeTo !== undefined) {
      if (!flags.upgradeTo.trim()) throw new UsageError('--upgrade-to needs a version', { hint: 'e.g. --upgrade-to v1.16.8' });
      const { checkUpgrade } = await import('./upgrade-command.js');
      return checkUpgrade(io, { ...flags, upgradeTo: flags.upgradeTo }, inputs, texts, options);
    }
    const catalog = await catalogFor(flags, io, texts);
    if (inputs.length === 0) return;
    const run = checkRun(
      inputs.flatMap((input) => checkInput(input, catalog, options)),
      options.failOn,
    );
    render(io, flags.output, run);
    if (run.failed) throw new ProblemsFound();
  });
}
