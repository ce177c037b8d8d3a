import { oneLine, type CliIo } from './io.js';

/** Progress only for a person watching: stderr is a terminal, not CI, and the answer is not machine output. */
export function showsProgress(io: CliIo, machineOutput: boolean): boolean {
  return Boolean(io.stderr.isTTY) && !io.env.CI && !machineOutput;
}

function megabytes(bytes: number): string {
  return (bytes / 1_048_576).toFixed(1);
}

/** A download progress line rewritten in place; `done()` clears it. */
export function downloadProgress(
  io: CliIo,
  label: string,
): { update: (received: number, total: number | undefined) => void; done: () => void } {
  let last = 0;
  let shown = false;
  return {
    update: (received, total) => {
      const now = Date.now();
      if (now - last < 100 && received !== total) return;
      last = now;
      shown = true;
      const of = total ? ` / ${megabytes(total)} MB` : ' MB';
      io.stderr.write(`\r\x1b[2Kdownloading ${oneLine(label)}: ${megabytes(received)}${of}`);
    },
    done: () => {
      if (shown) io.stderr.write('\r\x1b[2K');
    },
  };
}
