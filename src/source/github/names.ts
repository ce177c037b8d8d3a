import { UsageError } from '../../errors.js';

/** GitHub's owner names: alphanumerics and single hyphens, at most 39, no hyphen first or last. */
const OWNER = /^(?=.{1,39}$)[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/;
/** GitHub's repository names: letters, digits, `.`, `_`, `-`, at most 100; never `.` or `..`. */
const NAME = /^[A-Za-z0-9._-]{1,100}$/;

function shown(value: string): string {
  return JSON.stringify(value.slice(0, 120)).slice(1, -1);
}

/** `OWNER/NAME` as GitHub spells them, or a usage error: nothing else may reach a request path. */
export function parseRepoName(fullName: string): { owner: string; repo: string } {
  const parts = fullName.split('/');
  const [owner = '', repo = ''] = parts;
  if (parts.length !== 2 || !OWNER.test(owner) || !NAME.test(repo) || repo === '.' || repo === '..') {
    throw new UsageError(`--repo takes OWNER/NAME as GitHub spells them, not '${shown(fullName)}'`, {
      hint: 'owner: letters, digits and single hyphens; name: letters, digits, ., _ and -',
    });
  }
  return { owner, repo };
}

/**
 * A tag, branch or commit as git allows it (git check-ref-format): no `..`, no part starting with `.`,
 * no control characters, spaces or `~^:?*[\`, no `@{`, not ending with `/`, `.` or `.lock`.
 */
export function checkRef(ref: string): string {
  const parts = ref.split('/');
  const bad =
    ref.length === 0 ||
    ref.length > 255 ||
    ref === '@' ||
    /[\x00-\x20\x7f~^:?*[\\]|\.\.|@\{/.test(ref) ||
    /\.$|\.lock$/.test(ref) ||
    parts.some((part) => part === '' || part.startsWith('.') || part.endsWith('.lock'));
  if (bad) {
    throw new UsageError(`'${shown(ref)}' is not a tag, branch or commit name`, { hint: 'give a tag (v1.16.8), a branch or a commit SHA' });
  }
  return ref;
}
