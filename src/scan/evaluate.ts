import type { SyntaxNode } from './go-parser.js';
import type { Declaration, GoFile } from './go-file.js';
import type { GoWorkspace } from './workspace.js';

/** A line of source: where a value is written, used or passed through, with its text (trimmed). */
export interface SourceLine {
  file: string;
  line: number;
  text: string;
}

/** One step between the use of a value and the literal that gives it. */
export interface Step {
  kind: 'import' | 'const' | 'var' | 'local' | 'parameter' | 'operand';
  /** The name followed: `common` (an import), `sparkTaskType`, `taskType of newPlugin` (a bound parameter). */
  name: string;
  at: SourceLine;
}

/** How a string got its value: the literal (or the `+` that forms it) and the steps from its use to there. */
interface Trace {
  definedAt: SourceLine;
  via: Step[];
}

export type Value = { type: 'string'; value: string; trace: Trace } | { type: 'bool'; value: boolean } | { type: 'list'; items: Value[] };

/** What could not be resolved statically, and why. `runtime` marks values that only exist when propeller runs. */
export interface Unknown {
  type: 'unknown';
  runtime: boolean;
  reason: string;
  expression: string;
  file: string;
  line: number;
  /** The text of that line (trimmed): where a run-time value is read. */
  text: string;
}

export type Evaluated = Value | Unknown;

/** The parameters of one function, bound to the caller's argument expressions. */
interface Bindings {
  fn: SyntaxNode;
  params: Map<string, { node: SyntaxNode; scope: Scope }>;
}

export interface Scope {
  file: GoFile;
  bindings?: Bindings;
  includeTests: boolean;
  depth: number;
}

/** Where a plugin entry literal was found, and through which constructor. */
export interface EntryLiteral {
  literal: SyntaxNode;
  scope: Scope;
  builtBy: string | undefined;
}

const MAX_DEPTH = 40;
const FUNCTION_TYPES = new Set(['function_declaration', 'method_declaration', 'func_literal']);
const BUILTIN_STRING_TYPES = new Set(['string']);

export function isUnknown<T extends object>(result: T | Unknown): result is Unknown {
  return 'type' in result && result.type === 'unknown';
}

export function lineOf(node: SyntaxNode): number {
  return node.startPosition.row + 1;
}

/** The source line of a node in the scope's file. */
export function sourceLine(node: SyntaxNode, file: GoFile): SourceLine {
  const line = lineOf(node);
  return { file: file.path, line, text: file.lineText(line) };
}

function sameLine(a: SourceLine, b: SourceLine): boolean {
  return a.file === b.file && a.line === b.line;
}

/**
 * The result of following a step: the step is prepended to every string's chain (a list's items included),
 * unless it is a declaration on the very line that defines the value (`var x = "spark"`: the declaration is
 * the literal).
 */
function through<T extends Evaluated>(result: T, step: Step): T {
  if (result.type === 'string') {
    const isDefinition = step.kind === 'const' || step.kind === 'var';
    if (isDefinition && sameLine(step.at, result.trace.definedAt)) return result;
    return { ...result, trace: { ...result.trace, via: [step, ...result.trace.via] } };
  }
  if (result.type === 'list') return { ...result, items: result.items.map((item) => through(item, step)) };
  return result;
}

function unknown(node: SyntaxNode, scope: Scope, reason: string, runtime = false): Unknown {
  return { type: 'unknown', runtime, reason, expression: node.text, ...sourceLine(node, scope.file) };
}

const ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"' };

function decodeGoString(literal: string): string {
  if (literal.startsWith('`')) return literal.slice(1, -1).replace(/\r/g, '');
  return literal.slice(1, -1).replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g, (_, code: string) => {
    if (/^[xuU]/.test(code)) return String.fromCodePoint(parseInt(code.slice(1), 16));
    if (/^[0-7]{3}$/.test(code)) return String.fromCodePoint(parseInt(code, 8));
    return ESCAPES[code] ?? code;
  });
}

