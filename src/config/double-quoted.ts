/**
 * A double-quoted YAML scalar as manifest compilers write it: `\n` escapes, escaped quotes, folded over
 * several lines (a line break is a space, a `\` at the end of a line joins without one, `\ ` keeps a
 * leading space). Decoded with the source line each part comes from, and re-encoded in the same style:
 * libyaml's (go-yaml, kustomize: fold at a space past the width) or PyYAML's (escaped line breaks), found
 * by re-emitting the original until it comes out byte for byte.
 */

export interface DecodedScalar {
  value: string;
  /**
   * `prefixes[k]`: what source lines 0..k-1 decode to when line k is a continuation line with content
   * (the fold before it included: a space, nothing after an escaped break, a newline per blank line).
   */
  prefixes: (string | undefined)[];
}

const SIMPLE: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};
const HEX: Record<string, number> = { x: 2, u: 4, U: 8 };

/** One source line: its content, how many raw blanks end it, and whether it ends in an escaped break. */
function decodeLine(line: string, first: boolean, last: boolean): { text: string; blank: boolean; escapedBreak: boolean } {
  const content = first ? line : line.replace(/^[ \t]+/, '');
  let text = '';
  let rawBlanks = 0;
  let escapedBreak = false;
  for (let j = 0; j < content.length; j++) {
    const char = content[j] as string;
    if (char !== '\\') {
      text += char;
      rawBlanks = char === ' ' || char === '\t' ? rawBlanks + 1 : 0;
      continue;
    }
    const next = content[j + 1];
    if (next === undefined) {
      if (last) throw new Error('a backslash before the closing quote');
      escapedBreak = true;
      break;
    }
    const digits = HEX[next];
    if (digits !== undefined) {
      const hex = content.slice(j + 2, j + 2 + digits);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== digits) throw new Error(`a bad escaped \\${next}${hex}`);
      text += String.fromCodePoint(parseInt(hex, 16));
      j += 1 + digits;
    } else {
      const simple = SIMPLE[next];
      if (simple === undefined) throw new Error(`an unknown escaped \\${next}`);
      text += simple;
      j += 1;
    }
    rawBlanks = 0;
  }
  if (!last && !escapedBreak && rawBlanks > 0) text = text.slice(0, text.length - rawBlanks);
  return { text, blank: !first && !last && !escapedBreak && content.trim() === '', escapedBreak };
}

/** Decode the scalar's source, opening and closing quotes included (throws on what it cannot read). */
export function decodeDoubleQuoted(source: string): DecodedScalar {
  if (!source.startsWith('"') || !source.endsWith('"') || source.length < 2) throw new Error('not a double-quoted scalar');
  const lines = source
    .slice(1, -1)
    .split('\n')
    .map((line, index, all) => (index < all.length - 1 ? line.replace(/\r$/, '') : line));
  const prefixes: (string | undefined)[] = [undefined];
  let value = '';
  let fold: 'none' | 'space' | 'escaped' = 'none';
  let empties = 0;
  let previousBlank = false;
  lines.forEach((line, index) => {
    const last = index === lines.length - 1;
    const decoded = decodeLine(line, index === 0, last);
    if (index > 0) prefixes.push(value + (previousBlank ? '\n'.repeat(empties) : fold === 'space' ? ' ' : ''));
    previousBlank = decoded.blank;
    if (decoded.blank) {
      empties++;
      return;
    }
    if (fold === 'space') value += empties > 0 ? '\n'.repeat(empties) : ' ';
    else if (fold === 'escaped') value += '\n'.repeat(empties);
    empties = 0;
    value += decoded.text;
    fold = decoded.escapedBreak ? 'escaped' : 'space';
  });
  return { value, prefixes };
}

interface EmitStyle {
  emitter: 'libyaml' | 'pyyaml' | 'json';
  /** The width past which a line is folded (Infinity: never). */
  width: number;
  /** Whether non-ASCII characters are written as they are (else escaped). */
  unicode: boolean;
  /** The indentation of continuation lines. */
  indent: string;
  eol: string;
}

