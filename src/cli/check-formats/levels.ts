import { failsRun } from '../../config/check-run.js';
import type { FailOn, Finding } from '../../config/report-schema.js';

/** How loud a finding is in CI: an error exactly when it fails the run, else a warning, or a note for `check`. */
export function ciLevel(finding: Finding, failOn: FailOn): 'error' | 'warning' | 'note' {
  if (failsRun(finding, failOn)) return 'error';
  return finding.severity === 'check' ? 'note' : 'warning';
}
