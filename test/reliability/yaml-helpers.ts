import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckReport, CheckRun } from '../../src/config/report-schema.js';
import { fixture, runCli, tempDir, type CliRun } from '../helpers.js';

export const catalog = fixture('config', 'catalog.json');

/** A config file with this text in a fresh temp dir. */
export function configFile(text: string, name = 'config.yaml'): string {
  const path = join(tempDir(), name);
  writeFileSync(path, text);
  return path;
}

export function read(path: string): string {
  return readFileSync(path, 'utf8');
}

/** `check -o json` on a text: the exit code and the reports. */
export async function checkText(text: string, catalogPath = catalog): Promise<{ code: number; reports: CheckReport[]; stderr: string }> {
  const run = await runCli(['check', '-c', configFile(text), '--catalog', catalogPath, '-o', 'json']);
  return { code: run.code, reports: run.stdout ? (JSON.parse(run.stdout) as CheckRun).reports : [], stderr: run.stderr };
}

export function fatal(report: CheckReport | undefined): string[] {
  return (report?.findings ?? []).filter((finding) => finding.severity === 'fatal').map((finding) => finding.message);
}

/** Run an edit command on a config file with the test catalog (or another). */
export function edit(config: string, args: readonly string[], catalogPath = catalog): Promise<CliRun> {
  return runCli([...args, '--config', config, '--catalog', catalogPath]);
}

/** An edit command with the plugin name given raw (it may start with `-`) and options before it. */
export function editName(config: string, command: string, name: string, options: readonly string[], catalogPath: string): Promise<CliRun> {
  return runCli([command, '--config', config, '--catalog', catalogPath, ...options, '--', name]);
}

interface OddPlugin {
  id: string;
  taskTypes: string[];
}

/** A catalog like the test one, plus plugins with the given (odd) IDs and task types, written to a temp file. */
export function oddCatalog(plugins: readonly OddPlugin[]): string {
  const base = JSON.parse(read(catalog)) as { plugins: Record<string, unknown>[] };
  const template = base.plugins.find((plugin) => plugin.id === 'ray') ?? {};
  for (const plugin of plugins) base.plugins.push({ ...template, id: plugin.id, taskTypes: plugin.taskTypes, file: 'go/odd/plugin.go' });
  const path = join(tempDir(), 'odd-catalog.json');
  writeFileSync(path, JSON.stringify(base));
  return path;
}
