import { ConfigError } from '../errors.js';
import type { ConfigFile, PluginsBlock } from './locate.js';
import { applyLineEdits, Lines, type LineEdit } from './text.js';

/**
 * The file's new text after line edits of one block. In the file itself, the edits are spliced as they are;
 * in a ConfigMap string, a block literal gets them line by line with its indentation (untouched lines stay
 * byte-identical), a double-quoted string is re-encoded with the same escapes.
 */
export function applyBlockEdits(file: ConfigFile, block: PluginsBlock, edits: readonly LineEdit[]): string {
  if (edits.length === 0) return file.text;
  const embedded = block.embedded;
  if (!embedded) return applyLineEdits(file.text, edits);
  const scalar = embedded.scalar;
  const range = scalar.range;
  if (!range) throw new ConfigError(`cannot find ${embedded.label} in ${file.path}`);
  const decoded = applyLineEdits(block.text, edits);
  if (scalar.type === 'BLOCK_LITERAL') {
    const outer = new Lines(file.text);
    const headerLine = outer.lineOf(range[0]);
    const inner = new Lines(block.text);
    let indent: string | undefined;
    for (let i = 0; i < inner.count && indent === undefined; i++) {
      if (inner.line(i).trim()) indent = outer.line(headerLine + 1 + i).slice(0, outer.line(headerLine + 1 + i).length - inner.line(i).length);
    }
    const prefix = indent ?? '  ';
    const mapped = edits.map((edit) => ({
      from: headerLine + 1 + edit.from,
      to: headerLine + 1 + edit.to,
      lines: edit.lines.map((line) => (line ? prefix + line : line)),
    }));
    for (const edit of edits) {
      for (let i = edit.from; i < edit.to; i++) {
        if (outer.line(headerLine + 1 + i) !== (inner.line(i) ? prefix + inner.line(i) : outer.line(headerLine + 1 + i))) {
          throw new ConfigError(`${embedded.label} in ${file.path} is not indented uniformly; edit it by hand`);
        }
      }
    }
    return applyLineEdits(file.text, mapped);
  }
  if (scalar.type === 'QUOTE_DOUBLE') {
    const source = file.text.slice(range[0], range[1]);
    if (source !== JSON.stringify(block.text)) {
      throw new ConfigError(`${embedded.label} in ${file.path} is a double-quoted string folded over lines; edit it by hand or write it as a block literal`);
    }
    return file.text.slice(0, range[0]) + JSON.stringify(decoded) + file.text.slice(range[1]);
  }
  throw new ConfigError(`${embedded.label} in ${file.path} is a ${scalar.type?.toLowerCase().replace('_', ' ')} string; only block literals (|) and double-quoted strings are edited`);
}
