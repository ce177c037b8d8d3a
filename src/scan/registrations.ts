import type { SyntaxNode } from './go-parser.js';
import { Evaluator, functionName, isUnknown, lineOf, type Evaluated, type Scope, type Unknown, type Value } from './evaluate.js';
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
    };
    registrations.push(registration);

    const scope: Scope = { file, includeTests: isTestFile(file.path), depth: 0 };
    const entry = await evaluator.resolveEntry(argument, scope);
    if (isUnknown(entry)) {
      registration.unresolved.push(toUnresolved('entry', entry));
      continue;
    }
    registration.builtBy = entry.builtBy ?? null;
    const fields = entryFields(entry.literal);
    const evaluate = async (field: EntryField, node: SyntaxNode | undefined, zero: Value): Promise<Value | undefined> => {
      const result: Evaluated = node ? await evaluator.evaluate(node, entry.scope) : zero;
      if (!isUnknown(result)) return result;
      registration.unresolved.push(toUnresolved(field, result));
      return undefined;
    };
    const none: Value = { type: 'list', items: [] };
    const id = await evaluate('id', fields.get('ID'), { type: 'string', value: '' });
    registration.id = id ? (asString(id) ?? null) : null;
    const taskTypes = await evaluate('taskTypes', fields.get('RegisteredTaskTypes') ?? fields.get('SupportedTaskTypes'), none);
    registration.taskTypes = taskTypes ? (asStrings(taskTypes) ?? null) : null;
    const defaults = await evaluate('defaultForTaskTypes', fields.get('DefaultForTaskTypes'), none);
    registration.defaultForTaskTypes = defaults ? (asStrings(defaults) ?? null) : null;
    const isDefault = await evaluate('isDefault', fields.get('IsDefault'), { type: 'bool', value: false });
    registration.isDefault = isDefault?.type === 'bool' ? isDefault.value : null;
  }
  return registrations;
}
