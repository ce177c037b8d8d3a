/**
 * A first read of a config, line by line, that vouches for "plain" YAML: one document of block maps and
 * sequences, spaces for indentation, every key a string on one line and unique in its map, every value on its
 * key's line (a one-line scalar, `[]` or `{}`) or a block scalar, or a collection on the lines below; no anchors,
 * aliases, merge keys, tags, directives, flow collections with content or scalars over several lines. Such a
 * file parses without errors, and the scan knows where its task-plugins blocks and its maps are: yaml then
 * parses only the lines asked for (locate.ts), not the whole file, which costs tens of milliseconds for a 46 KB
 * values file in a process that starts cold. Anything else gives `undefined`, and the whole file is parsed.
 */

export interface PlainScan {
  /**
   * The task-plugins blocks `search` (locate.ts) would find, in file order: the keys from the root, and the lines
   * from the `task-plugins` key's to where the next line at or left of it starts.
   */
  blocks: { path: string[]; from: number; to: number }[];
  /** The keys of the pre-v0.2 `plugins.enabled-plugins`, where found. */
  legacy: string[][];
  /** Every block map below the root reached through maps: its key's path, and its key's lines (as a block's). */
  maps: { path: string[]; from: number; to: number }[];
}

/** Tabs, carriage returns, a BOM, control characters and line separators other than \n: not vouched for. */
const UNSAFE = /[\x00-\x09\x0B-\x1F\x7F-\x9F\u2028\u2029\uFEFF\uFFFE\uFFFF]/;
/** A key that reads as the string it spells (letters, digits, `_./-`), or a quoted one without escapes. */
const KEY = /^(?:([A-Za-z0-9_][A-Za-z0-9_./-]*)|"([^"\\]*)"|'((?:[^']|'')*)'):(?= |$)/;
/** Plain keys the core schema reads as null or a boolean; a key of only these characters may read as a number. */
const NOT_STRING = /^(?:null|Null|NULL|true|True|TRUE|false|False|FALSE)$/;
const NUMBER_LIKE = /^[0-9][0-9a-fA-FxXoO.eE+-]*$/;
const ITEM = /^-(?: +|$)/;
/** What may follow a scalar on its line: spaces, then a comment. */
const LINE_END = /^(?: +#.*| *)$/;
const BLOCK_HEADER = /^[|>][-+]?(?: +#.*| *)$/;
const EMPTY_LIST = /^\[\](?: +#.*| *)$/;
const EMPTY_MAP = /^\{\}(?: +#.*| *)$/;
/** A plain scalar cannot start with an indicator; `-` only before a non-space (`-x`, `--flag`). */
const PLAIN_START = /^(?:[^-?:,[\]{}#&*!|>'"%@`\s]|-\S)/;
/** Escapes of one character after `\` in a double-quoted scalar (`\x`, `\u` and `\U` are not vouched for). */
const ESCAPES = new Set(['0', 'a', 'b', 'e', 'f', 'n', 'r', 't', 'v', 'N', '_', 'L', 'P', ' ', '"', '/', '\\']);

/** The key a line starts with, as yaml reads it, and the length of `key:`; undefined when the line is no such key. */
function readKey(content: string): { text: string; length: number } | undefined {
  const match = KEY.exec(content);
  if (!match || match[0].length > 1000) return undefined;
  const [written, plain, double, single] = match;
  if (plain !== undefined) return NOT_STRING.test(plain) || NUMBER_LIKE.test(plain) ? undefined : { text: plain, length: written.length };
  return { text: double ?? (single ?? '').replaceAll("''", "'"), length: written.length };
}

/** The end of a double-quoted scalar that closes on its line, after the closing quote; -1 otherwise. */
function doubleQuotedEnd(value: string): number {
  for (let i = 1; i < value.length; i++) {
    const char = value[i];
    if (char === '"') return i + 1;
    if (char !== '\\') continue;
    if (!ESCAPES.has(value[i + 1] ?? '')) return -1;
    i++;
  }
  return -1;
}

function singleQuotedEnd(value: string): number {
  for (let i = 1; i < value.length; i++) {
    if (value[i] !== "'") continue;
    if (value[i + 1] !== "'") return i + 1;
    i++;
  }
  return -1;
}

/**
 * What follows `key:` or `- ` on a line: nothing (the value, if any, is on the lines below), a block scalar's
 * header, or a scalar complete on the line; undefined for what this scan does not vouch for.
 */
function valueKind(rest: string): 'none' | 'block' | 'scalar' | 'empty map' | undefined {
  const value = rest.trimStart();
  switch (value[0]) {
    case undefined:
    case '#':
      return 'none';
    case '|':
    case '>':
      return BLOCK_HEADER.test(value) ? 'block' : undefined;
    case '[':
      return EMPTY_LIST.test(value) ? 'scalar' : undefined;
    case '{':
      return EMPTY_MAP.test(value) ? 'empty map' : undefined;
    case '"':
    case "'": {
      const end = value[0] === '"' ? doubleQuotedEnd(value) : singleQuotedEnd(value);
      return end > 0 && LINE_END.test(value.slice(end)) ? 'scalar' : undefined;
    }
  }
  if (!PLAIN_START.test(value)) return undefined;
  const comment = value.indexOf(' #');
  const scalar = (comment < 0 ? value : value.slice(0, comment)).trimEnd();
  // `a: b` after a key would be a map on one line, an error.
  return scalar.includes(': ') || scalar.endsWith(':') ? undefined : 'scalar';
}

/** An open block collection: its items start at `indent`. */
interface Level {
  kind: 'map' | 'seq';
  indent: number;
  keys: Set<string>;
  /** The keys from the root, while every collection above is a map. */
  path: string[] | undefined;
  /** Whether `search` (locate.ts) looks in it: reached through maps, and not inside a block it found. */
  searched: boolean;
  /** Where the line of the key it is the value of starts. */
  from: number;
  /** A sequence at its key's own column (`key:\n- a`): a key at that column ends it. */
  indentless: boolean;
}

/** A `key:` or `-` with nothing after it: a collection may start on a deeper line. */
type Open = Pick<Level, 'indent' | 'path' | 'searched' | 'from'> & { key: boolean };

class Scan {
  readonly result: PlainScan = { blocks: [], legacy: [], maps: [] };
  private readonly levels: Level[] = [];
  private started = false;
  private open: Open | undefined;
  /** A block scalar being skipped: the indentation of its owner, and of its lines once known. */
  private literal: { owner: number; indent: number | undefined } | undefined;
  private region: { path: string[]; from: number; indent: number } | undefined;

  /** The length of the line being read. */
  private lineLength = 0;

  /** One line, starting at `start` in the text; false when this scan does not vouch for it. */
  line(start: number, line: string): boolean {
    this.lineLength = line.length;
    let indent = 0;
    while (line.charCodeAt(indent) === 32) indent++;
    const blank = indent === line.length;
    if (this.literal) {
      const inside = this.inLiteral(indent, blank);
      if (inside !== false) return inside === true;
    }
    // Most lines of a values file are comments: nothing is sliced or matched for them.
    if (blank || line.charCodeAt(indent) === 35) return true;
    const content = line.slice(indent);
    const item = content.charCodeAt(0) === 45 ? ITEM.exec(content) : null; // `-`
    if (this.region && indent <= this.region.indent) {
      // `task-plugins:` over a list at its own column: no map, and no lines that end where the block does.
      if (item && this.open?.indent === indent) return false;
      this.closeRegion(start + indent);
    }
    if (!this.place(indent, item !== null, start)) return false;
    const level = this.levels.at(-1) as Level;
    if (item) return this.item(start, indent, content.slice(item[0].length), indent + item[0].length);
    return this.entry(level, start, indent, content);
  }

  /** The end of the text: false when it held no content at all. */
  finish(textLength: number): boolean {
    if (this.region) this.closeRegion(textLength);
    while (this.levels.length > 0) this.pop(textLength);
    return this.started;
  }

  /** Whether a line belongs to the block scalar being skipped; undefined for one not vouched for. */
  private inLiteral(indent: number, blank: boolean): boolean | undefined {
    const literal = this.literal as { owner: number; indent: number | undefined };
    // A leading empty line with spaces may be more indented than the first line: an error without an indicator.
    if (blank) return literal.indent === undefined && indent > 0 ? undefined : true;
    if (literal.indent === undefined && indent > literal.owner) literal.indent = indent;
    if (literal.indent !== undefined && indent >= literal.indent) return true;
    this.literal = undefined;
    return false;
  }

  /** Make the collection the line belongs to the innermost one: open one below an open key or item, close deeper ones. */
  private place(indent: number, item: boolean, start: number): boolean {
    const open = this.open;
    this.open = undefined;
    if (!this.started) {
      this.started = true;
      // A root sequence holds no block `search` would find; the whole parse answers for it.
      return !item && this.push({ kind: 'map', indent, path: [], searched: true, from: 0, indentless: false });
    }
    if (open && indent > open.indent) {
      const [path, searched] = item ? [undefined, false] : [open.path, open.searched];
      return this.push({ kind: item ? 'seq' : 'map', indent, path, searched, from: open.from, indentless: false });
    }
    if (open?.key && item && indent === open.indent) {
      return this.push({ kind: 'seq', indent, path: undefined, searched: false, from: open.from, indentless: true });
    }
    let top = this.levels.at(-1);
    while (top && (top.indent > indent || (top.indentless && top.indent === indent && !item))) {
      this.pop(start + indent);
      top = this.levels.at(-1);
    }
    return top !== undefined && top.indent === indent && (top.kind === 'seq') === item;
  }

  private push(level: Omit<Level, 'keys'>): true {
    this.levels.push({ ...level, keys: new Set() });
    return true;
  }

  /** Close the innermost collection where the line at `to` starts; a map reached through maps is noted with its lines. */
  private pop(to: number): void {
    const level = this.levels.pop();
    if (level?.kind === 'map' && level.path && level.path.length > 0) this.result.maps.push({ path: level.path, from: level.from, to });
  }

  private entry(level: Level, start: number, indent: number, content: string): boolean {
    const key = readKey(content);
    if (!key || level.keys.has(key.text)) return false;
    level.keys.add(key.text);
    const path = level.path;
    let searched = level.searched;
    if (path?.length === 0 && key.text === 'kind') return false; // a manifest's ConfigMap may hold a config in a string
    if (searched && path && key.text === 'task-plugins' && path.at(-1) === 'tasks') {
      this.region = { path: [...path, key.text], from: start, indent };
      searched = false;
    } else if (searched && path && key.text === 'enabled-plugins' && path.length === 1 && path[0] === 'plugins') {
      this.result.legacy.push([...path, key.text]);
      searched = false;
    }
    const kind = valueKind(content.slice(key.length));
    if (kind === 'scalar' || kind === undefined) return kind === 'scalar';
    return this.value(kind, { indent, path, searched, from: start, key: true }, key.text);
  }

  /** A sequence item: a scalar, nothing (a collection below), or the first key of a map at `column`. */
  private item(start: number, indent: number, rest: string, column: number): boolean {
    if (ITEM.test(rest)) return false;
    const key = readKey(rest);
    if (key) {
      this.push({ kind: 'map', indent: column, path: undefined, searched: false, from: start, indentless: false });
      (this.levels.at(-1) as Level).keys.add(key.text);
    }
    const kind = valueKind(key ? rest.slice(key.length) : rest);
    if (kind === 'scalar' || kind === undefined) return kind === 'scalar';
    const owner = { indent: key ? column : indent, path: undefined, searched: false, from: start, key: key !== undefined };
    return this.value(kind, owner, key?.text);
  }

  /** A value that is not a scalar on its line: `owner` says where it is, and becomes `open` for a collection below. */
  private value(kind: 'none' | 'block' | 'empty map', owner: Open, key: string | undefined): true {
    // The keys below are made only for a key whose value is a map or a collection below, and only through maps.
    const path = owner.path && key !== undefined && (kind === 'none' || kind === 'empty map') ? [...owner.path, key] : undefined;
    if (kind === 'none') this.open = { ...owner, path };
    else if (kind === 'block') this.literal = { owner: owner.indent, indent: undefined };
    // `key: {}` is a map too: its lines are its key's line.
    else if (kind === 'empty map' && path) this.result.maps.push({ path, from: owner.from, to: owner.from + this.lineLength + 1 });
    return true;
  }

  private closeRegion(to: number): void {
    const region = this.region;
    if (region) this.result.blocks.push({ path: region.path, from: region.from, to });
    this.region = undefined;
  }
}

/** Where a plain file's task-plugins blocks are; undefined when the text is not plain YAML as described above. */
export function scanPlain(text: string): PlainScan | undefined {
  if (UNSAFE.test(text)) return undefined;
  const scan = new Scan();
  let start = 0;
  for (const line of text.split('\n')) {
    if (!scan.line(start, line)) return undefined;
    start += line.length + 1;
  }
  return scan.finish(text.length) ? scan.result : undefined;
}