/** The functions around a node, innermost first. */
function enclosingFunctions(node: SyntaxNode): SyntaxNode[] {
  const functions: SyntaxNode[] = [];
  for (let current = node.parent; current; current = current.parent) {
    if (FUNCTION_TYPES.has(current.type)) functions.push(current);
  }
  return functions;
}

/** What a function body says of a local name before a use. */
type LocalValue = { kind: 'value'; node: SyntaxNode } | { kind: 'no-value' } | { kind: 'conditional'; line: number } | undefined;

function innermostBlock(node: SyntaxNode): SyntaxNode | undefined {
  for (let current = node.parent; current; current = current.parent) if (current.type === 'block') return current;
  return undefined;
}

function contains(outer: SyntaxNode, inner: SyntaxNode): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

/**
 * The last declaration or assignment of `name` in `fn` before `use`. A `:=` in a block that does not hold the
 * use declares another variable and is skipped; an `=` there runs only on some paths, so the value is
 * reported as conditional rather than guessed.
 */
function findLocalValue(fn: SyntaxNode, name: string, use: SyntaxNode): LocalValue {
  const body = fn.childForFieldName('body');
  if (!body) return undefined;
  let found: LocalValue;
  const candidates = body.descendantsOfType(['short_var_declaration', 'assignment_statement', 'var_spec', 'const_spec']);
  for (const candidate of candidates) {
    if (candidate.endIndex > use.startIndex) continue;
    const isSpec = candidate.type === 'var_spec' || candidate.type === 'const_spec';
    const names = isSpec ? candidate.childrenForFieldName('name') : (candidate.childForFieldName('left')?.namedChildren ?? []);
    const index = names.findIndex((named) => named.text === name);
    if (index === -1) continue;
    const block = innermostBlock(candidate);
    const reachesUse = !block || contains(block, use);
    if (!reachesUse) {
      if (candidate.type === 'assignment_statement') found = { kind: 'conditional', line: lineOf(candidate) };
      continue;
    }
    const values = (isSpec ? candidate.childForFieldName('value') : candidate.childForFieldName('right'))?.namedChildren;
    const value = values?.length === names.length ? values[index] : values?.[0];
    found = value ? { kind: 'value', node: value } : { kind: 'no-value' };
  }
  return found;
}

function parameterNames(fn: SyntaxNode): string[] {
  const list = fn.childForFieldName('parameters');
  if (!list) return [];
  return list.namedChildren.flatMap((declaration) => declaration.childrenForFieldName('name').map((name) => name.text));
}

export class Evaluator {
  constructor(private readonly workspace: GoWorkspace) {}

  async evaluate(node: SyntaxNode, scope: Scope): Promise<Evaluated> {
    if (scope.depth > MAX_DEPTH) return unknown(node, scope, 'the definition chain is too deep (a cycle?)');
    switch (node.type) {
      case 'interpreted_string_literal':
      case 'raw_string_literal':
        return { type: 'string', value: decodeGoString(node.text), trace: { definedAt: sourceLine(node, scope.file), via: [] } };
      case 'nil':
        return { type: 'list', items: [] };
      case 'true':
      case 'false':
        return { type: 'bool', value: node.type === 'true' };
      case 'parenthesized_expression':
      case 'literal_element':
        return node.namedChildren[0] ? this.evaluate(node.namedChildren[0], scope) : unknown(node, scope, 'empty expression');
      case 'unary_expression':
        return this.evaluateUnary(node, scope);
      case 'binary_expression':
        return this.evaluateBinary(node, scope);
      case 'identifier':
        return this.evaluateIdentifier(node, scope);
      case 'selector_expression':
        return this.evaluateSelector(node, scope);
      case 'call_expression':
        return this.evaluateCall(node, scope);
      case 'composite_literal':
        return this.evaluateList(node, scope);
      default:
        return unknown(node, scope, `a ${node.type.replace(/_/g, ' ')} is not a constant string`);
    }
  }

