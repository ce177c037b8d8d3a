// Registrations as the scanner writes them, for tests that build versions by hand.
import type { CatalogPlugin } from '../src/catalog/schema.js';

/** A registration as the scanner writes it, in a package under go/tasks/plugins (module given, or flyteplugins'). */
export function plugin(
  id: string,
  pkg: string,
  fields: Partial<CatalogPlugin> = {},
  module = 'github.com/flyteorg/flyteplugins',
): CatalogPlugin {
  const folder = module.endsWith('/flyteplugins') && module.includes('/flyte/') ? 'flyteplugins/' : '';
  return {
    id,
    kind: 'k8s',
    taskTypes: [id],
    defaultForTaskTypes: [],
    isDefault: false,
    package: `${module}/go/tasks/plugins/${pkg}`,
    file: `${folder}go/tasks/plugins/${pkg}/plugin.go`,
    line: 10,
    function: 'init',
    builtBy: null,
    flags: [],
    linked: true,
    ...fields,
  };
}
