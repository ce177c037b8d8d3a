import type { Finding, Severity, SourceLocation } from './report-schema.js';

/** One rule of `check`: its ID never changes; severity, a one-line title, why it matters and an example. */
export interface Rule {
  id: string;
  severity: Severity;
  title: string;
  why: string;
  example: string;
}

/** Every rule, in the order of the README's table. */
export const RULES: readonly Rule[] = [
  {
    id: 'default-not-enabled',
    severity: 'fatal',
    title: 'A default names a plugin that is not enabled',
    why:
      'propeller refuses to start: "cannot set default plugin … when it is not configured to be an enabled plugin" ' +
      '(flyteorg/flyte#3905)',
    example: 'values.yaml maps bigquery_query_job_task: agent-service; values-eks.yaml replaces the list without agent-service',
  },
  {
    id: 'ambiguous-task-type',
    severity: 'fatal',
    title: 'Several enabled plugins register one task type and no default chooses',
    why: 'propeller refuses to start: "Multiple plugins registered to handle task type"',
    example: 'enabled-plugins: [container, pod] (both register container and python-task)',
  },
  {
    id: 'task-type-without-plugin',
    severity: 'broken',
    title: 'Task types that no enabled plugin runs, and no default plugin',
    why: 'propeller starts, but every task of those types fails: "no plugin defined for Handler type … and no defaultPlugin configured"',
    example: 'enabled-plugins: [spark] (no container plugin: python-task and container tasks fail)',
  },
  {
    id: 'default-wrong-plugin',
    severity: 'broken',
    title: 'A default names a plugin that does not register the type, while another plugin would run it',
    why: 'propeller ignores the default; no enabled plugin registers the type, so its tasks go to the default plugin (or fail)',
    example: 'default-for-task-types: {spark: ray} without spark enabled: spark tasks run as plain containers',
  },
  {
    id: 'unexpected-route',
    severity: 'broken',
    title: 'A task type runs on another plugin than --expect says',
    why: 'the routing table disagrees with what you asserted; fails whatever --fail-on says',
    example: "--expect ray=ray while 'ray' is not enabled: ray tasks run on 'container'",
  },
  {
    id: 'unknown-plugin',
    severity: 'silent',
    title: 'A listed name matches no plugin of the version',
    why: 'propeller drops it with an info log: the plugin you meant is not enabled',
    example: 'enabled-plugins: [container, sprak]',
  },
  {
    id: 'plugin-not-linked',
    severity: 'silent',
    title: 'A listed plugin is registered, but propeller does not import its package',
    why: 'the name matches nothing at run time',
    example: 'enabled-plugins: [presto] at flyteplugins/v1.16.8',
  },
  {
    id: 'unrendered-block',
    severity: 'silent',
    title: 'A task-plugins block the flyte-core chart never renders',
    why: 'propeller never reads it: the chart renders only configmap.enabled_plugins',
    example: 'configmap.tasks.task-plugins.enabled-plugins in flyte-core values',
  },
  {
    id: 'default-unknown-plugin',
    severity: 'silent',
    title: 'A default names no plugin of the version (every plugin enabled)',
    why: 'propeller ignores the default',
    example: 'enabled-plugins: [] with default-for-task-types: {spark: sprak}',
  },
  {
    id: 'default-ignored',
    severity: 'silent',
    title: 'A default names a plugin that does not register that task type',
    why: 'propeller ignores the default; the enabled plugin that registers the type runs it',
    example: 'enabled-plugins: [container, ray, spark] with default-for-task-types: {spark: ray}',
  },
  {
    id: 'flyte2-enabled-ignored',
    severity: 'silent',
    title: 'enabled-plugins in a Flyte 2 config',
    why: 'the Flyte 2 executor has no enabled-plugins: every linked plugin runs',
    example: 'enabled-plugins: [container] checked against v2.0.43',
  },
  {
    id: 'flyte2-default-unknown',
    severity: 'silent',
    title: 'A Flyte 2 default names no plugin (matched exactly)',
    why: 'Flyte 2 does not lower-case names and only warns',
    example: 'default-for-task-types: {container_array: K8S-ARRAY} against v2.0.43',
  },
  {
    id: 'duplicate-name',
    severity: 'check',
    title: 'A name listed twice after trimming and lower-casing',
    why: 'harmless to propeller, but a sign of a merge or a typo',
    example: "enabled-plugins: [container, ' Container ']",
  },
  {
    id: 'flagged-plugin-enabled',
    severity: 'check',
    title: 'An example or test plugin is enabled',
    why: 'such plugins exist for tests and demos, not for production tasks',
    example: 'enabled-plugins: [echo] (plugins/testing)',
  },
  {
    id: 'empty-list',
    severity: 'check',
    title: 'enabled-plugins is empty',
    why: 'an empty list enables every plugin propeller links; adding one name later turns all the others off',
    example: 'enabled-plugins: []',
  },
  {
    id: 'several-default-plugins',
    severity: 'check',
    title: 'Several enabled plugins set IsDefault',
    why: 'the first one registered becomes the default plugin, the others are ignored',
    example: 'enabled-plugins: [container, pod]',
  },
  {
    id: 'list-default-dropped',
    severity: 'check',
    title: 'A list-form default under configuration.inline over a map-form one',
    why: "viper's merge skips a value whose type differs, so the list is very likely dropped",
    example: 'configuration.inline…default-for-task-types: [{container_array: K8S-ARRAY}] (flyte-binary)',
  },
  {
    id: 'flyte2-rules',
    severity: 'check',
    title: 'Checked with Flyte 2 rules',
    why: 'the Flyte 2 executor reads default-for-task-types as written and has no enabled-plugins',
    example: 'any config checked against v2.0.43',
  },
];

const BY_ID = new Map(RULES.map((rule) => [rule.id, rule]));

export function findRule(id: string): Rule | undefined {
  return BY_ID.get(id);
}

/** A finding of a rule, its severity from the rule; plugins and task types sorted and unique. */
export function finding(
  rule: string,
  message: string,
  where: { location?: SourceLocation | undefined; plugins?: readonly string[]; taskTypes?: readonly string[] } = {},
): Finding {
  const known = BY_ID.get(rule);
  if (!known) throw new Error(`no rule ${rule}`);
  const unique = (items: readonly string[] = []): string[] => [...new Set(items)];
  return {
    rule,
    severity: known.severity,
    message,
    location: where.location ?? null,
    plugins: unique(where.plugins),
    taskTypes: unique(where.taskTypes),
  };
}

const ORDER: readonly Severity[] = ['fatal', 'broken', 'silent', 'check'];

/** Whether a finding of `severity` fails a run that fails on `failOn` and worse. */
export function isAtLeast(severity: Severity, failOn: Severity | 'none'): boolean {
  return failOn !== 'none' && ORDER.indexOf(severity) <= ORDER.indexOf(failOn);
}