  private async evaluateUnary(node: SyntaxNode, scope: Scope): Promise<Evaluated> {
    const operand = node.childForFieldName('operand');
    const operator = node.childForFieldName('operator')?.type ?? node.child(0)?.type;
    if (!operand) return unknown(node, scope, 'incomplete expression');
    const value = await this.evaluate(operand, scope);
    if (operator === '!' && value.type === 'bool') return { type: 'bool', value: !value.value };
    if (operator === '&') return value;
    return isUnknown(value) ? value : unknown(node, scope, `operator ${operator} is not supported here`);
  }

  private async evaluateBinary(node: SyntaxNode, scope: Scope): Promise<Evaluated> {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    const operator = node.childForFieldName('operator')?.type;
    if (!left || !right || operator !== '+') return unknown(node, scope, `only + of strings is evaluated`);
    const [a, b] = [await this.evaluate(left, scope), await this.evaluate(right, scope)];
    if (isUnknown(a)) return a;
    if (isUnknown(b)) return b;
    if (a.type === 'string' && b.type === 'string') {
      // Each operand with its own chain; a nested + contributes its operands, not itself.
      const operands = [a, b].flatMap((operand, i) => {
        const side = i === 0 ? left : right;
        if (side.type === 'binary_expression') return operand.trace.via;
        return [...operand.trace.via, { kind: 'operand' as const, name: side.text, at: operand.trace.definedAt }];
      });
      return { type: 'string', value: a.value + b.value, trace: { definedAt: sourceLine(node, scope.file), via: operands } };
    }
    return unknown(node, scope, 'only + of strings is evaluated');
  }

  private async evaluateList(node: SyntaxNode, scope: Scope): Promise<Evaluated> {
    const type = node.childForFieldName('type')?.type ?? '';
    const elements = (node.childForFieldName('body')?.namedChildren ?? []).filter((element) => element.type !== 'comment');
    // A slice or array literal, or one of a named slice type (`SupportedTaskTypes{"a"}`): no keyed struct fields.
    const isList =
      /slice_type|array_type/.test(type) ||
      (/type_identifier|qualified_type/.test(type) && !elements.some((e) => e.type === 'keyed_element'));
    if (!isList) return unknown(node, scope, 'a composite literal that is not a list');
    const items: Value[] = [];
    for (const element of elements) {
      const value = await this.evaluate(element, scope);
      if (isUnknown(value)) return value;
      items.push(value);
    }
    return { type: 'list', items };
  }

  private async evaluateIdentifier(node: SyntaxNode, scope: Scope): Promise<Evaluated> {
    const name = node.text;
    const next = { ...scope, depth: scope.depth + 1 };
    for (const fn of enclosingFunctions(node)) {
      const local = findLocalValue(fn, name, node);
      if (local?.kind === 'no-value') return unknown(node, scope, `local '${name}' is declared without a value`);
      if (local?.kind === 'conditional') {
        return unknown(node, scope, `'${name}' is reassigned conditionally (line ${local.line}): its value depends on run time`, true);
      }
      if (local) return through(await this.evaluate(local.node, next), { kind: 'local', name, at: sourceLine(local.node, scope.file) });
      if (parameterNames(fn).includes(name)) {
        const bound = scope.bindings?.fn.id === fn.id ? scope.bindings.params.get(name) : undefined;
        if (bound) {
          const value = await this.evaluate(bound.node, { ...bound.scope, depth: scope.depth + 1 });
          return through(value, {
            kind: 'parameter',
            name: `${name} of ${functionName(fn)}`,
            at: sourceLine(bound.node, bound.scope.file),
          });
        }
        return unknown(node, scope, `'${name}' is a parameter of ${functionName(fn)}: its value is given by the caller at run time`, true);
      }
    }
    const declaration = await this.workspace.lookup(scope.file.dir, scope.file.packageName, name, scope.includeTests);
    if (!declaration) return unknown(node, scope, `'${name}' is not declared in package ${scope.file.packageName} (${scope.file.dir})`);
    return this.evaluateDeclaration(declaration, node, scope);
  }

