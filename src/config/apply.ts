import { isScalar, parseAllDocuments } from 'yaml';
import { ConfigError } from '../errors.js';
import { decodeDoubleQuoted, reencodeDoubleQuoted } from './double-quoted.js';
import type { ConfigFile, Embedded, PluginsBlock } from './locate.js';
import { PARSE_OPTIONS } from './parse.js';
import { applyLineEdits, Lines, type LineEdit } from './text.js';

/**
 * The file's new text after line edits of one block. In the file itself, the edits are spliced as they are;
 * in a ConfigMap string, a block literal gets them line by line with its indentation (untouched lines stay
 * byte-identical), a double-quoted string, folded or not, is re-encoded in its own style from the first changed
 * line on (double-quoted.ts). Either way the new file is parsed and its string must decode to the edited config.
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
      if (inner.line(i).trim())
        indent = outer.line(headerLine + 1 + i).slice(0, outer.line(headerLine + 1 + i).length - inner.line(i).length);
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
    return readBack(file, embedded, applyLineEdits(file.text, mapped), decoded);
  }
  if (scalar.type === 'QUOTE_DOUBLE') return readBack(file, embedded, editDoubleQuoted(file, embedded, block.text, decoded), decoded);
  throw new ConfigError(
    `${embedded.label} in ${file.path} is a ${scalar.type?.toLowerCase().replace('_', ' ')} string; ` +
      'only block literals (|) and double-quoted strings are edited',
  );
}

/** A double-quoted string, folded or not, re-encoded in its own style from the first changed line on. */
function editDoubleQuoted(file: ConfigFile, embedded: Embedded, before: string, after: string): string {
  const [from, to] = embedded.scalar.range ?? [0, 0];
  const source = file.text.slice(from, to);
  let decoded: ReturnType<typeof decodeDoubleQuoted>;
  try {
    decoded = decodeDoubleQuoted(source);
  } catch (error) {
    throw new ConfigError(`cannot re-encode ${embedded.label} in ${file.path}: ${(error as Error).message}`, {
      hint: 'edit it by hand or write it as a block literal',
    });
  }
  if (decoded.value !== before) {
    throw new ConfigError(
      `cannot re-encode ${embedded.label} in ${file.path}: its escapes decode differently here than in the YAML parser`,
      { hint: 'edit it by hand or write it as a block literal' },
    );
  }
  const column = from - (file.text.lastIndexOf('\n', from - 1) + 1);
  return file.text.slice(0, from) + reencodeDoubleQuoted(source, decoded, after, column) + file.text.slice(to);
}

/** The new file must parse, and its string must decode to exactly the edited config, before it is written. */
function readBack(file: ConfigFile, embedded: Embedded, text: string, expected: string): string {
  const documents = parseAllDocuments(text, PARSE_OPTIONS);
  const document = Array.isArray(documents) ? documents[embedded.documentIndex] : undefined;
  const value = document && document.errors.length === 0 ? document.getIn(['data', embedded.key], true) : undefined;
  if (!isScalar(value) || value.value !== expected) {
    throw new ConfigError(`the edit of ${embedded.label} in ${file.path} did not read back as the edited config; the file was not written`);
  }
  return text;
}
