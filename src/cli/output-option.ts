import { Option } from 'commander';

/**
 * `-o, --output FORMAT` as every command spells it: table for a person, the others for machines. Apart from
 * `writeData` (output.ts), which loads the YAML emitter: `discover --json` never needs it.
 */
export function outputOption(formats: readonly string[] = ['table', 'json', 'yaml']): Option {
  const list = formats.length > 1 ? `${formats.slice(0, -1).join(', ')} or ${formats.at(-1)}` : (formats[0] ?? 'table');
  return new Option('-o, --output <format>', list).choices([...formats]).default('table');
}
