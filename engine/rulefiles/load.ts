/**
 * Rules and rule functions in every shape users have them, recognised by shape:
 * - a bare `Function`: its JSON object, the JSON string of it with its escapes (as
 *   DescribeRule returns it), or the readable text form (docs/text-form.md);
 * - a CreateRule request body, a JSON list of them, a DescribeRule response `{"Rule": {...}}`;
 * - a CloudFormation template (JSON or YAML) holding `AWS::Connect::Rule` resources;
 * - a folder of such files (`.json`, `.txt` for the text form, `.yaml`/`.yml`
 *   templates; anything else is skipped with a warning naming it). A `NAME.txt`
 *   beside a `NAME.json` body without `Function` is that rule's Function (what
 *   `connect-rules pull --format text` writes).
 * Every command that takes rules or a function reads them here: `loadRules` for a
 * rule set, `loadOneFunction` where one function is wanted (a rule body gives its
 * Function and its source). Anything else is a `RuleInputError` naming the shapes accepted.
 */
import { existsSync, lstatSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join, relative, resolve } from 'node:path';
import { binaryAt } from '../../grammar/binary.ts';
import { UserError } from '../../grammar/errors.ts';
import { jsonParseProblem } from '../../grammar/json/parse-error.ts';
import { duplicateKeyProblem, findDuplicateKey } from '../../grammar/json/duplicate-key.ts';
import { isEventSourceName } from '../../grammar/catalogue/index.ts';
import type { EventSourceName } from '../../grammar/catalogue/types.ts';
import { detectForm, type FunctionForm } from '../../grammar/form.ts';
import { isObject } from '../context/json.ts';
import { InputRefusal, readInputFile, standardInputText } from './read-input.ts';
import { readProblem } from './read-problem.ts';
import { CfnMappingError, fromCfnProperties, ruleResources } from './cloudformation.ts';
import { parseCfnYaml, YamlSyntaxError } from './cfn-yaml.ts';

export type RuleShape = 'function' | 'function-string' | 'text' | 'create-rule' | 'create-rule-list' | 'describe-rule' | 'cloudformation';

/** What a rule input may be, for messages. */
export const ACCEPTED_SHAPES =
  'a rule Function (its JSON object, the escaped JSON string of it as DescribeRule returns it, or the readable text form), ' +
  'a CreateRule request body, a JSON array of CreateRule bodies, a DescribeRule response {"Rule": {...}}, ' +
  'a CloudFormation template (JSON or YAML) with AWS::Connect::Rule resources, or a folder of such files (.json, .txt or .rule for the text form, .yaml)';

/** A problem with what the user gave: the file and place, and what was expected. */
export class RuleInputError extends UserError {}

export interface RuleOrigin {
  /** The file as given (relative to the working directory), or `<text>` / `<stdin>`. */
  readonly file: string;
  readonly shape: RuleShape;
  /** Where in the file: `[2]` in a list, `Resources.RuleX` in a template. */
  readonly at?: string;
  /** The `.txt` file the Function was read from, beside the body's `.json`. */
  readonly functionFile?: string;
}

export interface RuleInput {
  /** Absent for a bare function. */
  readonly name?: string;
  /** `TriggerEventSource.EventSourceName` as written (checked by the consumer). */
  readonly source?: string;
  /** The Function as written: JSON text, or the readable text form. */
  readonly function: string;
  readonly form: FunctionForm;
  readonly actions?: unknown;
  readonly publishStatus?: unknown;
  readonly tags?: unknown;
  /** The rule as a CreateRule body, its Function as written; absent for a bare function. */
  readonly body?: Readonly<Record<string, unknown>>;
  readonly origin: RuleOrigin;
  /** What to name problems of the function by: `file` for a bare function (its lines are the file's). */
  readonly label: string;
}

export interface LoadResult {
  readonly rules: RuleInput[];
  /** Files of a folder that were skipped, by name. */
  readonly warnings: string[];
}

export interface LoadOptions {
  /** Relative paths and labels are resolved against this (default: the working directory). */
  readonly cwd?: string;
}

/** The fields of a CreateRule body (a DescribeRule response has more). */
const CREATE_RULE_FIELDS = ['Name', 'TriggerEventSource', 'Function', 'Actions', 'PublishStatus', 'Tags', 'PreEvaluationFilters'] as const;
/** A rule body has one of these (an event or a contact record has neither). */
const RULE_KEYS = ['TriggerEventSource', 'Function'];
/** A bare function has `RuleFunction`, or `Version` and nothing else (analysis files have a Version too). */
const isFunctionObject = (value: Record<string, unknown>) => 'RuleFunction' in value || Object.keys(value).join() === 'Version';

