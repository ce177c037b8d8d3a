import assert from 'node:assert/strict';
import { test } from 'node:test';
import { discover } from '../../src/discover.js';
import { ScanError, SourceError } from '../../src/errors.js';
import { fixture } from '../helpers.js';

test('refuses a tag that uses the pre-v0.2.0 plugin API with one line saying so', async () => {
  await assert.rejects(discover({ source: fixture('scan', 'legacy-v1') }), (error: unknown) => {
    assert.ok(error instanceof ScanError);
    assert.match(error.message, /pre-v0\.2\.0 plugin API \(go\/tasks\/v1/);
    assert.match(error.message, /out of scope/);
    return true;
  });
});

test('says what was looked for and where when no registration exists', async () => {
  await assert.rejects(discover({ source: fixture('scan', 'no-registrations') }), (error: unknown) => {
    assert.ok(error instanceof ScanError);
    assert.match(
      error.message,
      /no plugin registrations \(RegisterK8sPlugin, RegisterCorePlugin, RegisterRemotePlugin\) found in 1 Go files/,
    );
    assert.match(error.message, /no-registrations/);
    return true;
  });
});

test('says no Go module was found when no go.mod sits at or above the plugins', async () => {
  await assert.rejects(discover({ source: fixture('scan', 'no-module') }), (error: unknown) => {
    assert.ok(error instanceof ScanError);
    assert.match(error.message, /no Go module found: no go.mod at or above/);
    return true;
  });
});

test('names a missing folder', async () => {
  await assert.rejects(discover({ source: fixture('scan', 'does-not-exist') }), SourceError);
});

test('names a --path that is not in the source', async () => {
  await assert.rejects(discover({ source: fixture('scan', 'all-shapes'), path: 'nope/here' }), /no folder 'nope\/here'/);
});

test('refuses --tag on a plain folder instead of ignoring it', async () => {
  await assert.rejects(discover({ source: fixture('scan', 'all-shapes'), tag: 'v1.0.0' }), /not a git repository/);
});
