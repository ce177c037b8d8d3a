import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './util/package-root.js';

/** This package's name and version (user agent, `--version`, the `generator` of every catalog). */
export interface Generator {
  name: string;
  version: string;
}

export const generator: Generator = (() => {
  const parsed: unknown = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8'));
  const field = (key: string): string => {
    const value = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>)[key] : undefined;
    if (typeof value !== 'string') throw new Error(`flyte-plugin-catalog: package.json has no ${key}`);
    return value;
  };
  return { name: field('name'), version: field('version') };
})();
