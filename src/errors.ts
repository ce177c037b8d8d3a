/**
 * Known failures. Each carries the exit code the CLI sets and, where it helps, a hint on what to do.
 * Exit-code contract (README): 0 ok, 1 the check found problems, 2 usage or runtime failure.
 */
export class CatalogToolError extends Error {
  readonly exitCode: number;
  readonly hint: string | undefined;

  constructor(message: string, options: { exitCode?: number; hint?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = options.exitCode ?? 2;
    this.hint = options.hint;
  }
}

/** The command line itself is wrong. */
export class UsageError extends CatalogToolError {}

/** Files could not be read from where they were asked for (not a repo, no such ref, network, cache). */
export class SourceError extends CatalogToolError {}

/** The source was read, but it is not something we can scan (no module, no registrations, old API). */
export class ScanError extends CatalogToolError {}

/** A config file cannot be read, understood or written. */
export class ConfigError extends CatalogToolError {}

/** A name the user gave is not a plugin ID of the catalog. */
export class UnknownPluginError extends CatalogToolError {
  constructor(message: string, options: { hint?: string } = {}) {
    super(message, { exitCode: 1, ...options });
  }
}

/** A check ran and its report (already printed) found problems: exit 1, nothing more to say. */
export class ProblemsFound extends CatalogToolError {
  constructor() {
    super('problems found', { exitCode: 1 });
  }
}

export function isCatalogToolError(error: unknown): error is CatalogToolError {
  return error instanceof CatalogToolError;
}
