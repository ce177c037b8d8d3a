/** Where a scanned tree came from: printed in the catalog so an answer can be traced to its commit. */
export interface Provenance {
  /** `owner/name` for GitHub, else the local path. */
  repo: string;
  /** The ref the user asked for (a tag, a branch, `HEAD`), or null for a plain folder. */
  tag: string | null;
  /** The full commit SHA, or null when the source has none (a plain folder). */
  commit: string | null;
}

/**
 * A read-only tree of files at one version. Paths are relative to the repository root and use `/`.
 * Implementations: a local git repository, a local folder, GitHub.
 */
export interface SourceTree {
  readonly provenance: Provenance;
  /** Every file in the tree (not folders), sorted. */
  listFiles(): Promise<readonly string[]>;
  /** Contents of the given files; a path that does not exist is an error. */
  readFiles(paths: readonly string[]): Promise<Map<string, Buffer>>;
  /** Release what the source holds open (child processes). Safe to call twice. */
  close(): Promise<void>;
}