/** Where the emitted text starts: at the opening quote (column given), or at the start of a continuation line. */
interface EmitFrom {
  atQuote: boolean;
  column: number;
  /** The index, in code points, of the first character in the whole value, and the whole value's length. */
  base: number;
  total: number;
}

const ESCAPE_OUT: Record<string, string> = {
  '\0': '0',
  '\x07': 'a',
  '\b': 'b',
  '\t': 't',
  '\n': 'n',
  '\v': 'v',
  '\f': 'f',
  '\r': 'r',
  '\x1b': 'e',
  '"': '"',
  '\\': '\\',
  '\x85': 'N',
  '\xa0': '_',
  '\u2028': 'L',
  '\u2029': 'P',
};

function printable(code: number): boolean {
  return (
    code === 0x0a ||
    (code >= 0x20 && code <= 0x7e) ||
    code === 0x85 ||
    (code >= 0xa0 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd && code !== 0xfeff) ||
    code >= 0x10000
  );
}

/** The escaped of a character a double-quoted scalar cannot hold raw, or undefined when it can. */
function escapeOf(char: string, unicode: boolean): string | undefined {
  const code = char.codePointAt(0) ?? 0;
  const raw =
    printable(code) &&
    (unicode || code <= 0x7e) &&
    code !== 0x0a &&
    code !== 0x85 &&
    code !== 0x2028 &&
    code !== 0x2029 &&
    char !== '"' &&
    char !== '\\';
  if (raw) return undefined;
  const simple = ESCAPE_OUT[char];
  if (simple) return `\\${simple}`;
  const hex = code.toString(16).toUpperCase();
  return code <= 0xff ? `\\x${hex.padStart(2, '0')}` : code <= 0xffff ? `\\u${hex.padStart(4, '0')}` : `\\U${hex.padStart(8, '0')}`;
}

/** The opening of the emitted text: the quote, or a continuation line's indentation (and `\` before a space). */
function opening(chars: readonly string[], style: EmitStyle, from: EmitFrom): { out: string; column: number } {
  if (from.atQuote) return { out: '"', column: from.column + 1 };
  const escaped = chars[0] === ' ' ? '\\' : '';
  return { out: style.indent + escaped, column: style.indent.length + escaped.length };
}

/** libyaml's yaml_emitter_write_double_quoted_scalar (go-yaml's port): fold at a space past the width. */
function emitLibyaml(chars: readonly string[], style: EmitStyle, from: EmitFrom): string {
  let { out, column } = opening(chars, style, from);
  let spaces = false;
  chars.forEach((char, index) => {
    const escaped = escapeOf(char, style.unicode);
    if (escaped) {
      out += escaped;
      column += escaped.length;
      spaces = false;
    } else if (char === ' ') {
      const position = from.base + index;
      if (!spaces && column > style.width && position !== 0 && position !== from.total - 1) {
        out += style.eol + style.indent;
        column = style.indent.length;
        if (chars[index + 1] === ' ') {
          out += '\\';
          column++;
        }
      } else {
        out += ' ';
        column++;
      }
      spaces = true;
    } else {
      out += char;
      column++;
      spaces = false;
    }
  });
  return `${out}"`;
}

/** PyYAML's Emitter.write_double_quoted: break with an escaped line break at a space or after an escaped. */
function emitPyyaml(chars: readonly string[], style: EmitStyle, from: EmitFrom): string {
  let { out, column } = opening(chars, style, from);
  let start = 0;
  for (let end = 0; end <= chars.length; end++) {
    const char = chars[end];
    const escaped = char === undefined ? undefined : escapeOf(char, style.unicode);
    if (char === undefined || escaped) {
      if (start < end) {
        out += chars.slice(start, end).join('');
        column += end - start;
        start = end;
      }
      if (escaped) {
        out += escaped;
        column += escaped.length;
        start = end + 1;
      }
    }
    const position = from.base + end;
    if (position > 0 && position < from.total - 1 && (char === ' ' || start >= end) && column + (end - start) > style.width) {
      const data = `${chars.slice(start, end).join('')}\\`;
      if (start < end) start = end;
      out += data + style.eol + style.indent;
      column = style.indent.length;
      if (chars[start] === ' ') {
        out += '\\';
        column++;
      }
    }
  }
  return `${out}"`;
}

