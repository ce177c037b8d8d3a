import type { SyntaxNode } from './go-parser.js';
import {
  Evaluator,
  functionName,
  isUnknown,
  lineOf,
  sourceLine,
  type EntryLiteral,
  type Scope,
  type SourceLine,
  type Step,
  type Unknown,
  type Value,
} from './evaluate.js';
import { importPathOf } from './module-layout.js';
import type { GoFile } from './go-file.js';
import { isTestFile, type GoWorkspace } from './workspace.js';

export type PluginKind = 'k8s' | 'core' | 'remote';
type RegistrationFlag = 'example' | 'testing' | 'test' | 'not-in-init';
type EntryField = 'entry' | 'id' | 'taskTypes' | 'defaultForTaskTypes' | 'isDefault';

interface UnresolvedField {
  field: EntryField;
  expression: string;
  reason: string;
  runtime: boolean;
  file: string;
  line: number;
}

/** A string an entry field resolves to, and how: the literal that gives it and the steps from the field to it. */
interface ValueEvidence {
  value: string;
  definedAt: SourceLine;
  via: Step[];
}

/** The evidence behind one field of a plugin entry (`ID:`, `RegisteredTaskTypes:`, `DefaultForTaskTypes:`). */
export interface FieldEvidence {
  /** The source text of the field's value, first line. */
  expression: string;
  usedAt: SourceLine;
  /** The resolved strings, with their chains; null when only known at run time. */
  values: ValueEvidence[] | null;
  /** For a run-time value: where it is read. */
  readAt: SourceLine | null;
}

export interface Evidence {
  id: FieldEvidence | null;
  taskTypes: FieldEvidence | null;
  defaultForTaskTypes: FieldEvidence | null;
}

/** One call of RegisterK8sPlugin / RegisterCorePlugin / RegisterRemotePlugin, with what its entry resolves to. */
export interface Registration {
  kind: PluginKind;
  id: string | null;
  taskTypes: string[] | null;
  defaultForTaskTypes: string[] | null;
  isDefault: boolean | null;
  package: string;
  file: string;
  line: number;
  /** The function the call sits in (`init` for the usual registration). */
  function: string;
  /** The function that builds the entry, when the entry is not written at the call. */
  builtBy: string | null;
  flags: RegistrationFlag[];
  unresolved: UnresolvedField[];
  /** Where each resolved field is used and defined: the chain the scanner followed. */
  evidence: Evidence;
}

const KINDS: Record<string, PluginKind> = {
  RegisterK8sPlugin: 'k8s',
  RegisterCorePlugin: 'core',
  RegisterRemotePlugin: 'remote',
};

export const REGISTRATION_METHODS = Object.keys(KINDS);

/** The cheap pre-filter: a file that cannot hold a registration is never parsed. */
export const REGISTRATION_TEXT = /\bRegister(?:K8s|Core|Remote)Plugin\s*\(/;

function flagsFor(file: string, fn: string): RegistrationFlag[] {
  const segments = file.split('/');
  const flags: RegistrationFlag[] = [];
  if (segments.some((segment) => segment === 'example' || segment === 'examples')) flags.push('example');
  if (segments.some((segment) => segment === 'testing' || segment === 'mocks')) flags.push('testing');
  if (isTestFile(file)) flags.push('test');
  if (fn !== 'init') flags.push('not-in-init');
  return flags;
}

/** The outermost named function around a node: the one propeller's start-up calls. */
function namedFunction(node: SyntaxNode): string {
  let name = '(package level)';
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'function_declaration' || current.type === 'method_declaration') name = functionName(current);
  }
  return name;
}

function entryFields(literal: SyntaxNode): Map<string, SyntaxNode> {
  const fields = new Map<string, SyntaxNode>();
  for (const element of literal.childForFieldName('body')?.namedChildren ?? []) {
    if (element.type !== 'keyed_element') continue;
    const [key, value] = element.namedChildren.filter((child) => child.type !== 'comment');
    if (key && value) fields.set(key.text, value);
  }
  return fields;
}

function asString(value: Value): string | undefined {
  return value.type === 'string' ? value.value : undefined;
}

function asStrings(value: Value): string[] | undefined {
  if (value.type !== 'list') return undefined;
  const strings = value.items.map(asString);
  return strings.every((item): item is string => item !== undefined) ? strings : undefined;
}