  private async evaluateDeclaration(declaration: Declaration, use: SyntaxNode, scope: Scope): Promise<Evaluated> {
    if (declaration.kind !== 'const' && declaration.kind !== 'var') {
      return unknown(use, scope, `'${declaration.name}' is a ${declaration.kind === 'func' ? 'function' : 'type'}, not a value`);
    }
    if (!declaration.value) return unknown(use, scope, `${declaration.kind} '${declaration.name}' has no initial value`);
    const value = await this.evaluate(declaration.value, {
      file: declaration.file,
      includeTests: scope.includeTests,
      depth: scope.depth + 1,
    });
    const at = { file: declaration.file.path, line: declaration.line, text: declaration.file.lineText(declaration.line) };
    return through(value, { kind: declaration.kind, name: declaration.name, at });
  }

  /** `pkg.Name` through the file's imports, when `pkg` is an import and not a local name. */
  private async resolveQualified(node: SyntaxNode, scope: Scope): Promise<Declaration | Unknown | undefined> {
    const operand = node.childForFieldName('operand');
    const field = node.childForFieldName('field')?.text;
    if (operand?.type !== 'identifier' || !field) return undefined;
    const importPath = scope.file.imports.get(operand.text);
    if (
      !importPath ||
      enclosingFunctions(node).some((fn) => findLocalValue(fn, operand.text, node) || parameterNames(fn).includes(operand.text))
    )
      return undefined;
    const dir = this.workspace.folderOfImport(importPath);
    if (dir === undefined) return unknown(node, scope, `'${node.text}' is declared in ${importPath}, outside this source`);
    const packageName = (await this.workspace.packageNameOf(dir)) ?? '';
    const declaration = await this.workspace.lookup(dir, packageName, field, false);
    return declaration ?? unknown(node, scope, `'${field}' is not declared in package ${importPath}`);
  }

  private async evaluateSelector(node: SyntaxNode, scope: Scope): Promise<Evaluated> {
    const qualified = await this.resolveQualified(node, scope);
    if (!qualified) return unknown(node, scope, `'${node.text}' ${this.describeRuntimeOperand(node)}is only known at run time`, true);
    if (isUnknown(qualified)) return qualified;
    const value = await this.evaluateDeclaration(qualified, node, scope);
    const alias = node.childForFieldName('operand')?.text ?? '';
    const line = scope.file.importLines.get(alias);
    if (line === undefined) return value;
    const at = { file: scope.file.path, line, text: scope.file.lineText(line) };
    return through(value, { kind: 'import', name: `${alias} (${scope.file.imports.get(alias) ?? ''})`, at });
  }

  /** For `cfg.X` where `cfg := GetConfig()`: "(cfg holds GetConfig()) ", to say where the value comes from. */
  private describeRuntimeOperand(selector: SyntaxNode): string {
    const operand = selector.childForFieldName('operand');
    if (operand?.type !== 'identifier') return '';
    for (const fn of enclosingFunctions(selector)) {
      const local = findLocalValue(fn, operand.text, selector);
      if (local?.kind === 'value' && local.node.type === 'call_expression') return `(read from ${local.node.text}) `;
    }
    return '';
  }

  /** The declaration a callee names: `f` in this package or `pkg.F` in another. */
  private async resolveCallee(callee: SyntaxNode, scope: Scope): Promise<Declaration | undefined> {
    if (callee.type === 'identifier') {
      return this.workspace.lookup(scope.file.dir, scope.file.packageName, callee.text, scope.includeTests);
    }
    if (callee.type === 'selector_expression') {
      const qualified = await this.resolveQualified(callee, scope);
      return qualified && !isUnknown(qualified) ? qualified : undefined;
    }
    return undefined;
  }

  private async evaluateCall(node: SyntaxNode, scope: Scope): Promise<Evaluated> {
    const callee = node.childForFieldName('function');
    const args = (node.childForFieldName('arguments')?.namedChildren ?? []).filter((arg) => arg.type !== 'comment');
    if (!callee) return unknown(node, scope, 'incomplete call');
    if (callee.type === 'identifier' && callee.text === 'append' && args.length > 0) return this.evaluateAppend(args, scope);
    const isConversion =
      args.length === 1 &&
      (BUILTIN_STRING_TYPES.has(callee.text) ||
        callee.type === 'parenthesized_type' ||
        (await this.resolveCallee(callee, scope))?.kind === 'type');
    if (isConversion && args[0]) return this.evaluate(args[0], { ...scope, depth: scope.depth + 1 });
    return unknown(node, scope, `'${node.text.split('\n')[0]}' is computed by a call at run time`, true);
  }