/** By extension, any case; `.rule` is the text form as `fmt` and the REPL's `.save` write it. */
const RULE_FILE_EXTENSIONS: Readonly<Record<string, 'json' | 'text' | 'yaml'>> = { '.json': 'json', '.txt': 'text', '.rule': 'text', '.yaml': 'yaml', '.yml': 'yaml' };
const EXTENSIONS_SHOWN = Object.keys(RULE_FILE_EXTENSIONS).join(', ');

/** Rules of a file, a folder, `-` (standard input) or the text itself (anything that is not an existing path and looks like content). */
export function loadRules(pathOrText: string, options: LoadOptions = {}): LoadResult {
  const cwd = options.cwd ?? process.cwd();
  if (pathOrText === '-') return loadRulesFromText(readStdin(), '<stdin>');
  const path = resolve(cwd, pathOrText);
  // A link that leads nowhere readable (a loop) is there too: reading it says why.
  if (pathOrText.length < 4096 && (existsSync(path) || isLink(path))) {
    const warnings: string[] = [];
    // Files are named as the user gave them (a folder's files under the name given for it).
    const label = pathOrText;
    if (isFolder(path)) {
      const rules = loadFolder(path, label, warnings);
      if (rules.length === 0) throw new RuleInputError(`${label}: no rule files in the folder; expected ${ACCEPTED_SHAPES}`);
      return { rules, warnings };
    }
    return { rules: rulesOfText(readFile(path, label), label, RULE_FILE_EXTENSIONS[extname(path).toLowerCase()] === 'text'), warnings };
  }
  if (/[\n{}[\]"]/.test(pathOrText) || /^\s*on\s/.test(pathOrText)) return loadRulesFromText(pathOrText, '<text>');
  throw new RuleInputError(`${pathOrText}: no such file or folder`);
}

/** Rules of a text (a file's content, standard input), named `label` in messages. */
export function loadRulesFromText(text: string, label: string): LoadResult {
  return { rules: rulesOfText(text, label, false), warnings: [] };
}

/**
 * The one function a command wants: a bare function, or the Function of the one rule
 * the input holds (or of the rule named `name`).
 */
export function loadOneFunction(pathOrText: string, options: LoadOptions & { name?: string } = {}): RuleInput & { warnings: string[] } {
  const { rules, warnings } = loadRules(pathOrText, options);
  const chosen = options.name === undefined ? rules : rules.filter((r) => r.name === options.name);
  // The one file that holds them, else (a folder's several files) the path as given: never a file that holds one of them.
  const files = new Set(rules.map((r) => r.origin.file));
  const where = files.size === 1 ? [...files][0]! : pathOrText;
  if (chosen.length === 1) return { ...chosen[0]!, warnings };
  const names = rules.map((r) => r.name ?? `(a bare function in ${r.origin.file})`).join(', ');
  if (chosen.length === 0) throw new RuleInputError(`${where}: no rule named ${JSON.stringify(options.name)}; it holds ${names}`);
  throw new RuleInputError(`${where}: holds ${rules.length} rules (${names}); one function is wanted here`);
}

/** The event source of a rule, when it names a known one. */
export function sourceOf(rule: RuleInput): EventSourceName | undefined {
  return rule.source !== undefined && isEventSourceName(rule.source) ? rule.source : undefined;
}

// ---------------------------------------------------------------------------

/** A symbolic link (false for what cannot be lstat'ed: a name too long is text, not a path). */
function isLink(path: string): boolean {
  try {
    return lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink() ?? false;
  } catch {
    return false;
  }
}

/** A folder (false for what cannot be stat'ed: a loop, a link to nothing; reading it words why). */
function isFolder(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
  } catch {
    return false;
  }
}

const folderId = (path: string): string => {
  const s = statSync(path);
  return `${s.dev}:${s.ino}`;
};

function readFile(path: string, label: string): string {
  try {
    return readInputFile(path, 'rules');
  } catch (err) {
    throw new RuleInputError(`${label}: ${readProblem(path, err)}`);
  }
}

function readStdin(): string {
  try {
    return standardInputText();
  } catch (err) {
    throw new RuleInputError(`-: ${err instanceof InputRefusal ? err.reason : `cannot read standard input (${(err as Error).message})`}`);
  }
}

function shapeError(where: string, what: string): RuleInputError {
  return new RuleInputError(`${where}: ${what}; expected ${ACCEPTED_SHAPES}`);
}

/** The rules of one file's text. `asText`: a `.txt` file, always the text form. */
function rulesOfText(raw: string, label: string, asText: boolean): RuleInput[] {
  const text = raw.replace(/^\uFEFF/, '');
  const first = /\S/.exec(text)?.[0];
  if (first === undefined) throw shapeError(label, 'empty');
  const binary = binaryAt(text);
  if (binary) throw new RuleInputError(`${label}: not a text file (${binary}); a rule is JSON, YAML or the readable text form`);
  if (asText) return [bareFunction(text, 'text', label)];
  if (first === '{' || first === '[' || first === '"') {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      // An object that does not parse is taken as a function: the grammar locates its syntax errors.
      if (first === '{') return [bareFunction(text, 'function', label)];
      throw new RuleInputError(jsonParseProblem(label, text, err));
    }
    refuseDuplicateKey(text, label);
    return rulesOfValue(value, label, text);
  }
  if (/^(AWSTemplateFormatVersion|Resources)\s*:/m.test(text)) {
    try {
      const template = parseCfnYaml(text, label);
      if (isObject(template)) return rulesOfTemplate(template, label);
      throw shapeError(label, `YAML that is ${describe(template)}`);
    } catch (err) {
      if (err instanceof YamlSyntaxError) throw new RuleInputError(err.message);
      throw err;
    }
  }
  return [bareFunction(text, 'text', label)];
}

