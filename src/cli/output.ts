import type { CliIo } from './io.js';
import { toYaml } from './yaml-output.js';

export { outputOption } from './output-option.js';

/** JSON or YAML of a value on stdout, in one write. */
export function writeData(io: CliIo, format: 'json' | 'yaml', value: unknown): void {
  io.stdout.write(format === 'yaml' ? toYaml(value) : `${JSON.stringify(value, null, 2)}\n`);
}
