import { createInterface } from 'node:readline/promises';
import { ChangeRefusedError } from '../errors.js';
import type { CliIo } from './io.js';

/** One y/N question, only to a person at a terminal; anywhere else the change is refused and --yes named. */
export async function confirmChange(io: CliIo, reason: string, yes: boolean): Promise<void> {
  if (yes) return;
  const stdin = io.stdin;
  if (!stdin?.isTTY || !io.stderr.isTTY) {
    throw new ChangeRefusedError(reason, { hint: 'pass --yes to write it anyway' });
  }
  const prompt = createInterface({ input: stdin, output: io.stderr });
  try {
    const answer = await prompt.question(`${reason}.\nWrite it? [y/N] `);
    if (!/^y(es)?$/i.test(answer.trim())) throw new ChangeRefusedError('nothing written');
  } finally {
    prompt.close();
  }
}
