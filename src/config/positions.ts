import { isNode, isPair, isScalar } from 'yaml';
import { Lines } from '../util/lines.js';
import { decodeDoubleQuoted } from './double-quoted.js';
import type { ConfigFile, Embedded, PluginsBlock } from './locate.js';
import type { SourceLocation } from './report-schema.js';

/** Where a node of a block was written: file, line and column, in the file a person edits. */
export type Locator = (block: PluginsBlock, node: unknown) => SourceLocation | undefined;

/** The offset a node (or a pair, by its key) starts at in the text its range points into. */
export function startOf(node: unknown): number | undefined {
  if (isPair(node)) return startOf(node.key);
  return isNode(node) ? node.range?.[0] : undefined;
}

export function locationAt(file: string, lines: Lines, offset: number): SourceLocation {
  const line = lines.lineOf(offset);
  return { file, line: line + 1, column: offset - (lines.starts[line] ?? 0) + 1 };
}

/** A block literal's lines are the config's lines, one for one, each behind the block's indentation. */
function inBlockLiteral(label: string, outer: Lines, embedded: Embedded, inner: Lines, offset: number): SourceLocation {
  const header = outer.lineOf(embedded.scalar.range?.[0] ?? 0);
  const innerLine = inner.lineOf(offset);
  const outerLine = header + 1 + innerLine;
  const indent = Math.max(0, outer.line(outerLine).length - inner.line(innerLine).length);
  return { file: label, line: outerLine + 1, column: indent + offset - (inner.starts[innerLine] ?? 0) + 1 };
}

/** Source characters of one line that decode to `count` characters (an escape is one decoded character). */
function sourceColumns(line: string, from: number, count: number): number {
  let at = from;
  for (let decoded = 0; decoded < count && at < line.length; decoded++) {
    if (line[at] !== '\\') at += 1;
    else at += 2 + ({ x: 2, u: 4, U: 8 }[line[at + 1] ?? ''] ?? 0);
  }
  return at;
}

/** A double-quoted string, folded or not: the source line each decoded part comes from, then the column in it. */
function inDoubleQuoted(label: string, outer: Lines, embedded: Embedded, offset: number): SourceLocation | undefined {
  const [from, to] = embedded.scalar.range ?? [0, 0];
  const source = outer.text.slice(from, to);
  const { prefixes } = decodeDoubleQuoted(source);
  let k = 0;
  for (let i = 1; i < prefixes.length; i++) {
    const prefix = prefixes[i];
    if (prefix !== undefined && prefix.length <= offset) k = i;
  }
  const sourceLines = source.split('\n');
  const line = (sourceLines[k] ?? '').replace(/\r$/, '');
  const contentStart = k === 0 ? 1 : (/^[ \t]*/.exec(line)?.[0].length ?? 0);
  const at = sourceColumns(line, contentStart, offset - (prefixes[k]?.length ?? 0));
  const first = outer.lineOf(from);
  const column = k === 0 ? from - (outer.starts[first] ?? 0) + at : at;
  return { file: label, line: first + k + 1, column: column + 1 };
}

/** Locations in one file; in a ConfigMap string, in the outer file's lines. */
export function fileLocator(file: ConfigFile, label: string = file.path): Locator {
  const outer = new Lines(file.text);
  const inner = new Map<string, Lines>();
  return (block, node) => {
    const offset = startOf(node);
    if (offset === undefined) return undefined;
    const embedded = block.embedded;
    if (!embedded) return locationAt(label, outer, offset);
    const scalarStart = locationAt(label, outer, embedded.scalar.range?.[0] ?? 0);
    try {
      if (isScalar(embedded.scalar) && embedded.scalar.type === 'BLOCK_LITERAL') {
        const lines = inner.get(block.text) ?? new Lines(block.text);
        inner.set(block.text, lines);
        return inBlockLiteral(label, outer, embedded, lines, offset);
      }
      if (embedded.scalar.type === 'QUOTE_DOUBLE') return inDoubleQuoted(label, outer, embedded, offset) ?? scalarStart;
    } catch {
      // A string this reader cannot map line by line: the string's own start is still the right place to look.
    }
    return scalarStart;
  };
}
