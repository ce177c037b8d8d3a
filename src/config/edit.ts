import { isCollection, isMap, isNode, isPair } from 'yaml';
import { ChangeRefusedError, ConfigError } from '../errors.js';
import { cleanName } from '../catalog/names.js';
import { refuseShared } from './anchors.js';
import type { DefaultEntry, PluginsBlock } from './locate.js';
import { formatName, styleOf } from './quote.js';
import { Lines, type LineEdit } from './text.js';

/** A plugin ID as a list item, quoted as the list's items are (or as YAML 1.1 needs). */
function itemText(block: PluginsBlock, id: string): string {
  return formatName(id, styleOf(block.enabled?.items.map((item) => item.node) ?? []));
}

/** A default's task type and plugin, quoted as the existing entries are (or as YAML 1.1 needs). */
function entryText(block: PluginsBlock, taskType: string, id: string): { key: string; value: string } {
  const entries = block.defaults?.entries ?? [];
  return {
    key: formatName(taskType, styleOf(entries.map((entry) => entry.pair.key))),
    value: formatName(id, styleOf(entries.map((entry) => entry.pair.value))),
  };
}

/** Where a node's text starts and ends in the source; a pair spans its key to its value. */
function rangeOf(node: unknown): { from: number; to: number } | undefined {
  if (isNode(node)) return node.range ? { from: node.range[0], to: node.range[1] } : undefined;
  if (!isPair(node)) return undefined;
  const key = rangeOf(node.key);
  return key && { from: key.from, to: rangeOf(node.value)?.to ?? key.to };
}

function start(node: unknown): number {
  return rangeOf(node)?.from ?? -1;
}

function valueEnd(node: unknown): number {
  return rangeOf(node)?.to ?? 0;
}

/** The line of a node's last character (a block collection's range can end at the next line's start). */
function endLine(lines: Lines, node: unknown): number {
  return lines.lineOf(Math.max(start(node), valueEnd(node) - 1));
}

const COMMENTED_ITEM = /^(\s*)#\s*-\s*(['"]?)([\w.-]+)\2\s*$/;

