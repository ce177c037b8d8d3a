import type { GoEngine, SyntaxNode, Tree } from './go-parser.js';
import { readImportSpecs } from './go-imports.js';
import { dirname } from './module-layout.js';
import { Lines } from '../util/lines.js';

/** A top-level declaration of a Go package. */
export type Declaration =
  | { kind: 'const' | 'var'; name: string; value: SyntaxNode | undefined; file: GoFile; line: number }
  | { kind: 'func'; name: string; node: SyntaxNode; file: GoFile }
  | { kind: 'type'; name: string; node: SyntaxNode; file: GoFile };

interface Chunk {
  start: number;
  end: number;
  parsed: boolean;
  /** What the chunk declares if it is one gofmt-shaped function (see loneFunctionName); read when first asked. */
  declares?: string | null;
}

interface Point {
  row: number;
  column: number;
}

/** gofmt puts every top-level declaration at column 0: that is where a file splits into chunks. */
const TOP_LEVEL = /^(?:func|var|const|type|import)\b/gm;

/**
 * The name a chunk declares when it is one gofmt-shaped function: `func` at its top, its only other line at
 * column 0 the `}` that closes it, then nothing but blank and `//` comment lines. '' for a method, which is
 * not recorded as a declaration; null for any other chunk, which is parsed whenever it mentions a name.
 */
function loneFunctionName(chunk: string): string | null {
  const head = /^func(?:[ \t]+([\p{L}_][\p{L}\p{Nd}_]*)|[ \t]+\()/u.exec(chunk);
  if (!head) return null;
  const lines = chunk.split('\n');
  let closed = false;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const text = line.trim();
    if (closed) {
      if (text !== '' && !text.startsWith('//')) return null;
    } else if (/^\}\s*$/.test(line)) {
      closed = true;
    } else if (text !== '' && !/^[ \t]/.test(line)) {
      return null;
    }
  }
  return closed ? (head[1] ?? '') : null;
}

