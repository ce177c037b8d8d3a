import type { Catalog } from '../catalog/schema.js';
import { checkInput, type CheckOptions } from './check-run.js';
import { layerFiles } from './layered.js';
import { type ConfigFile, parseConfigText } from './locate.js';
import type { Finding } from './report-schema.js';

const FATAL_ONLY: CheckOptions = { failOn: 'fatal', ignore: [], expect: [] };

function fatalFindings(file: ConfigFile, catalog: Catalog): Finding[] {
  return checkInput(layerFiles([file]), catalog, FATAL_ONLY)
    .flatMap((report) => report.findings)
    .filter((finding) => finding.severity === 'fatal');
}

/**
 * The start-up failures an edit of one block adds to a file that holds several (flyte-binary's inline config over
 * the chart's `enabled_plugins`, a manifest of several documents): the block's own checks cannot see a default
 * another block writes. A file of one block costs nothing here; its planner already checked all it holds.
 */
export function fatalsAddedElsewhere(before: ConfigFile, after: string, catalog: Catalog): Finding[] {
  if (before.blocks.length < 2 || after === before.text) return [];
  const key = (finding: Finding): string => `${finding.rule}\n${finding.message}`;
  const had = new Set(fatalFindings(before, catalog).map(key));
  const toBefore = lineInBefore(before.text, after);
  return fatalFindings(parseConfigText(before.path, after), catalog)
    .filter((finding) => !had.has(key(finding)))
    .map((finding) =>
      finding.location ? { ...finding, location: { ...finding.location, line: toBefore(finding.location.line) } } : finding,
    );
}

/** A line of the edited text as the line of the file on disk: lines below the edit move back by what it added. */
function lineInBefore(before: string, after: string): (line: number) => number {
  const old = before.split('\n');
  const now = after.split('\n');
  let same = 0;
  while (same < old.length && same < now.length && old[same] === now[same]) same++;
  return (line) => (line <= same ? line : line - (now.length - old.length));
}