  private async evaluateAppend(args: SyntaxNode[], scope: Scope): Promise<Evaluated> {
    const items: Value[] = [];
    for (const arg of args) {
      const spread = arg.type === 'variadic_argument';
      const value = await this.evaluate(spread ? (arg.namedChildren[0] ?? arg) : arg, scope);
      if (isUnknown(value)) return value;
      if (value.type === 'list' && (spread || arg === args[0])) items.push(...value.items);
      else items.push(value);
    }
    return { type: 'list', items };
  }

  /**
   * The `PluginEntry{...}` literal behind a registration argument: the literal itself, `&literal`, a local
   * variable holding one, or a call of a constructor function whose return statement builds one (its
   * parameters bound to the call's arguments).
   */
  async resolveEntry(node: SyntaxNode, scope: Scope, builtBy?: string): Promise<EntryLiteral | Unknown> {
    if (scope.depth > MAX_DEPTH) return unknown(node, scope, 'the constructor chain is too deep');
    const next = { ...scope, depth: scope.depth + 1 };
    switch (node.type) {
      case 'composite_literal':
        return { literal: node, scope, builtBy };
      case 'unary_expression':
      case 'parenthesized_expression': {
        const inner = node.childForFieldName('operand') ?? node.namedChildren[0];
        return inner ? this.resolveEntry(inner, next, builtBy) : unknown(node, scope, 'incomplete expression');
      }
      case 'identifier': {
        for (const fn of enclosingFunctions(node)) {
          const local = findLocalValue(fn, node.text, node);
          if (local?.kind === 'value') return this.resolveEntry(local.node, next, builtBy);
        }
        const declaration = await this.workspace.lookup(scope.file.dir, scope.file.packageName, node.text, scope.includeTests);
        if (declaration?.kind === 'var' && declaration.value) {
          return this.resolveEntry(
            declaration.value,
            { file: declaration.file, includeTests: scope.includeTests, depth: next.depth },
            builtBy,
          );
        }
        return unknown(node, scope, `cannot find the plugin entry held by '${node.text}'`);
      }
      case 'call_expression':
        return this.resolveConstructor(node, scope);
      default:
        return unknown(node, scope, `a ${node.type.replace(/_/g, ' ')} is not a plugin entry`);
    }
  }

  private async resolveConstructor(call: SyntaxNode, scope: Scope): Promise<EntryLiteral | Unknown> {
    const callee = call.childForFieldName('function');
    const declaration = callee ? await this.resolveCallee(callee, scope) : undefined;
    if (declaration?.kind !== 'func')
      return unknown(call, scope, `cannot find the function '${callee?.text ?? call.text}' that builds the plugin entry`);
    const fn = declaration.node;
    const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((arg) => arg.type !== 'comment');
    const params = new Map(parameterNames(fn).flatMap((name, i) => (args[i] ? [[name, { node: args[i], scope }] as const] : [])));
    const inner: Scope = { file: declaration.file, bindings: { fn, params }, includeTests: scope.includeTests, depth: scope.depth + 1 };
    for (const statement of fn.descendantsOfType('return_statement')) {
      if (enclosingFunctions(statement)[0]?.id !== fn.id) continue;
      const returned = statement.namedChildren[0]?.namedChildren[0];
      if (!returned) continue;
      const entry = await this.resolveEntry(returned, inner, declaration.name);
      if (!isUnknown(entry)) return entry;
    }
    return unknown(call, scope, `${declaration.name} does not return a plugin entry literal`);
  }
}

export function functionName(fn: SyntaxNode): string {
  return fn.childForFieldName('name')?.text ?? 'a function literal';
}
