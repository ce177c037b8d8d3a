/** The repositories that hold flyteplugins: archived after v1.1.33, then a folder of the monorepo. */
export const FLYTEPLUGINS = 'flyteorg/flyteplugins';
export const FLYTE = 'flyteorg/flyte';
/** The plugin module's folder in the monorepo, and the prefix of its module tags (`flyteplugins/v1.16.8`). */
export const MONOREPO_PLUGINS_PATH = 'flyteplugins';