function rulesOfValue(value: unknown, label: string, raw: string): RuleInput[] {
  if (typeof value === 'string') return [bareFunction(value, 'function-string', `${label} (Function string)`, label)];
  if (Array.isArray(value)) {
    if (value.length === 0) throw shapeError(label, 'an empty list');
    return value.map((item, i) => {
      const rule = isObject(item) ? ruleOfObject(item, label, `[${i}]`, 'create-rule-list') : undefined;
      if (!rule) throw shapeError(`${label}[${i}]`, `not a CreateRule body (${describe(item)})`);
      return rule;
    });
  }
  if (isObject(value)) {
    if ('Resources' in value || 'AWSTemplateFormatVersion' in value) return rulesOfTemplate(value, label);
    if (isFunctionObject(value)) return [bareFunction(raw, 'function', label)];
    const rule = ruleOfObject(value, label, undefined, 'create-rule');
    if (rule) return [rule];
  }
  throw shapeError(label, `not a rule input (${describe(value)})`);
}

function describe(value: unknown): string {
  if (isObject(value)) {
    const keys = Object.keys(value);
    return keys.length ? `an object with ${keys.slice(0, 6).join(', ')}${keys.length > 6 ? ', …' : ''}` : 'an empty object';
  }
  return Array.isArray(value) ? 'a list' : value === null ? 'null' : `a ${typeof value}`;
}

/** A CreateRule body or a DescribeRule response (`{"Rule": ...}`); undefined when it is neither. */
function ruleOfObject(value: Record<string, unknown>, file: string, at: string | undefined, shape: RuleShape): RuleInput | undefined {
  if (isObject(value.Rule) && Object.keys(value).every((k) => k === 'Rule' || k === '$metadata')) {
    const rule = value.Rule;
    const body = Object.fromEntries(CREATE_RULE_FIELDS.filter((k) => rule[k] !== undefined && !(k === 'Tags' && isObject(rule.Tags) && Object.keys(rule.Tags).length === 0)).map((k) => [k, rule[k]]));
    return ruleOfBody(body, file, at, 'describe-rule');
  }
  if (RULE_KEYS.some((k) => k in value)) return ruleOfBody(value, file, at, shape);
  return undefined;
}

function ruleOfBody(body: Record<string, unknown>, file: string, at: string | undefined, shape: RuleShape, functionFile?: string): RuleInput {
  const name = typeof body.Name === 'string' ? body.Name : undefined;
  const where = `${file}${at ? ` ${at}` : ''}`;
  let fn = body.Function;
  // The Function as an object (a convenience of hand-written files): the API takes its JSON text.
  if (isObject(fn)) fn = JSON.stringify(fn);
  if (typeof fn !== 'string') {
    throw new RuleInputError(`${where}: rule ${name ?? '(no Name)'} has ${fn === undefined ? 'no Function' : `a Function that is ${describe(fn)}, not a string`}`);
  }
  const trigger = isObject(body.TriggerEventSource) ? body.TriggerEventSource : undefined;
  return {
    ...(name !== undefined ? { name } : {}),
    ...(typeof trigger?.EventSourceName === 'string' ? { source: trigger.EventSourceName } : {}),
    function: fn,
    form: detectForm(fn),
    actions: body.Actions,
    publishStatus: body.PublishStatus,
    ...(body.Tags !== undefined ? { tags: body.Tags } : {}),
    body: { ...body, Function: fn },
    origin: { file, shape, ...(at ? { at } : {}), ...(functionFile ? { functionFile } : {}) },
    label: functionFile ?? `${where} (Function)`,
  };
}