/** The lines after `line` that are blank or comments: what still belongs to a list before the next key. */
function trailingCommentEnd(lines: Lines, line: number): number {
  let end = line + 1;
  while (end < lines.count && /^\s*(#.*)?$/.test(lines.line(end))) end++;
  // Blank lines at the end belong to what follows.
  while (end > line + 1 && /^\s*$/.test(lines.line(end - 1))) end--;
  return end;
}

/** The indentation of a block sequence's dashes, from one of its items. */
function dashIndent(lines: Lines, item: unknown): string {
  const at = lines.lineOf(Math.max(0, start(item)));
  return /^(\s*)-/.exec(lines.line(at))?.[1] ?? lines.indentOf(at);
}

function mapIndent(block: PluginsBlock, lines: Lines): string {
  const first = block.map?.items[0];
  if (!first || block.map?.flow)
    throw new ConfigError(`${block.label} is empty or written in flow style; write enabled-plugins into it by hand once`);
  return lines.indentOf(lines.lineOf(start(first)));
}

/**
 * An item of a flow collection as written, to rewrite the collection with: its anchor and tag (which sit
 * before its range, or before its key's for a pair) included, so that an alias elsewhere still finds its anchor.
 */
function sourceOf(text: string, item: unknown, what: string): string {
  const node = isPair(item) ? item.key : item;
  let from = start(item);
  const props = isNode(node) ? [node.anchor, node.tag].filter((prop) => prop !== undefined).length : 0;
  for (let left = props; left > 0; left--) {
    let end = from;
    while (end > 0 && /[ \t\r\n]/.test(text[end - 1] ?? '')) end--;
    let begin = end;
    while (begin > 0 && !/[\s,[\]{}]/.test(text[begin - 1] ?? '')) begin--;
    if (!/^[&!]/.test(text.slice(begin, end)))
      throw new ConfigError(`cannot find the anchor or tag of an item of ${what}; edit it by hand`);
    from = begin;
  }
  return text.slice(from, valueEnd(item));
}

/**
 * A flow collection is rewritten from its items' source: a comment between them (`[a, # why\n b]`) would be
 * lost, so such a collection is refused, to be edited by hand.
 */
function refuseComments(text: string, range: readonly number[] | null | undefined, items: readonly unknown[], what: string): void {
  let gaps = '';
  let at = range?.[0] ?? 0;
  for (const item of items) {
    gaps += text.slice(at, start(item));
    at = valueEnd(item);
  }
  gaps += text.slice(at, range?.[1] ?? 0);
  if (gaps.includes('#'))
    throw new ChangeRefusedError(`${what} holds comments that rewriting it would lose; nothing written`, { hint: 'edit it by hand' });
}

/** Replace a span inside one or more lines, as a line edit (for flow collections). */
function spliceLines(lines: Lines, from: number, to: number, insert: string): LineEdit {
  const first = lines.lineOf(from);
  const last = lines.lineOf(to);
  const begin = lines.starts[first] ?? 0;
  const text = lines.text.slice(begin, (lines.starts[last] ?? 0) + lines.line(last).length);
  const edited = text.slice(0, from - begin) + insert + text.slice(to - begin);
  return { from: first, to: last + 1, lines: edited.split('\n') };
}

/** Lines that add `id` to the block's enabled-plugins, or [] when it is already there. */
export function planEnable(block: PluginsBlock, id: string): LineEdit[] {
  const lines = new Lines(block.text);
  const enabled = block.enabled;
  if (enabled?.names.some((name) => cleanName(name) === cleanName(id))) return [];
  refuseShared(`${block.label}.enabled-plugins`, block.shared, enabled?.shared);
  const seq = enabled?.seq;
  const item = itemText(block, id);
  if (seq?.flow) {
    const last = seq.items.at(-1);
    const close = (seq.range?.[1] ?? 0) - 1;
    const at = last ? valueEnd(last) : close;
    if (block.text[close] !== ']') throw new ConfigError(`cannot find the end of the flow list at ${block.label}.enabled-plugins`);
    return [spliceLines(lines, at, at, last ? `, ${item}` : item)];
  }
  if (seq && seq.items.length > 0) {
    const lastItem = seq.items.at(-1);
    const lastLine = endLine(lines, lastItem);
    const firstLine = lines.lineOf(start(seq.items[0]));
    const indent = dashIndent(lines, lastItem);
    for (let line = firstLine; line < trailingCommentEnd(lines, lastLine); line++) {
      const match = COMMENTED_ITEM.exec(lines.line(line));
      if (match && cleanName(match[3] ?? '') === cleanName(id)) return [{ from: line, to: line + 1, lines: [`${indent}- ${item}`] }];
    }
    return [{ from: lastLine + 1, to: lastLine + 1, lines: [`${indent}- ${item}`] }];
  }
  if (enabled) {
    // `enabled-plugins:` with no value (or `~`): the key stays, a block list follows it.
    const keyLine = lines.lineOf(start(enabled.pair));
    // A value over several lines (a string, say) would leave its other lines behind, read into the new list.
    if (endLine(lines, enabled.pair) !== keyLine)
      throw new ConfigError(`${block.label}.enabled-plugins is no list but a value over several lines; write the list by hand`);
    const indent = lines.indentOf(keyLine);
    return [{ from: keyLine, to: keyLine + 1, lines: [`${indent}enabled-plugins:`, `${indent}  - ${item}`] }];
  }
  const indent = mapIndent(block, lines);
  const firstKeyLine = lines.lineOf(start(block.map?.items[0]));
  return [{ from: firstKeyLine, to: firstKeyLine, lines: [`${indent}enabled-plugins:`, `${indent}  - ${item}`] }];
}

/** Lines that remove every item matching `name` (trimmed, case-insensitive) from enabled-plugins. */
export function planDisable(block: PluginsBlock, name: string): LineEdit[] {
  const seq = block.enabled?.seq;
  if (!seq) return [];
  const lines = new Lines(block.text);
  const items = (block.enabled?.items ?? []).filter((item) => cleanName(item.name) === cleanName(name));
  if (items.length === 0) return [];
  refuseShared(`${block.label}.enabled-plugins`, block.shared, block.enabled?.shared, ...items.map((item) => item.shared));
  const removed = new Set<unknown>(items.map((item) => item.node));
  const matches = (item: unknown): boolean => removed.has(item);
  if (seq.flow) {
    const what = `the flow list at ${block.label}.enabled-plugins`;
    refuseComments(block.text, seq.range, seq.items, what);
    const kept = seq.items.filter((item) => !matches(item)).map((item) => sourceOf(block.text, item, what));
    return [spliceLines(lines, seq.range?.[0] ?? 0, seq.range?.[1] ?? 0, `[${kept.join(', ')}]`)];
  }
  return seq.items.filter(matches).map((item) => {
    const line = lines.lineOf(start(item));
    return { from: line, to: endLine(lines, item) + 1, lines: [] };
  });
}

function entryFor(block: PluginsBlock, taskType: string): DefaultEntry | undefined {
  return block.defaults?.entries.find((entry) => cleanName(entry.taskType) === cleanName(taskType));
}

/** Lines that map `taskType` to `id` in default-for-task-types, in the form the file already uses. */
export function planSetDefault(block: PluginsBlock, taskType: string, id: string): LineEdit[] {
  const lines = new Lines(block.text);
  const { key, value: plugin } = entryText(block, taskType, id);
  const existing = entryFor(block, taskType);
  if (existing) {
    if (cleanName(existing.plugin) === cleanName(id)) return [];
    refuseShared(`${block.label}.default-for-task-types.${taskType}`, block.shared, block.defaults?.shared, existing.shared);
    const pair = isMap(existing.node) ? existing.node.items[0] : existing.node;
    const value = isPair(pair) && isNode(pair.value) ? pair.value : undefined;
    if (!value?.range) throw new ConfigError(`cannot edit the default for ${taskType} at ${block.label}`);
    return [spliceLines(lines, value.range[0], value.range[1], plugin)];
  }
  const defaults = block.defaults;
  refuseShared(`${block.label}.default-for-task-types`, block.shared, defaults?.shared);
  if (defaults) {
    const collection = defaults.pair.value;
    if (isCollection(collection) && collection.flow) {
      const text = block.text.slice(collection.range?.[0] ?? 0, collection.range?.[1] ?? 0);
      const inner = text.slice(1, -1).trim();
      const entry = defaults.form === 'list' ? `{${key}: ${plugin}}` : `${key}: ${plugin}`;
      return [
        spliceLines(
          lines,
          collection.range?.[0] ?? 0,
          collection.range?.[1] ?? 0,
          `${text[0]}${inner ? `${inner}, ` : ''}${entry}${text.at(-1)}`,
        ),
      ];
    }
    const last = defaults.entries.at(-1);
    if (last && collection) {
      const lastLine = endLine(lines, last.node);
      const indent = defaults.form === 'list' ? dashIndent(lines, last.node) : lines.indentOf(lines.lineOf(start(last.node)));
      return [
        {
          from: lastLine + 1,
          to: lastLine + 1,
          lines: [defaults.form === 'list' ? `${indent}- ${key}: ${plugin}` : `${indent}${key}: ${plugin}`],
        },
      ];
    }
    const keyLine = lines.lineOf(start(defaults.pair));
    const indent = lines.indentOf(keyLine);
    return [{ from: keyLine, to: keyLine + 1, lines: [`${indent}default-for-task-types:`, `${indent}  ${key}: ${plugin}`] }];
  }
  // No default-for-task-types yet: add it after enabled-plugins (and its trailing comments), as a map.
  const indent = mapIndent(block, lines);
  const afterList = block.enabled?.seq?.items.at(-1);
  const at = trailingCommentEnd(lines, endLine(lines, afterList ?? block.map?.items.at(-1)));
  return [{ from: at, to: at, lines: [`${indent}default-for-task-types:`, `${indent}  ${key}: ${plugin}`] }];
}

/** Lines that remove the default entry of `taskType`. */
export function planRemoveDefault(block: PluginsBlock, taskType: string): LineEdit[] {
  const entry = entryFor(block, taskType);
  if (!entry) return [];
  refuseShared(`${block.label}.default-for-task-types.${taskType}`, block.shared, block.defaults?.shared, entry.shared);
  const lines = new Lines(block.text);
  const collection = block.defaults?.pair.value;
  if (isCollection(collection) && collection.flow) {
    // The items as written (a merge key among them), less the entry: no text is taken from elsewhere.
    const items: unknown[] = collection.items;
    const what = `${block.label}.default-for-task-types`;
    refuseComments(block.text, collection.range, items, what);
    const kept = items.filter((item) => item !== entry.node).map((item) => sourceOf(block.text, item, what));
    const list = block.defaults?.form === 'list';
    return [
      spliceLines(lines, collection.range?.[0] ?? 0, collection.range?.[1] ?? 0, list ? `[${kept.join(', ')}]` : `{${kept.join(', ')}}`),
    ];
  }
  const from = lines.lineOf(start(entry.node));
  return [{ from, to: endLine(lines, entry.node) + 1, lines: [] }];
}
