export { Lines } from '../util/lines.js';

/** Replace lines [from, to) with `lines` (0-based). Edits must not overlap. */
export interface LineEdit {
  from: number;
  to: number;
  lines: string[];
}

export function applyLineEdits(text: string, edits: readonly LineEdit[]): string {
  const lines = text.split('\n');
  const ordered = [...edits].sort((a, b) => b.from - a.from || b.to - a.to);
  for (const edit of ordered) lines.splice(edit.from, edit.to - edit.from, ...edit.lines);
  return lines.join('\n');
}