function valuesOf(value: Value): ValueEvidence[] {
  if (value.type === 'string') return [{ value: value.value, definedAt: value.trace.definedAt, via: value.trace.via }];
  return value.type === 'list' ? value.items.flatMap(valuesOf) : [];
}

function toUnresolved(field: EntryField, result: Unknown): UnresolvedField {
  const { expression, reason, runtime, file, line } = result;
  return { field, expression: expression.split('\n')[0] ?? expression, reason, runtime, file, line };
}

export async function findRegistrations(workspace: GoWorkspace, file: GoFile): Promise<Registration[]> {
  const evaluator = new Evaluator(workspace);
  const registrations: Registration[] = [];
  const matches = file.declarationsMatching(REGISTRATION_TEXT).flatMap((node) => file.engine.query('registrations').matches(node));
  for (const match of matches) {
    const capture = (name: string): SyntaxNode | undefined => match.captures.find((c) => c.name === name)?.node;
    const call = capture('call');
    const method = capture('method');
    const argument = capture('arguments')?.namedChildren.find((child) => child.type !== 'comment');
    if (!call || !method || !argument) continue;

    const fn = namedFunction(call);
    const registration: Registration = {
      kind: KINDS[method.text] ?? 'core',
      id: null,
      taskTypes: null,
      defaultForTaskTypes: null,
      isDefault: null,
      package: importPathOf(workspace.layout, file.dir),
      file: file.path,
      line: lineOf(call),
      function: fn,
      builtBy: null,
      flags: flagsFor(file.path, fn),
      unresolved: [],
      evidence: { id: null, taskTypes: null, defaultForTaskTypes: null },
    };
    registrations.push(registration);

    const scope: Scope = { file, includeTests: isTestFile(file.path), depth: 0 };
    const entry = await evaluator.resolveEntry(argument, scope);
    if (isUnknown(entry)) registration.unresolved.push(toUnresolved('entry', entry));
    else await resolveFields(registration, entry, evaluator);
  }
  return registrations;
}

/** The fields of a resolved entry literal: values, unresolved ones, and the evidence of each. */
async function resolveFields(registration: Registration, entry: EntryLiteral, evaluator: Evaluator): Promise<void> {
  registration.builtBy = entry.builtBy ?? null;
  const fields = entryFields(entry.literal);
  const evaluate = async (
    field: EntryField,
    node: SyntaxNode | undefined,
    zero: Value,
  ): Promise<{ value?: Value; evidence: FieldEvidence | null }> => {
    if (!node) return { value: zero, evidence: null };
    const result = await evaluator.evaluate(node, entry.scope);
    const expression = node.text.split('\n')[0] ?? node.text;
    const usedAt = sourceLine(node, entry.scope.file);
    if (!isUnknown(result)) return { value: result, evidence: { expression, usedAt, values: valuesOf(result), readAt: null } };
    registration.unresolved.push(toUnresolved(field, result));
    const readAt = result.runtime ? { file: result.file, line: result.line, text: result.text } : null;
    return { evidence: { expression, usedAt, values: null, readAt } };
  };
  const none: Value = { type: 'list', items: [] };
  const id = await evaluate('id', fields.get('ID'), {
    type: 'string',
    value: '',
    trace: { definedAt: sourceLine(entry.literal, entry.scope.file), via: [] },
  });
  registration.id = id.value ? (asString(id.value) ?? null) : null;
  const taskTypes = await evaluate('taskTypes', fields.get('RegisteredTaskTypes') ?? fields.get('SupportedTaskTypes'), none);
  registration.taskTypes = taskTypes.value ? (asStrings(taskTypes.value) ?? null) : null;
  const defaults = await evaluate('defaultForTaskTypes', fields.get('DefaultForTaskTypes'), none);
  registration.defaultForTaskTypes = defaults.value ? (asStrings(defaults.value) ?? null) : null;
  const isDefault = await evaluate('isDefault', fields.get('IsDefault'), { type: 'bool', value: false });
  registration.isDefault = isDefault.value?.type === 'bool' ? isDefault.value.value : null;
  registration.evidence = { id: id.evidence, taskTypes: taskTypes.evidence, defaultForTaskTypes: defaults.evidence };
}