function bareFunction(text: string, shape: RuleShape, label: string, file = label): RuleInput {
  return { function: text, form: shape === 'text' ? 'text' : detectForm(text), origin: { file, shape }, label };
}

function rulesOfTemplate(template: Record<string, unknown>, label: string): RuleInput[] {
  const resources = ruleResources(template);
  if (resources.length === 0) throw shapeError(label, 'a CloudFormation template without AWS::Connect::Rule resources');
  return resources.map(([logicalId, resource]) => {
    const at = `Resources.${logicalId}`;
    let body;
    try {
      body = fromCfnProperties(isObject(resource.Properties) ? resource.Properties : {}, `${label} ${at}`);
    } catch (err) {
      if (err instanceof CfnMappingError) throw new RuleInputError(err.message);
      throw err;
    }
    return ruleOfBody(body, label, at, 'cloudformation');
  });
}

/** The rule files of a folder and its subfolders, by name; `.txt` Functions joined to their `.json` bodies. */
function loadFolder(dir: string, dirLabel: string, warnings: string[]): RuleInput[] {
  const files: { path: string; label: string; kind: 'json' | 'text' | 'yaml' }[] = [];
  // The folders being walked, by device and inode: a link back to one of them is skipped, not walked forever.
  const open = new Set<string>();
  const walk = (folder: string) => {
    const id = folderId(folder);
    open.add(id);
    for (const name of readdirSync(folder).sort()) {
      const full = join(folder, name);
      const label = join(dirLabel, relative(dir, full));
      if (isFolder(full)) {
        if (open.has(folderId(full))) warnings.push(`${label}: skipped: a link back to a folder that holds it`);
        else if (!name.startsWith('.')) walk(full);
        continue;
      }
      const kind = RULE_FILE_EXTENSIONS[extname(name).toLowerCase()];
      if (kind) files.push({ path: full, label, kind });
      else warnings.push(`${label}: skipped: not a rule file (${EXTENSIONS_SHOWN})`);
    }
    open.delete(id);
  };
  walk(dir);
  const stem = (path: string) => join(resolve(path, '..'), basename(path, extname(path)));
  const texts = new Map(files.filter((f) => f.kind === 'text').map((f) => [stem(f.path), f]));
  const paired = new Set<string>();
  const rules: RuleInput[] = [];
  // By name, so `NAME.json` comes before its `NAME.txt`.
  for (const file of files) {
    if (file.kind === 'text') {
      if (!paired.has(file.path)) rules.push(...rulesOfText(readFile(file.path, file.label), file.label, true));
      continue;
    }
    const raw = readFile(file.path, file.label);
    const txt = file.kind === 'json' ? texts.get(stem(file.path)) : undefined;
    const parsed = txt ? safeParse(raw) : undefined;
    if (txt && isObject(parsed) && RULE_KEYS.some((k) => k in parsed)) {
      refuseDuplicateKey(raw, file.label);
      if (parsed.Function !== undefined) {
        throw new RuleInputError(`${file.label} and ${txt.label}: both hold the Function of rule ${String(parsed.Name)}; keep one (without Function in ${basename(file.label)}, ${basename(txt.label)} is its Function)`);
      }
      paired.add(txt.path);
      rules.push(ruleOfBody({ ...parsed, Function: readFile(txt.path, txt.label).replace(/^\uFEFF/, '') }, file.label, undefined, 'create-rule', txt.label));
      continue;
    }
    rules.push(...rulesOfText(raw, file.label, false));
  }
  return rules;
}

/**
 * A key written twice in one object of a rule file is refused where the second is
 * written: JSON.parse would keep the last without a word (a second `"PublishStatus"`
 * publishing a draft). The YAML form refuses the same (cfn-yaml.ts `uniqueKeys`).
 */
function refuseDuplicateKey(text: string, label: string): void {
  const dup = findDuplicateKey(text);
  if (dup) throw new RuleInputError(duplicateKeyProblem(label, text, dup));
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
}
