import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeValues } from '../../src/config/read.js';

test('Helm layering: maps merge deeply, lists and scalars are replaced, null deletes a key', () => {
  const base = {
    configmap: {
      enabled_plugins: {
        tasks: {
          'task-plugins': {
            'enabled-plugins': ['container', 'agent-service'],
            'default-for-task-types': { container: 'container', bigquery_query_job_task: 'agent-service' },
          },
        },
      },
    },
    replicas: 1,
  };
  const override = {
    configmap: {
      enabled_plugins: {
        tasks: { 'task-plugins': { 'enabled-plugins': ['container'], 'default-for-task-types': { container: 'container' } } },
      },
    },
    replicas: null,
  };
  assert.deepEqual(mergeValues(base, override), {
    configmap: {
      enabled_plugins: {
        tasks: {
          'task-plugins': {
            'enabled-plugins': ['container'],
            'default-for-task-types': { container: 'container', bigquery_query_job_task: 'agent-service' },
          },
        },
      },
    },
  });
  assert.deepEqual(mergeValues({ a: [1, 2] }, { a: { b: 1 } }), { a: { b: 1 } });
  assert.deepEqual(mergeValues({ a: { b: 1 } }, { a: 'x' }), { a: 'x' });
});
