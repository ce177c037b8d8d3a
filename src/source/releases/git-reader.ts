import { execFileSync } from 'node:child_process';
import { SourceError } from '../../errors.js';

/** One hit of `git grep -n`. */
export interface GrepHit {
  path: string;
  line: number;
  text: string;
}

/**
 * Synchronous, memoised reads of a local git repository (bare or not) at given commits, for the batch work of
 * mapping releases: `git show`, `git grep`, tags. Nothing is checked out.
 */
export class GitReader {
  private readonly shown = new Map<string, string | undefined>();
  private readonly commits = new Map<string, string | undefined>();
  private tagList: string[] | undefined;
  private byCommit: Map<string, string[]> | undefined;

  constructor(readonly dir: string) {}

  private run(args: readonly string[]): string | undefined {
    try {
      return execFileSync('git', ['-C', this.dir, ...args], {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        stdio: ['ignore', 'pipe', 'ignore'],
      });
    } catch (error) {
      // git grep exits 1 when nothing matches; show and rev-parse when the object does not exist.
      if ((error as { status?: number }).status !== undefined && (error as { status?: number }).status !== 0) return undefined;
      throw new SourceError(`git failed in ${this.dir}: ${(error as Error).message}`, { cause: error });
    }
  }

  /** The text of a file at a commit, or undefined when it does not exist there. */
  show(commit: string, path: string): string | undefined {
    const key = `${commit}:${path}`;
    if (!this.shown.has(key)) this.shown.set(key, this.run(['cat-file', 'blob', key]));
    return this.shown.get(key);
  }

  /** Whether a file or folder exists at a commit. */
  exists(commit: string, path: string): boolean {
    return this.run(['cat-file', '-e', `${commit}:${path}`]) !== undefined;
  }

  /** The commit a ref names (tags peeled), or undefined. */
  commitOf(ref: string): string | undefined {
    if (!this.commits.has(ref))
      this.commits.set(ref, this.run(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])?.trim() || undefined);
    return this.commits.get(ref);
  }

  tags(): string[] {
    this.tagList ??= (this.run(['tag', '--list']) ?? '').split('\n').filter(Boolean);
    return this.tagList;
  }

  /** The tags that sit on a commit (annotated tags peeled). */
  tagsAt(commit: string): string[] {
    if (!this.byCommit) {
      this.byCommit = new Map();
      const listing = this.run(['for-each-ref', '--format=%(refname:short) %(objectname) %(*objectname)', 'refs/tags']) ?? '';
      for (const line of listing.split('\n').filter(Boolean)) {
        const parts = line.trim().split(/\s+/);
        const name = parts[0] ?? '';
        const target = parts.at(-1) ?? '';
        this.byCommit.set(target, [...(this.byCommit.get(target) ?? []), name]);
      }
    }
    return this.byCommit.get(commit) ?? [];
  }

  /** `git grep -n -E` at a commit, limited to the pathspecs. */
  grep(commit: string, pattern: string, pathspecs: readonly string[]): GrepHit[] {
    const out = this.run(['grep', '-n', '-E', '-e', pattern, commit, '--', ...pathspecs]);
    if (!out) return [];
    const hits: GrepHit[] = [];
    for (const line of out.split('\n')) {
      if (!line.startsWith(`${commit}:`)) continue;
      const rest = line.slice(commit.length + 1);
      const match = /^(.*?):(\d+):(.*)$/.exec(rest);
      if (match) hits.push({ path: match[1] ?? '', line: Number(match[2]), text: match[3] ?? '' });
    }
    return hits;
  }
}
