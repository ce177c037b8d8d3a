import { Document, Scalar, visit } from 'yaml';
import { escapeChar } from './io.js';

/** Characters a YAML emitter leaves raw inside double quotes but a terminal acts on (C1 controls, separators). */
const RAW_IN_YAML = /[\u007f-\u009f\u2028\u2029]/g;
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * YAML for stdout. It is machine output, but often read at a terminal: every string holding a control
 * character is double-quoted (keys too), so the characters the emitter would still leave raw (C1, U+2028/9)
 * can only be inside double quotes, where their YAML escapes decode to the same string.
 */
export function toYaml(value: unknown): string {
  // A value written twice (a finding in a report and in the upgrade's `appeared`) is written twice, not as an alias.
  const document = new Document(value, { aliasDuplicateObjects: false });
  visit(document, {
    Scalar(_, node) {
      if (typeof node.value === 'string' && CONTROL.test(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return document.toString().replace(RAW_IN_YAML, escapeChar);
}
