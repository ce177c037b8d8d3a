/** The parts of a go.mod that say which version of a module is built: its requires and replaces. */
export interface GoMod {
  module: string | undefined;
  require: Map<string, { version: string; line: number }>;
  replace: Map<string, { target: string; version: string | undefined }>;
}

const REPLACE = /^(\S+)(?:\s+\S+)?\s+=>\s+(\S+)(?:\s+(\S+))?/;

/** Reads `require` and `replace` lines, single or in blocks; `//` comments (and `// indirect`) are dropped. */
export function parseGoMod(text: string): GoMod {
  const mod: GoMod = { module: undefined, require: new Map(), replace: new Map() };
  let block: 'require' | 'replace' | undefined;
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (!line) return;
    if (block) {
      if (line === ')') block = undefined;
      else addEntry(mod, block, line, i + 1);
      return;
    }
    const opened = /^(require|replace)\s*\($/.exec(line);
    if (opened) block = opened[1] as 'require' | 'replace';
    else if (line.startsWith('module ')) mod.module = line.slice(7).trim();
    else if (/^(require|replace)\s/.test(line))
      addEntry(mod, line.startsWith('require') ? 'require' : 'replace', line.slice(8).trim(), i + 1);
  });
  return mod;
}

function addEntry(mod: GoMod, kind: 'require' | 'replace', line: string, lineNumber: number): void {
  if (kind === 'require') {
    const match = /^(\S+)\s+(\S+)/.exec(line);
    if (match?.[1] && match[2]) mod.require.set(match[1], { version: match[2], line: lineNumber });
    return;
  }
  const match = REPLACE.exec(line);
  if (match?.[1] && match[2]) mod.replace.set(match[1], { target: match[2], version: match[3] });
}

/** The version a module is built at: its require, unless a replace names another version (a local path gives undefined). */
export function builtVersion(mod: GoMod, module: string): { version: string; line: number } | undefined {
  const required = mod.require.get(module);
  if (!required) return undefined;
  const replaced = mod.replace.get(module);
  if (!replaced) return required;
  return replaced.version ? { version: replaced.version, line: required.line } : undefined;
}

/** `version` and `revision` of a `[[projects]]` block of a dep `Gopkg.lock`. */
export function gopkgLockPin(text: string, name: string): { version: string | undefined; revision: string | undefined } | undefined {
  for (const block of text.split('[[projects]]')) {
    if (!new RegExp(`name\\s*=\\s*"${name.replace(/\./g, '\\.')}"`).test(block)) continue;
    return { version: /version\s*=\s*"([^"]+)"/.exec(block)?.[1], revision: /revision\s*=\s*"([^"]+)"/.exec(block)?.[1] };
  }
  return undefined;
}

const PSEUDO_VERSION = /^v\d+\.\d+\.\d+-(?:[0-9A-Za-z.]+\.)?(?:0\.)?(\d{14})-([0-9a-f]{12})$/;

/** The abbreviated commit of a Go pseudo-version (`v0.3.30-0.20200605023312-0f244ecb9a08`), else undefined. */
export function pseudoVersionCommit(version: string): string | undefined {
  return PSEUDO_VERSION.exec(version)?.[2];
}
