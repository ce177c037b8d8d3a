import { isAbsolute, join } from 'node:path';
import { homeFolder } from './lazy-builtins.js';

/**
 * `$XDG_CACHE_HOME`, else `$HOME/.cache`, else the account's home folder's `.cache`. A relative XDG_CACHE_HOME or
 * HOME is ignored (as the XDG spec says): it would put a cache in whatever folder the command runs from. No home at
 * all: undefined, and the caller goes without a cache.
 */
export function userCacheRoot(env: NodeJS.ProcessEnv): string | undefined {
  if (env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME)) return env.XDG_CACHE_HOME;
  const home = env.HOME && isAbsolute(env.HOME) ? env.HOME : env.HOME ? undefined : homeFolder();
  return home && isAbsolute(home) ? join(home, '.cache') : undefined;
}
