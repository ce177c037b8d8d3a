/** Line arithmetic on a text, for edits that splice whole lines and leave every other byte alone. */
export class Lines {
  readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  get count(): number {
    return this.starts.length;
  }

  /** 0-based line of an offset. */
  lineOf(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /** A line without its newline. */
  line(index: number): string {
    const start = this.starts[index] ?? this.text.length;
    const next = this.starts[index + 1];
    return this.text.slice(start, next === undefined ? this.text.length : next - 1).replace(/\r$/, '');
  }

  indentOf(index: number): string {
    return /^[ \t]*/.exec(this.line(index))?.[0] ?? '';
  }
}

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
