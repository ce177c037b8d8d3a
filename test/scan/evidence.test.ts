// The evidence behind each ID: where it is used and defined, and every step between (issue 13), for each path
// of the chain the scanner follows. Locations are `path:line` in our own fixtures.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CatalogPlugin } from '../../src/catalog/schema.js';
import { discover } from '../../src/discover.js';
import { fixture } from '../helpers.js';

async function pluginsOf(name: string): Promise<Map<string, CatalogPlugin>> {
  const { catalog } = await discover({ source: fixture('scan', name), repo: `fixtures/${name}` });
  return new Map(catalog.plugins.map((plugin) => [plugin.id, plugin]));
}

function idChain(plugin: CatalogPlugin | undefined): { usedAt?: string; definedAt?: string; via?: string[]; text?: string } {
  const id = plugin?.evidence?.id;
  if (!id) return {};
  return {
    usedAt: id.usedAt,
    definedAt: id.definedAt,
    via: id.via.map((step) => `${step.kind} ${step.name} @ ${step.at}`),
    text: plugin.evidence?.lines[id.definedAt],
  };
}

test('a literal written in place is its own definition', async () => {
  const plugins = await pluginsOf('all-shapes');
  assert.deepEqual(idChain(plugins.get('gateway')), {
    usedAt: 'go/tasks/plugins/fallback/plugin.go:13',
    definedAt: 'go/tasks/plugins/fallback/plugin.go:13',
    via: [],
    text: 'return webapi.PluginEntry{ID: "gateway", SupportedTaskTypes: taskTypes}',
  });
});

test('a const of the same file, of another file, and `ID: ID`', async () => {
  const plugins = await pluginsOf('all-shapes');
  assert.deepEqual(idChain(plugins.get('echo')).definedAt, 'go/tasks/plugins/testing/echo.go:8');
  assert.deepEqual(idChain(plugins.get('trainer_job')), {
    usedAt: 'go/tasks/plugins/fromfile/plugin.go:12',
    definedAt: 'go/tasks/plugins/fromfile/names.go:6',
    via: [],
    text: plugins.get('trainer_job')?.evidence?.lines['go/tasks/plugins/fromfile/names.go:6'],
  });
  assert.match(plugins.get('trainer_job')?.evidence?.lines['go/tasks/plugins/fromfile/names.go:6'] ?? '', /"trainer_job"/);
  assert.deepEqual(idChain(plugins.get('relay-service')).definedAt, 'go/tasks/plugins/connector/plugin.go:8');
});

test('a const of another package through an alias names the import and the declaration', async () => {
  const plugins = await pluginsOf('all-shapes');
  const chain = idChain(plugins.get('grid-operator'));
  assert.equal(chain.usedAt, 'go/tasks/plugins/aliased/plugin.go:12');
  assert.equal(chain.definedAt, 'go/tasks/plugins/ids/ids.go:5');
  assert.deepEqual(chain.via, [
    'import names (example.com/acme/flyteplugins/go/tasks/plugins/ids) @ go/tasks/plugins/aliased/plugin.go:6',
    'operand GridTaskType @ go/tasks/plugins/ids/ids.go:4',
    'operand "-operator" @ go/tasks/plugins/ids/ids.go:5',
  ]);
});

test('a const of another package without an alias, for the ID and each task type', async () => {
  const plugins = await pluginsOf('evidence');
  const mpi = plugins.get('mpi');
  assert.deepEqual(idChain(mpi), {
    usedAt: 'go/tasks/plugins/mpi/mpi.go:15',
    definedAt: 'go/tasks/plugins/common/names.go:5',
    via: ['import common (example.com/evidence/flyteplugins/go/tasks/plugins/common) @ go/tasks/plugins/mpi/mpi.go:4'],
    text: 'MPITaskType = "mpi"',
  });
  assert.deepEqual(
    mpi?.evidence?.taskTypes?.items?.map((item) => [item.value, item.definedAt]),
    [['mpi', 'go/tasks/plugins/common/names.go:5']],
  );
  assert.equal(mpi?.evidence?.taskTypes?.usedAt, 'go/tasks/plugins/mpi/mpi.go:16');
});

test('a package var through a local variable: the local is a step, the var is the definition', async () => {
  const plugins = await pluginsOf('evidence');
  const spark = plugins.get('spark');
  assert.deepEqual(idChain(spark), {
    usedAt: 'go/tasks/plugins/spark/spark.go:18',
    definedAt: 'go/tasks/plugins/spark/spark.go:13',
    via: ['local id @ go/tasks/plugins/spark/spark.go:16'],
    text: 'var sparkTaskType = "spark"',
  });
  assert.equal(spark?.evidence?.defaultForTaskTypes?.items?.[0]?.definedAt, 'go/tasks/plugins/spark/spark.go:13');
});

test('a constructor parameter bound at the call site', async () => {
  const plugins = await pluginsOf('all-shapes');
  assert.deepEqual(idChain(plugins.get('query-engine')).via, ['parameter id of newQueryPlugin @ go/tasks/plugins/withargs/plugin.go:15']);
  assert.equal(idChain(plugins.get('query-engine')).definedAt, 'go/tasks/plugins/withargs/plugin.go:15');
});

test('a concatenation is defined where the + is, its operands are the steps', async () => {
  const plugins = await pluginsOf('all-shapes');
  assert.deepEqual(idChain(plugins.get('batch-v2')), {
    usedAt: 'go/tasks/plugins/concat/plugin.go:14',
    definedAt: 'go/tasks/plugins/concat/plugin.go:14',
    via: [
      'operand prefix @ go/tasks/plugins/concat/plugin.go:8',
      'operand separator @ go/tasks/plugins/concat/plugin.go:10',
      'operand "v2" @ go/tasks/plugins/concat/plugin.go:14',
    ],
    text: 'ID:                  prefix + separator + "v2",',
  });
});

test('task types known only at run time say where they are read', async () => {
  const plugins = await pluginsOf('all-shapes');
  const relay = plugins.get('relay-service')?.evidence?.taskTypes;
  assert.equal(relay?.items, null);
  assert.match(relay?.readAt ?? '', /^go\/tasks\/plugins\/connector\/[\w.]+:\d+$/);
});

test('the evidence check passes every ID of our fixtures, and catches a definedAt that does not show the ID', async () => {
  const { checkEvidence } = await import('../../src/catalog/evidence-check.js');
  const { catalog } = await discover({ source: fixture('scan', 'all-shapes'), repo: 'fixtures/all-shapes' });
  const result = checkEvidence(catalog);
  assert.deepEqual(result.problems, []);
  assert.equal(result.checked, catalog.plugins.length);
  assert.equal(result.concatenated, 2, 'batch-v2 and grid-operator are formed by +');
  const broken = structuredClone(catalog);
  const echo = broken.plugins.find((plugin) => plugin.id === 'echo');
  assert.ok(echo?.evidence?.id);
  echo.evidence.lines[echo.evidence.id.definedAt] = 'const somethingElse = "x"';
  assert.deepEqual(checkEvidence(broken).problems, [
    { id: 'echo', definedAt: 'go/tasks/plugins/testing/echo.go:8', text: 'const somethingElse = "x"' },
  ]);
});
