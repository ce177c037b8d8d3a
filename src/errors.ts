/**
 * Known failures, in two families whose class decides the exit code (README, "Exit codes"):
 * - `RefusedError` (exit 1): the tool understood the request and refused it on purpose: a name that is no
 *   plugin to enable, a change propeller would reject or that needs --yes, a check that found problems.
 * - `FailedError` (exit 2): the tool could not do what was asked: bad usage, a source or network failure, a
 *   config it cannot read or write.
 * Anything else thrown is a bug: the CLI still prints one line and exits 2 (the stack with --debug).
 * Messages are one line: `error: <message> (<hint>)`.
 */
export abstract class CatalogToolError extends Error {
  abstract readonly exitCode: 1 | 2;
  readonly hint: string | undefined;

  constructor(message: string, options: { hint?: string | undefined; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.hint = options.hint;
  }
}

/** What to do without a network or a bundled version, whichever command needed the catalog. */
export const LOCAL_SCAN_HINT = 'or scan a local clone: discover --source DIR --out catalog.json, then --catalog catalog.json';

/** Refused on purpose: exit 1. */
export class RefusedError extends CatalogToolError {
  readonly exitCode = 1;
}

/** A name the user gave is not a plugin ID to write: unknown, a task type, flagged, not linked. */
export class NameRefusedError extends RefusedError {}

/** A change that propeller would reject, that would lose something, or that needs --yes. */
export class ChangeRefusedError extends RefusedError {}

/** A check ran and its report (already printed) found problems: exit 1, nothing more to say. */
export class ProblemsFound extends RefusedError {
  constructor() {
    super('problems found');
  }
}

/** Could not do it: exit 2. */
export class FailedError extends CatalogToolError {
  readonly exitCode = 2;
}

/** The command line itself is wrong. */
export class UsageError extends FailedError {}

/** Files could not be read from where they were asked for (not a repo, no such ref, network, cache). */
export class SourceError extends FailedError {}

/** The source was read, but it is not something we can scan (no module, no registrations, old API). */
export class ScanError extends FailedError {}

/** A config file cannot be read, understood or written. */
export class ConfigError extends FailedError {}

/** A file the user named (`--out`, `-c`) cannot be written safely. */
export class WriteError extends FailedError {}

export function isCatalogToolError(error: unknown): error is CatalogToolError {
  return error instanceof CatalogToolError;
}
