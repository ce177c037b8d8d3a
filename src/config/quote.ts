import { isScalar, Scalar } from 'yaml';

/**
 * Names written into YAML, quoted when a YAML 1.1 reader (viper through go-yaml, PyYAML) or a 1.2 one would
 * read the plain scalar as something else: a bool, null, number, timestamp, merge key, alias, tag, comment,
 * flow collection or another structure. Quoting follows the file's own style.
 */
export type QuoteStyle = 'plain' | 'single' | 'double';

// YAML 1.1 bools (go-yaml v2 also takes y/n), nulls, the merge key and the 1.1 "value" key; any casing.
const RESERVED = /^(?:y|yes|n|no|true|false|on|off|null|~|<<|=)$/i;
// Numbers of either version: ints (0x, 0o, 0b, sexagesimal), floats, .inf/.nan; timestamps start with a digit.
const NUMBER_LIKE = /^[-+]?(?:\.?[0-9]|\.(?:inf|nan)$)/i;
// Characters that start something else when they lead a plain scalar.
const INDICATOR_START = /^[-?:,[\]{}#&*!|>'"%@`<=]/;
// Anything a plain scalar cannot hold safely in a block or a flow collection.
const UNSAFE_INSIDE = /: |:$| #|[,[\]{}]|^\s|\s$|\t/;
// Characters that only a double-quoted scalar can carry: C0/C1 controls, DEL, NEL, line and paragraph
// separators, BOM, lone surrogates.
const NEEDS_ESCAPE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ud800-\udfff]/u;

function isPlainSafe(name: string): boolean {
  return (
    name !== '' &&
    !RESERVED.test(name) &&
    !NUMBER_LIKE.test(name) &&
    !INDICATOR_START.test(name) &&
    !UNSAFE_INSIDE.test(name) &&
    !NEEDS_ESCAPE.test(name)
  );
}

const ESCAPES: Record<string, string> = {
  '\0': '\\0',
  '\x07': '\\a',
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\v': '\\v',
  '\f': '\\f',
  '\r': '\\r',
  '\x1b': '\\e',
  '"': '\\"',
  '\\': '\\\\',
  '\x85': '\\N',
  '\u2028': '\\L',
  '\u2029': '\\P',
};

function hex(code: number): string {
  if (code > 0xffff) return `\\U${code.toString(16).toUpperCase().padStart(8, '0')}`;
  return code <= 0xff ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}` : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

function doubleQuoted(name: string): string {
  let out = '"';
  for (const char of name) {
    const code = char.codePointAt(0) ?? 0;
    out += ESCAPES[char] ?? (NEEDS_ESCAPE.test(char) ? hex(code) : char);
  }
  return `${out}"`;
}

function singleQuoted(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/** A name as a scalar in the given style: plain only when safe, single quotes unless escapes are needed. */
export function formatName(name: string, style: QuoteStyle): string {
  if (NEEDS_ESCAPE.test(name) || style === 'double') return doubleQuoted(name);
  if (style === 'single' || !isPlainSafe(name)) return singleQuoted(name);
  return name;
}

/** The quoting style most of these scalars are written in (plain on a tie or when there are none). */
export function styleOf(nodes: readonly unknown[]): QuoteStyle {
  const count = { plain: 0, single: 0, double: 0 };
  for (const node of nodes) {
    if (!isScalar(node)) continue;
    if (node.type === Scalar.QUOTE_SINGLE) count.single++;
    else if (node.type === Scalar.QUOTE_DOUBLE) count.double++;
    else if (node.type === Scalar.PLAIN) count.plain++;
  }
  if (count.single > count.plain && count.single >= count.double) return 'single';
  if (count.double > count.plain && count.double > count.single) return 'double';
  return 'plain';
}
