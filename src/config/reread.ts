import { isAlias, isCollection, isMap, isNode, isPair, isScalar, visit, type Pair, type YAMLMap } from 'yaml';
import { Lines } from '../util/lines.js';
import { Anchors } from './anchors.js';
import { readBlock, type ConfigFile, type PluginsBlock } from './locate.js';
import { parseRegion } from './parse.js';
import type { LineEdit } from './text.js';

/**
 * An edit's read-back without parsing the whole file again: only the lines of the edited block. The block is
 * the `task-plugins:` key and the lines below it indented deeper; those lines, edited, are parsed on their own
 * (at their offsets in the file) and must still be that one key, with nothing in them indented at or left of
 * it. Spliced back between unchanged lines that ended the block before, they then mean in the file what they
 * mean alone: the same block. Anything this cannot vouch for (a key not first on its line, tabs, anchors,
 * aliases or merge keys, in the block before the edit or after it, an edit outside the block, an error) gives
 * `undefined`, and the caller parses the whole file instead. `canReread` says first whether the block's place allows it at all.
 */
export function rereadBlock(block: PluginsBlock, before: string, after: string, edits: readonly LineEdit[]): PluginsBlock | undefined {
  const key = block.pair.key;
  const value = block.map;
  if (block.embedded || !isScalar(key) || !key.range || !value?.range || holdsAnchor(value)) return undefined;
  const lines = new Lines(before);
  const keyLine = lines.lineOf(key.range[0]);
  const lineStart = lines.starts[keyLine] ?? 0;
  const indent = key.range[0] - lineStart;
  if (!/^ *$/.test(before.slice(lineStart, key.range[0]))) return undefined;
  const end = blockEnd(lines, keyLine, indent);
  // The parser's map ends where the next content starts (after that line's indentation), no later.
  if (end === undefined || contentStart(lines, end) < value.range[1]) return undefined;
  if (edits.some((edit) => edit.from <= keyLine || edit.to > end)) return undefined;
  const newEnd = end + edits.reduce((sum, edit) => sum + edit.lines.length - (edit.to - edit.from), 0);
  const edited = new Lines(after);
  if (blockEnd(edited, keyLine, indent, newEnd) !== newEnd) return undefined;
  const from = edited.starts[keyLine] ?? 0;
  // To the next content's indentation, where the parser ends a block map in the file too.
  const to = contentStart(edited, newEnd);
  const region = parseRegion(after, from, to);
  const map = region?.contents;
  if (!region || !isMap(map) || map.flow || map.items.length !== 1) return undefined;
  const anchors = new Anchors(region, after);
  const entry = anchors.entries(map)[0];
  const regionKey = entry?.pair.key;
  if (!entry || !isScalar(regionKey) || regionKey.range?.[0] !== key.range[0] || regionKey.value !== key.value) return undefined;
  const prefix = block.label.slice(0, block.label.length - block.path.join('.').length);
  const found = { entry, path: block.path, shared: block.shared };
  const reread = readBlock(anchors, found, block.documentIndex, after, undefined, prefix);
  return reread.label === block.label ? reread : undefined;
}

/**
 * Whether a block can be re-read alone (`rereadBlock`): a YAML 1.2 document (no `%YAML 1.1` changing what
 * scalars mean) and a block map holding the `task-plugins` key (in a flow map, lines do not delimit it).
 * The edits never touch what decides this, so it is asked once per file.
 */
export function canReread(file: ConfigFile, block: PluginsBlock): boolean {
  if (block.embedded) return false;
  // A plain file's blocks (plain-scan.ts) are all that: one YAML 1.2 document of block maps. Its documents are
  // not parsed for this.
  if (file.plain) return true;
  const document = file.documents[block.documentIndex];
  const offset = isScalar(block.pair.key) ? block.pair.key.range?.[0] : undefined;
  if (!document || offset === undefined || document.directives?.yaml.version !== '1.2') return false;
  const parent = parentOf(document.contents, block.pair, offset);
  return parent !== undefined && !parent.flow;
}

/**
 * The first line after `keyLine` with content at or left of the key's column (comments and blank lines do not
 * count), or `count` at the end; `undefined` where a tab indents content. With `expected`, stop there: the
 * block must not end before it.
 */
function blockEnd(lines: Lines, keyLine: number, indent: number, expected = lines.count): number | undefined {
  for (let index = keyLine + 1; index < expected; index++) {
    const line = lines.line(index);
    const content = /^([ \t]*)([^\s#])/.exec(line);
    if (!content) continue;
    if (content[1]?.includes('\t')) return undefined;
    if ((content[1]?.length ?? 0) <= indent) return index;
  }
  return expected;
}

/** Where the content of a line starts (after its indentation); the text's end for the line past the last. */
function contentStart(lines: Lines, line: number): number {
  return line < lines.count ? (lines.starts[line] ?? 0) + lines.indentOf(line).length : lines.text.length;
}

/**
 * Whether the block as it was holds an anchor: an edit that dropped one would change an alias outside the
 * block, which the block's lines alone cannot show (the whole file, parsed, refuses an alias with no anchor).
 */
function holdsAnchor(map: YAMLMap): boolean {
  let found = Boolean(map.anchor);
  visit(map, {
    Node: (_, node) => {
      found ||= !isAlias(node) && Boolean(node.anchor);
      return found ? visit.BREAK : undefined;
    },
  });
  return found;
}

/** The map that holds `pair`, found by descending through the collections whose range holds `offset`. */
function parentOf(node: unknown, pair: Pair, offset: number): YAMLMap | undefined {
  if (!isCollection(node)) return undefined;
  for (const item of node.items) {
    if (item === pair) return isMap(node) ? node : undefined;
    const child = isPair(item) ? item.value : item;
    if (isNode(child) && child.range && child.range[0] <= offset && offset < child.range[2]) return parentOf(child, pair, offset);
  }
  return undefined;
}
