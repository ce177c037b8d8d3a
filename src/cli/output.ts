import { Option } from 'commander';
import type { CliIo } from './io.js';
import { toYaml } from './yaml-output.js';

/** `-o, --output FORMAT` as every command spells it: table for a person, the others for machines. */
export function outputOption(formats: readonly string[] = ['table', 'json', 'yaml']): Option {
  const list = formats.length > 1 ? `${formats.slice(0, -1).join(', ')} or ${formats.at(-1)}` : (formats[0] ?? 'table');
  return new Option('-o, --output <format>', list).choices([...formats]).default('table');
}

/** JSON or YAML of a value on stdout, in one write. */
export function writeData(io: CliIo, format: 'json' | 'yaml', value: unknown): void {
  io.stdout.write(format === 'yaml' ? toYaml(value) : `${JSON.stringify(value, null, 2)}\n`);
}
