/** A full git commit SHA (40 hex digits, lower case, as GitHub and git print them). */
export const FULL_SHA = /^[0-9a-f]{40}$/;

export function isFullSha(text: string | undefined): text is string {
  return text !== undefined && FULL_SHA.test(text);
}
