/** One import spec of a Go file: `alias "path"` or `"path"`, with the offset where it starts. */
export interface ImportSpec {
  /** The alias (`k8s`, `_`, `.`), when the spec has one. */
  name: string | undefined;
  /** The path as written between the quotes. */
  path: string;
  /** Offset of the spec (its alias, else its path) in the text. */
  at: number;
}

/** Go tokens as far as a header needs them: space and comments, string literals, identifiers, any other character alone. */
const TOKEN = /\s+|\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|"(?:[^"\\\n]|\\.)*"?|`[^`]*`?|[\p{L}_][\p{L}\p{Nd}_]*|[\s\S]/uy;
const IDENTIFIER = /^[\p{L}_][\p{L}\p{Nd}_]*$/u;

interface Token {
  text: string;
  at: number;
}

function isString(token: Token | undefined): boolean {
  const text = token?.text ?? '';
  return text.length >= 2 && (text[0] === '"' || text[0] === '`') && text.at(-1) === text[0];
}

/** The tokens that matter, or undefined when a comment never ends. */
function tokenize(header: string): Token[] | undefined {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(header); match; match = TOKEN.exec(header)) {
    const text = match[0];
    if (text.startsWith('/*') && (text.length < 4 || !text.endsWith('*/'))) return undefined;
    if (!/^\s/.test(text) && !text.startsWith('//') && !text.startsWith('/*')) tokens.push({ text, at: match.index });
  }
  return tokens;
}

/**
 * The import specs of a file's header (the text before its first top-level declaration), read by a tokenizer:
 * every file the scan opens needs its imports, and most need no parse at all. Only a plain header is read
 * here: `package name`, then import declarations, with comments and semicolons anywhere. Anything else (a
 * comment that the header cuts, code before a declaration that is not at column 0) gives undefined: let the
 * parser read that header.
 */
export function readImportSpecs(header: string): ImportSpec[] | undefined {
  const tokens = tokenize(header);
  if (tokens?.[0]?.text !== 'package' || !IDENTIFIER.test(tokens[1]?.text ?? '')) return undefined;
  const specs: ImportSpec[] = [];
  /** The spec at token i; the index after it, or undefined when none starts there. */
  const spec = (i: number): number | undefined => {
    const [first, second] = [tokens[i], tokens[i + 1]];
    if (first && isString(first)) {
      specs.push({ name: undefined, path: first.text.slice(1, -1), at: first.at });
      return i + 1;
    }
    if (first && (first.text === '.' || IDENTIFIER.test(first.text)) && isString(second)) {
      specs.push({ name: first.text, path: second?.text.slice(1, -1) ?? '', at: first.at });
      return i + 2;
    }
    return undefined;
  };
  let i = 2;
  while (i < tokens.length) {
    const text = tokens[i]?.text;
    if (text === ';') i++;
    else if (text !== 'import') return undefined;
    else if (tokens[i + 1]?.text !== '(') {
      const next = spec(i + 1);
      if (next === undefined) return undefined;
      i = next;
    } else {
      for (i += 2; tokens[i]?.text !== ')'; ) {
        const next = tokens[i]?.text === ';' ? i + 1 : spec(i);
        if (next === undefined) return undefined;
        i = next;
      }
      i++;
    }
  }
  return specs;
}
