import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { XMLParser } from 'fast-xml-parser';
import { parse } from 'yaml';
import { escapeData, escapeProperty } from '../../src/cli/check-formats/github.js';
import { CheckRunSchema, checkReportJsonSchema, type CheckRun } from '../../src/config/report-schema.js';
import { RULES } from '../../src/config/rules.js';
import { fixture, projectRoot, runCli, tempDir } from '../helpers.js';

const catalog = ['--catalog', fixture('config', 'catalog.json')];

/** A small config in a temp folder (the working folder of the run, so locations are relative). */
function scenario(): { cwd: string; args: string[] } {
  const cwd = tempDir();
  const text = [
    'tasks:',
    '  task-plugins:',
    '    enabled-plugins:',
    '      - container',
    '      - sprak',
    '      - echo',
    '    default-for-task-types:',
    '      ray: ray',
    '',
  ];
  writeFileSync(join(cwd, 'values.yaml'), text.join('\n'));
  return { cwd, args: ['check', 'values.yaml', ...catalog] };
}

async function output(format: string, ...extra: string[]): Promise<{ code: number; stdout: string }> {
  const { cwd, args } = scenario();
  const run = await runCli([...args, '-o', format, ...extra], { cwd });
  return { code: run.code, stdout: run.stdout };
}

test('the shipped check-report schema is the one the zod model generates (npm run schema)', () => {
  const shipped = JSON.parse(readFileSync(join(projectRoot, 'schema', 'check-report.schema.json'), 'utf8')) as object;
  assert.deepEqual(shipped, JSON.parse(JSON.stringify(checkReportJsonSchema())));
});

test('-o json validates against the shipped schema and the zod model; -o yaml is the same data', async () => {
  const json = await output('json');
  assert.equal(json.code, 1);
  const run = JSON.parse(json.stdout) as CheckRun;
  const shipped = JSON.parse(readFileSync(join(projectRoot, 'schema', 'check-report.schema.json'), 'utf8')) as object;
  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(shipped);
  assert.equal(validate(run), true, JSON.stringify(validate.errors));
  CheckRunSchema.parse(run);
  assert.deepEqual(
    run.reports[0]?.findings.map((finding) => [finding.rule, finding.severity, finding.location]),
    [
      ['unknown-plugin', 'silent', { file: 'values.yaml', line: 5, column: 9 }],
      ['flagged-plugin-enabled', 'check', { file: 'values.yaml', line: 6, column: 9 }],
      ['default-not-enabled', 'fatal', { file: 'values.yaml', line: 8, column: 7 }],
    ],
  );
  assert.deepEqual(parse((await output('yaml')).stdout), run);
});

test('-o sarif is valid SARIF 2.1.0 (the vendored OASIS schema), with every rule and a physical location per result', async () => {
  const { stdout } = await output('sarif');
  const sarif = JSON.parse(stdout);
  const schema = JSON.parse(readFileSync(fixture('sarif', 'sarif-schema-2.1.0.json'), 'utf8')) as object;
  const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }).compile(schema);
  assert.equal(validate(sarif), true, JSON.stringify(validate.errors));
  const [run] = sarif.runs;
  assert.deepEqual(
    run.tool.driver.rules.map((rule: { id: string }) => rule.id),
    RULES.map((rule) => rule.id),
  );
  assert.ok(run.tool.driver.rules.every((rule: { help: { text: string } }) => rule.help.text.includes('Example: ')));
  assert.deepEqual(run.results[0], {
    ruleId: 'unknown-plugin',
    ruleIndex: RULES.findIndex((rule) => rule.id === 'unknown-plugin'),
    level: 'error',
    message: { text: "'sprak' matches no plugin of v9.0.0: propeller ignores it (did you mean 'spark'?)" },
    locations: [{ physicalLocation: { artifactLocation: { uri: 'values.yaml' }, region: { startLine: 5, startColumn: 9 } } }],
    properties: { severity: 'silent', config: 'tasks.task-plugins', plugins: ['sprak'], taskTypes: [] },
  });
  assert.deepEqual(
    run.results.map((result: { level: string }) => result.level),
    ['error', 'note', 'error'],
  );
});

test('-o junit parses back as XML: a testcase per rule per config, failures with their message', async () => {
  const { stdout } = await output('junit');
  const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(stdout);
  const suite = xml.testsuites.testsuite;
  assert.equal(suite.name, 'values.yaml: tasks.task-plugins');
  const cases = suite.testcase as { name: string; failure?: { message: string; type: string }; 'system-out'?: string }[];
  assert.deepEqual(
    cases.map((one) => one.name),
    RULES.filter((rule) => !rule.id.startsWith('flyte2-')).map((rule) => rule.id),
  );
  const failed = cases.filter((one) => one.failure);
  assert.deepEqual(
    failed.map((one) => [one.name, one.failure?.type]),
    [
      ['default-not-enabled', 'fatal'],
      ['unknown-plugin', 'silent'],
    ],
  );
  assert.equal(failed[1]?.failure?.message, "'sprak' matches no plugin of v9.0.0: propeller ignores it (did you mean 'spark'?)");
  assert.match(
    cases.find((one) => one.name === 'flagged-plugin-enabled')?.['system-out'] ?? '',
    /^check: values\.yaml:6:9: 'echo' is a testing plugin/,
  );
  assert.equal(xml.testsuites.failures, '2');
});

test('-o github prints one workflow command per finding, matched exactly', async () => {
  const { code, stdout } = await output('github');
  assert.equal(code, 1);
  assert.equal(
    stdout,
    [
      "::error file=values.yaml,line=5,col=9,title=unknown-plugin::'sprak' matches no plugin of v9.0.0: " +
        "propeller ignores it (did you mean 'spark'?)",
      "::notice file=values.yaml,line=6,col=9,title=flagged-plugin-enabled::'echo' is a testing plugin " +
        '(go/tasks/plugins/testing/plugin.go), enabled in this config',
      "::error file=values.yaml,line=8,col=7,title=default-not-enabled::default-for-task-types maps ray to 'ray', " +
        'which is not an enabled plugin: propeller refuses to start ' +
        '("cannot set default plugin [ray] … when it is not configured to be an enabled plugin", flyteorg/flyte#3905)',
      '',
    ].join('\n'),
  );
  const relaxed = await output('github', '--fail-on', 'fatal');
  assert.match(relaxed.stdout, /^::warning file=values\.yaml,line=5,col=9,title=unknown-plugin::/m);
});

test('github escapes: % CR LF in data; and , : in properties', () => {
  assert.equal(escapeData('100% done\r\nnext'), '100%25 done%0D%0Anext');
  assert.equal(escapeProperty('a,b:c%\n'), 'a%2Cb%3Ac%25%0A');
});
