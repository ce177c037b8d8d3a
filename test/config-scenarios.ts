import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, tempDir } from './helpers.js';

/** One config shape, the command run on it, and the golden file it must produce (regenerate: npm run golden). */
export interface EditScenario {
  name: string;
  args: string[];
}

const catalogFixture = fixture('config', 'catalog.json');

export const editScenarios: EditScenario[] = [
  { name: 'propeller-config', args: ['enable', 'spark', '--default-for', 'spark'] },
  { name: 'indentless-at-end', args: ['enable', 'spark'] },
  { name: 'kustomize-fragment', args: ['enable', 'ray'] },
  { name: 'flyte-core-commented-item', args: ['enable', 'agent-service', '--default-for', 'bigquery_query_job_task'] },
  { name: 'flyte-binary-inline', args: ['enable', 'ray', '--default-for', 'ray'] },
  { name: 'umbrella-chart', args: ['enable', 'spark'] },
  { name: 'flow-list', args: ['enable', 'spark', '--default-for', 'spark'] },
  { name: 'empty-flow-list', args: ['enable', 'container', 'spark', '--yes'] },
  { name: 'absent-list', args: ['enable', 'container', 'spark', '--yes'] },
  { name: 'manifest-block-literal', args: ['enable', 'spark'] },
  { name: 'manifest-double-quoted', args: ['enable', 'spark'] },
  { name: 'quoted-and-cased', args: ['disable', 'k8s-array', '--yes'] },
];

export function scenarioArgs(scenario: EditScenario, config: string): string[] {
  return [...scenario.args, '--config', config, '--catalog', catalogFixture];
}

/** The test catalog as if it came from Flyte 2 (module path /v2/, tag v2.0.43), written to a temp file. */
export function flyte2CatalogFile(): string {
  const flyte2 = JSON.parse(readFileSync(catalogFixture, 'utf8'));
  flyte2.source.module = 'github.com/flyteorg/flyte/v2/flyteplugins';
  flyte2.source.tag = 'v2.0.43';
  const path = join(tempDir(), 'flyte2.json');
  writeFileSync(path, JSON.stringify(flyte2));
  return path;
}
