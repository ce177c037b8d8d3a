import { cleanName } from '../catalog/names.js';
import type { Catalog, CatalogPlugin } from '../catalog/schema.js';
import type { Finding, SourceLocation } from './report-schema.js';

/** The task-plugins settings propeller ends up with, after chart rendering and viper's merge. */
export interface EffectiveConfig {
  label: string;
  /** As written; `undefined` when the key is absent. */
  enabled: string[] | undefined;
  /** Where each name of `enabled` is written (same order), when known. */
  enabledAt?: (SourceLocation | undefined)[];
  defaults: { taskType: string; plugin: string; at?: SourceLocation | undefined }[];
  /** Where the block, its enabled-plugins key and its default-for-task-types key are written, when known. */
  at?: { block?: SourceLocation | undefined; enabled?: SourceLocation | undefined; defaults?: SourceLocation | undefined };
  findings: Finding[];
}

/** What the phases of a check share: the catalog, its version for messages, the findings so far. */
export interface CheckContext {
  catalog: Catalog;
  config: EffectiveConfig;
  version: string;
  /** The registrations a name can match: not example packages or `_test.go` files. */
  known: CatalogPlugin[];
  findings: Finding[];
}

/** What propeller ends up running: the enabled plugins, or every plugin it registers for an empty list. */
export interface Enabled {
  all: boolean;
  active: CatalogPlugin[];
  ids: string[];
}

export function sameName(a: string, b: string): boolean {
  return cleanName(a) === cleanName(b);
}

export function registers(plugin: CatalogPlugin, taskType: string): boolean {
  return Boolean(plugin.taskTypes?.some((type) => sameName(type, taskType)));
}

/** Where the block itself is written: the fallback of every other location. */
export function blockAt(config: EffectiveConfig): SourceLocation | undefined {
  return config.at?.block;
}

/** Where the enabled list is written (its key), else the block. */
export function listAt(config: EffectiveConfig): SourceLocation | undefined {
  return config.at?.enabled ?? config.at?.block;
}

/** Where a name is listed in enabled-plugins (the first time), else the list. */
export function nameAt(config: EffectiveConfig, name: string): SourceLocation | undefined {
  const index = (config.enabled ?? []).findIndex((listed) => sameName(listed, name));
  return (index >= 0 ? config.enabledAt?.[index] : undefined) ?? listAt(config);
}

/** Where the default of a task type is written (the last entry wins, as in a map), else undefined. */
export function defaultAt(config: EffectiveConfig, taskType: string): SourceLocation | undefined {
  return [...config.defaults].reverse().find((entry) => sameName(entry.taskType, taskType))?.at;
}
