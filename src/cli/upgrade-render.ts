import type { CheckReport, CheckRun, ConfigUpgrade, Finding, RouteChange, Upgrade } from '../config/report-schema.js';
import { findingLine, summaryLine } from './check-render.js';

const RUN_TIME = '(configured at run time)';

const quoted = (ids: readonly string[]): string => ids.map((id) => `'${id}'`).join(' or ');

/** `today` and `after` findings side by side: those that go, those that come, those that stay. */
function findingLines(config: ConfigUpgrade, target: CheckReport): string[] {
  const stays = (finding: Finding) => !config.appeared.includes(finding);
  const rows = [
    ...config.disappeared.map((finding) => `  gone  ${findingLine(finding)}`),
    ...config.appeared.map((finding) => `  new   ${findingLine(finding)}`),
    ...target.findings.filter(stays).map((finding) => `  same  ${findingLine(finding)}`),
  ];
  return rows.length === 0 ? [] : ['', 'findings (today → after the upgrade):', ...rows];
}

/** "`sensor` runs on 'agent-service' today; after the upgrade on 'container': … (unless 'connector-service' is enabled)". */
function routeLine(change: RouteChange): string {
  const on = (plugin: string | null) => (plugin === null ? 'on no plugin' : `on '${plugin}'`);
  const unmentioned = change.unless.filter((id) => !change.why.includes(`'${id}'`));
  const unless = unmentioned.length > 0 ? ` (unless ${quoted(unmentioned)} is enabled)` : '';
  const what = change.taskType === RUN_TIME ? 'task types configured at run time' : change.taskType;
  return `  ${what} ${runs(change)} ${on(change.before)} today; after the upgrade ${on(change.after)}: ${change.why}${unless}`;
}

function runs(change: RouteChange): string {
  return change.taskType === RUN_TIME || change.taskType === '(any other)' ? 'run' : 'runs';
}

/** The plugin IDs the upgrade adds, removes and renames, those a config enables marked. */
function idLines(upgrade: Upgrade, enabled: ReadonlySet<string>): string[] {
  const mark = (id: string) => (enabled.has(id) ? `${id} (enabled here)` : id);
  const { added, removed, renamed } = upgrade.plugins;
  const lines = [
    ...(removed.length > 0 ? [`  removed: ${removed.map(mark).join(', ')}`] : []),
    ...(renamed.length > 0 ? [`  renamed: ${renamed.map((rename) => `${mark(rename.from)} → ${rename.to}`).join(', ')}`] : []),
    ...(added.length > 0 ? [`  added:   ${added.join(', ')}`] : []),
  ];
  return lines.length === 0 ? [] : ['', `plugin IDs from ${upgrade.from} to ${upgrade.to}:`, ...lines];
}

function routeLines(config: ConfigUpgrade): string[] {
  if (config.routes.length === 0) return [];
  const same = config.current.routes.filter((route) => !config.routes.some((change) => change.taskType === route.taskType)).length;
  return ['', 'routing changes:', ...config.routes.map(routeLine), `  (${same} other task types run where they run today)`];
}

function editLines(config: ConfigUpgrade, to: string): string[] {
  const { edit } = config;
  const lines = ['', `to keep today's behaviour on ${to}:`];
  if (edit.steps.length === 0) {
    const same = config.appeared.length === 0 && config.routes.length === 0;
    const calm = 'nothing to change: no new finding and no task type moves (no ID this config enables is removed or renamed)';
    const why = edit.notes.length > 0 ? 'see the notes' : 'see the findings';
    lines.push(same ? `  ${calm}` : `  no enable/disable step to suggest (${why})`);
  }
  lines.push(...edit.commands.map((command) => `  $ ${command}`));
  lines.push(...edit.notes.map((note) => `  note: ${note}`));
  if (edit.diff) lines.push('', 'what these commands change (as --dry-run shows it; nothing was written):', edit.diff.trimEnd());
  return lines;
}

function renderConfig(config: ConfigUpgrade, target: CheckReport, upgrade: Upgrade, downgrade: boolean): string {
  const { current } = config;
  const enabled = (report: CheckReport) => {
    if (report.rules === 'flyte-v2') return 'every plugin the executor links (Flyte 2 has no enabled-plugins)';
    return report.enabled === 'all' ? 'every plugin (empty list)' : report.enabled.join(', ') || 'none of the names listed';
  };
  const move = downgrade ? 'downgrade (to an older version)' : 'upgrade';
  const lines = [`${config.config} — ${move} from ${upgrade.from} to ${upgrade.to}`];
  if (config.input.length > 1) lines.push(`layered: ${config.input.join(' + ')}`);
  lines.push(`enabled today: ${enabled(current)}`, `enabled after: ${enabled(target)}`);
  const ids = new Set(current.enabled === 'all' ? [] : current.enabled);
  lines.push(...idLines(upgrade, ids), ...findingLines(config, target), ...routeLines(config), ...editLines(config, upgrade.to));
  lines.push('', `today (${current.catalog}): ${summaryLine(current)}`, `after (${target.catalog}): ${summaryLine(target)}`);
  return lines.join('\n');
}

/** The table output of `check --upgrade-to`: per config, what changes on upgrade and what to do about it. */
export function renderUpgrade(run: CheckRun & { upgrade: Upgrade }, downgrade = false): string {
  return run.upgrade.configs
    .map((config, index) => renderConfig(config, run.reports[index] as CheckReport, run.upgrade, downgrade))
    .join('\n\n');
}
