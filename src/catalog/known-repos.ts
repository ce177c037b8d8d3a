/** The repositories that hold flyteplugins: archived after v1.1.33, then a folder of the monorepo. */
export const FLYTEPLUGINS = 'flyteorg/flyteplugins';
export const FLYTE = 'flyteorg/flyte';
/** The plugin module's folder in the monorepo, and the prefix of its module tags (`flyteplugins/v1.16.8`). */
export const MONOREPO_PLUGINS_PATH = 'flyteplugins';
/** Where FlytePropeller's own source sits in the monorepo (v1, then v2's executor): its imports say what is linked. */
export const PROPELLER_FOLDERS: readonly string[] = ['flytepropeller/', 'executor/'];
