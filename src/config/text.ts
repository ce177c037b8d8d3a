export { Lines } from '../util/lines.js';

/** Replace lines [from, to) with `lines` (0-based). Edits must not overlap. */
export interface LineEdit {
  from: number;
  to: number;
  lines: string[];
}

export function applyLineEdits(text: string, edits: readonly LineEdit[]): string {
  const lines = text.split('\n');
  // A CRLF file stays CRLF: every line an edit writes ends in \r, but one that becomes the file's last,
  // newline-less line.
  const crlf = text.includes('\r\n');
  const ordered = [...edits].sort((a, b) => b.from - a.from || b.to - a.to);
  for (const edit of ordered) {
    const written = edit.lines.map((line, index) => {
      const endsFile = edit.to >= lines.length && index === edit.lines.length - 1;
      return crlf && !endsFile && !line.endsWith('\r') ? `${line}\r` : line;
    });
    lines.splice(edit.from, edit.to - edit.from, ...written);
  }
  return lines.join('\n');
}