/** A character of `\w`, as a regular expression's `\b` sees it: [A-Za-z0-9_]. */
function isWordCharacter(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

/**
 * The ranges of `text` (in order, not overlapping) where `name` occurs as a whole word, as /\bname\b/ finds it
 * in the range's own text; found with indexOf over the text: no regular expression to compile per name.
 */
export function rangesMentioning<T extends { start: number; end: number }>(text: string, ranges: readonly T[], name: string): T[] {
  const found = new Set<T>();
  let index = 0;
  for (let at = text.indexOf(name); at !== -1 && name; at = text.indexOf(name, at + 1)) {
    while (index < ranges.length && (ranges[index]?.end ?? 0) <= at) index++;
    const range = ranges[index];
    if (!range || at < range.start || at + name.length > range.end || found.has(range)) continue;
    const before = at > range.start && isWordCharacter(text.charCodeAt(at - 1));
    const after = at + name.length < range.end && isWordCharacter(text.charCodeAt(at + name.length));
    if (before !== isWordCharacter(name.charCodeAt(0)) && after !== isWordCharacter(name.charCodeAt(name.length - 1))) found.add(range);
  }
  return [...found];
}

function lastSegment(importPath: string): string {
  const segments = importPath.split('/');
  const last = segments.at(-1) ?? importPath;
  // `.../v2` major-version suffixes name the segment before; `gopkg.in/yaml.v2` is package yaml.
  if (/^v\d+$/.test(last) && segments.length > 1) return segments.at(-2) ?? last;
  return last.replace(/\.v\d+$/, '').replace(/^go-/, '');
}

/**
 * One Go file, parsed a piece at a time: the header (package clause and imports) is read by a tokenizer, and
 * tree-sitter parses only the top-level declarations a question needs, through its included ranges (positions
 * stay those of the whole file). Most of a plugin file is code we never need to read.
 */
export class GoFile {
  readonly dir: string;
  readonly packageName: string;
  readonly imports = new Map<string, string>();
  /** The 1-based line of each import's spec, by the name it is used under. */
  readonly importLines = new Map<string, number>();
  readonly declarations = new Map<string, Declaration>();
  private readonly chunks: Chunk[] = [];
  private readonly parsedNodes = new Set<SyntaxNode>();
  private readonly headerEnd: number;
  private readonly lines: Lines;
  private wholeFile = false;
  /** A header the tokenizer read (package clause, imports, comments) changes no parse of what follows it. */
  private plainHeader = false;
  parses = 0;

  constructor(
    readonly path: string,
    readonly text: string,
    readonly engine: GoEngine,
  ) {
    this.dir = dirname(path);
    this.packageName = /^\s*package\s+(\w+)/m.exec(text)?.[1] ?? '';
    this.lines = new Lines(text);
    const starts = [...text.matchAll(TOP_LEVEL)].map((match) => ({ at: match.index, keyword: match[0] }));
    const firstBody = starts.find((start) => start.keyword !== 'import');
    this.headerEnd = firstBody?.at ?? text.length;
    const bodies = starts.filter((start) => start.at >= this.headerEnd);
    bodies.forEach((start, i) => {
      this.chunks.push({ start: start.at, end: bodies[i + 1]?.at ?? text.length, parsed: false });
    });
    this.readImports();
  }

  /** Parse these chunks (with the header, unless it is plain) and record their declarations. */
  private parseChunks(chunks: Chunk[]): SyntaxNode[] {
    const fresh = chunks.filter((chunk) => !chunk.parsed);
    if (fresh.length === 0 || this.wholeFile) return [];
    let tree = this.parseRanges(fresh);
    if (tree.rootNode.hasError) {
      // Not gofmt-shaped, or really broken: read the whole file once instead of guessing at chunk edges.
      tree = this.engine.parse(this.text);
      this.parses++;
      this.wholeFile = true;
      for (const chunk of this.chunks) chunk.parsed = true;
    } else {
      for (const chunk of fresh) chunk.parsed = true;
    }
    const declarations = tree.rootNode.namedChildren.filter((node) => node.endIndex > this.headerEnd);
    for (const node of declarations) this.recordDeclaration(node);
    return declarations;
  }

  private parseRanges(chunks: readonly Chunk[]): Tree {
    this.parses++;
    const header = this.plainHeader && chunks.length > 0 ? [] : [{ start: 0, end: this.headerEnd }];
    const ranges = [...header, ...chunks].map(({ start, end }) => ({
      startIndex: start,
      endIndex: end,
      startPosition: this.point(start),
      endPosition: this.point(end),
    }));
    return this.engine.parse(this.text, ranges);
  }

  private point(index: number): Point {
    const row = this.lines.lineOf(index);
    return { row, column: index - (this.lines.starts[row] ?? 0) };
  }

  /** The text of a 1-based line, trimmed: the evidence shown beside a location. */
  lineText(line: number): string {
    return this.lines.line(line - 1).trim();
  }

  /** The top-level declaration nodes whose text matches, parsed on demand. */
  declarationsMatching(pattern: RegExp): SyntaxNode[] {
    const wanted = this.chunks.filter((chunk) => pattern.test(this.text.slice(chunk.start, chunk.end)));
    this.parseChunks(wanted);
    return [...this.parsedNodes].filter((node) => pattern.test(node.text));
  }

  /**
   * A package-level declaration of `name` in this file, parsing only the chunks that mention it, less the
   * functions that merely use it: most of a file's text, and a function declares nothing but its own name.
   */
  declaration(name: string): Declaration | undefined {
    const known = this.declarations.get(name);
    if (known || this.wholeFile) return known;
    const wanted = rangesMentioning(this.text, this.chunks, name).filter((chunk) => {
      if (chunk.declares === undefined) chunk.declares = loneFunctionName(this.text.slice(chunk.start, chunk.end));
      return chunk.declares === null || chunk.declares === name;
    });
    this.parseChunks(wanted);
    return this.declarations.get(name);
  }

  private readImports(): void {
    const read = readImportSpecs(this.text.slice(0, this.headerEnd));
    this.plainHeader = read !== undefined;
    const specs = read
      ? read.map(({ name, path, at }) => ({ name, path, line: this.lines.lineOf(at) + 1 }))
      : // A header the tokenizer does not vouch for (a comment it cuts, code off column 0) is left to tree-sitter.
        this.parseRanges([])
          .rootNode.descendantsOfType('import_spec')
          .map((spec) => ({
            name: spec.childForFieldName('name')?.text,
            path: spec.childForFieldName('path')?.text.slice(1, -1) ?? '',
            line: spec.startPosition.row + 1,
          }));
    for (const { name, path, line } of specs) {
      if (!path || name === '_' || name === '.') continue;
      this.imports.set(name ?? lastSegment(path), path);
      this.importLines.set(name ?? lastSegment(path), line);
    }
  }

  private recordDeclaration(node: SyntaxNode): void {
    this.parsedNodes.add(node);
    if (node.type === 'const_declaration' || node.type === 'var_declaration') {
      const kind = node.type === 'const_declaration' ? 'const' : 'var';
      // In a const block, a spec with no value repeats the previous spec's values.
      let previousValues: SyntaxNode[] = [];
      for (const spec of node.descendantsOfType(kind === 'const' ? 'const_spec' : 'var_spec')) {
        const valueList = spec.childForFieldName('value');
        const values = valueList ? valueList.namedChildren : kind === 'const' ? previousValues : [];
        previousValues = values;
        spec.childrenForFieldName('name').forEach((name, index) => {
          this.declarations.set(name.text, { kind, name: name.text, value: values[index], file: this, line: name.startPosition.row + 1 });
        });
      }
    } else if (node.type === 'function_declaration') {
      const name = node.childForFieldName('name')?.text;
      if (name) this.declarations.set(name, { kind: 'func', name, node, file: this });
    } else if (node.type === 'type_declaration') {
      for (const spec of node.namedChildren) {
        const name = spec.childForFieldName('name')?.text;
        if (name) this.declarations.set(name, { kind: 'type', name, node: spec, file: this });
      }
    }
  }
}
