/** What the CLI touches of the outside world, injected so tests can run it in-process. */
export interface CliIo {
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** `--debug` or `DEBUG=1`: stacks of errors, and which scan engine ran (set by `main`). */
  debug?: boolean;
}

/** A `debug:` line on stderr, only under `--debug`. */
export function debugLine(io: CliIo): ((message: string) => void) | undefined {
  return io.debug ? (message) => write(io.stderr, `debug: ${message}`) : undefined;
}

export function processIo(): CliIo {
  return {
    // Made on first use: creating process.stdin costs a command that never reads it ~2 ms.
    get stdin() {
      return process.stdin;
    },
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  };
}

/** `io` with `debug` set; a getter of it (processIo's stdin) stays a getter, not read here. */
export function withDebug(io: CliIo, debug: boolean): CliIo {
  const copy = Object.defineProperties({}, Object.getOwnPropertyDescriptors(io)) as CliIo;
  copy.debug = debug;
  return copy;
}

/**
 * Control characters that a terminal would act on (C0 but tab and newline, DEL, C1, and the line and
 * paragraph separators), shown as escapes instead. IDs, task types and paths come from whatever repository was
 * scanned: a fork's `ID: "\x1b]0;pwned\x07"` must print as text, not retitle the window.
 */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;
const CONTROL_OR_NEWLINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** A control character as a C-style escape (`\n`, `\x1b`, `\u2028`), which YAML double quotes also read. */
export function escapeChar(char: string): string {
  const code = char.charCodeAt(0);
  if (char === '\n') return '\\n';
  if (char === '\r') return '\\r';
  if (char === '\t') return '\\t';
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Text for a person's terminal: every control character escaped but tab, newline and a CRLF's CR. */
export function printable(text: string): string {
  return text.replace(CONTROL, (char, offset: number, whole: string) =>
    char === '\r' && whole[offset + 1] === '\n' ? char : escapeChar(char),
  );
}

/** One line for a person's terminal: newlines escaped too, so a message is never more than one line. */
export function oneLine(text: string): string {
  return text.replace(CONTROL_OR_NEWLINE, escapeChar);
}

/** Human-readable output: escaped, ending in a newline. Machine output (JSON, YAML) is written as it is. */
export function write(stream: NodeJS.WritableStream, text: string): void {
  const safe = printable(text);
  stream.write(safe.endsWith('\n') ? safe : `${safe}\n`);
}