/** JSON.stringify, with the characters YAML 1.1 reads as line breaks (or a BOM) escaped too. */
function emitJson(text: string): string {
  return JSON.stringify(text).replace(
    /[\u007f-\u009f\u2028\u2029\ufeff]/g,
    (char) => `\\u${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`,
  );
}

function emitDoubleQuoted(text: string, style: EmitStyle, from: EmitFrom): string {
  if (style.emitter === 'json') return emitJson(text);
  const chars = [...text];
  return style.emitter === 'libyaml' ? emitLibyaml(chars, style, from) : emitPyyaml(chars, style, from);
}

/**
 * The style a scalar was written in: an emitter and width that reproduce its source exactly, or, for a
 * source no emitter reproduces (written by hand, or by another tool), the nearest: its fold kind, its
 * longest line as the width, its indentation.
 */
function detectStyle(source: string, value: string, column: number): EmitStyle {
  const lines = source.split('\n');
  const eol = source.includes('\r\n') ? '\r\n' : '\n';
  const continued = lines.slice(1).find((line) => line.trim() !== '');
  const indent = continued === undefined ? ' '.repeat(column + 2) : (/^[ \t]*/.exec(continued)?.[0] ?? '');
  const from: EmitFrom = { atQuote: true, column, base: 0, total: [...value].length };
  const candidates: EmitStyle[] = [];
  if (lines.length === 1) {
    candidates.push({ emitter: 'json', width: Infinity, unicode: true, indent, eol });
    for (const unicode of [true, false]) candidates.push({ emitter: 'libyaml', width: Infinity, unicode, indent, eol });
  } else {
    const longest = Math.max(...lines.map((line) => line.replace(/\r$/, '').length));
    for (const emitter of ['libyaml', 'pyyaml'] as const) {
      for (const unicode of [true, false]) {
        // The emitters' default width first: of the widths that reproduce the source, the likeliest.
        candidates.push({ emitter, width: 80, unicode, indent, eol });
        for (let width = 2; width <= longest + 1; width++) candidates.push({ emitter, width, unicode, indent, eol });
      }
    }
  }
  const exact = candidates.find((style) => emitDoubleQuoted(value, style, from) === source);
  if (exact) return exact;
  const escapedBreaks = lines.slice(0, -1).some((line) => /(^|[^\\])(\\\\)*\\\r?$/.test(line));
  const unicode = /[^\x00-\x7f]/.test(source) || !/\\[uU]/.test(source);
  if (lines.length === 1) return { emitter: 'json', width: Infinity, unicode, indent, eol };
  const width = Math.max(indent.length + 20, ...lines.slice(0, -1).map((line) => line.replace(/\\?\r?$/, '').length - 1));
  return { emitter: escapedBreaks ? 'pyyaml' : 'libyaml', width, unicode, indent, eol };
}

/**
 * The new source of a double-quoted scalar whose value becomes `value`: the source lines before the first
 * one whose content changes are kept byte for byte, the rest is emitted in the scalar's own style.
 */
export function reencodeDoubleQuoted(source: string, decoded: DecodedScalar, value: string, column: number): string {
  const style = detectStyle(source, decoded.value, column);
  const lines = source.split('\n');
  let keep = 0;
  if (style.emitter !== 'json') {
    for (let k = decoded.prefixes.length - 1; k >= 1; k--) {
      const prefix = decoded.prefixes[k];
      if (prefix !== undefined && value.startsWith(prefix)) {
        keep = k;
        break;
      }
    }
  }
  const prefix = keep > 0 ? (decoded.prefixes[keep] ?? '') : '';
  const from: EmitFrom = { atQuote: keep === 0, column, base: [...prefix].length, total: [...value].length };
  const tail = emitDoubleQuoted(value.slice(prefix.length), style, from);
  return keep === 0 ? tail : `${lines.slice(0, keep).join('\n')}\n${tail}`;
}
