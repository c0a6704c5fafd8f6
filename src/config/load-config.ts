/**
 * `.seaworthy.yml`: read, validate against schema/config.v1.json, resolve. Every problem is a ConfigError that
 * names the file, the key path and what is allowed there.
 */
import { existsSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, posix, sep } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { isMap, isNode, isScalar, parseDocument, type Document } from 'yaml';
import { ConfigError } from '../errors.js';
import type { Archetype, Exposure, Severity } from '../model/report.js';
import { currentRuleId, suggestRuleId } from '../engine/rule-ids.js';
import { packageRoot } from '../util/package-root.js';
import { readInputFile } from '../util/read-input.js';
import { LineIndex, didYouMean } from '../util/text.js';

export const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;
export const CONFIG_FILES = ['.seaworthy.yml', '.seaworthy.yaml'];
/** A configuration is a few kilobytes; past this it is refused before it is read. */
export const CONFIG_MAX_BYTES = 1024 * 1024;
/** YAML aliases the configuration may use (each expands to a copy of its anchor): enough for sharing a list, not for a bomb. */
const MAX_ALIAS_COUNT = 100;

export interface RuleOverride {
  enabled: boolean;
  severity?: Severity;
}

export interface ResolvedConfig {
  /** Path of the file read, relative to the target, or null when none. */
  file: string | null;
  components: Array<{ path: string; archetype?: Archetype; exposure?: Exposure }>;
  rules: Record<string, RuleOverride>;
  ignore: string[];
  failOn: Severity | 'none' | null;
  maxFileSize: number;
}

interface RawConfig {
  components?: Array<{ path: string; archetype?: Archetype; exposure?: Exposure }>;
  rules?: Record<string, string | { severity?: Severity; enabled?: boolean }>;
  ignore?: string[];
  'fail-on'?: Severity | 'none';
  'max-file-size'?: number;
}

export function emptyConfig(): ResolvedConfig {
  return { file: null, components: [], rules: {}, ignore: [], failOn: null, maxFileSize: DEFAULT_MAX_FILE_SIZE };
}

let validator: ReturnType<Ajv['compile']> | null = null;

function validate(data: unknown): ErrorObject[] {
  if (!validator) {
    const schema = JSON.parse(readFileSync(join(packageRoot(), 'schema', 'config.v1.json'), 'utf8')) as object;
    // verbose: each error carries the schema it broke, whose `properties` are the keys allowed there.
    validator = new Ajv({ allErrors: true, strict: false, verbose: true }).compile(schema);
  }
  return validator(data) ? [] : (validator.errors ?? []);
}

interface Problem {
  /** Segments of the key path (`['components', 0, 'archetype']`). */
  path: Array<string | number>;
  /** What is wrong; `{key}` stands for the quoted key path. */
  message: string;
  hint: string;
}

const SCHEMA_HINT = 'see schema/config.v1.json for the allowed keys and values';

function describe(error: ErrorObject): Problem {
  const path = error.instancePath === '' ? [] : error.instancePath.slice(1).split('/').map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, '/').replace(/~0/g, '~')));
  if (error.keyword === 'additionalProperties') {
    const extra = (error.params as { additionalProperty: string }).additionalProperty;
    const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
    if (path.length === 1 && path[0] === 'rules') {
      return { path: [...path, extra], message: `unknown rule '${extra}'`, hint: `${suggestRuleId(extra, allowed)}\`seaworthy rules\` lists the rule codes and names` };
    }
    const close = didYouMean(extra, allowed);
    return { path: [...path, extra], message: 'unknown key {key}', hint: `${close ? `did you mean '${close}'? ` : ''}${SCHEMA_HINT}` };
  }
  if (error.keyword === 'enum') {
    const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map(String);
    return { path, message: `{key} must be one of: ${allowed.join(', ')}`, hint: SCHEMA_HINT };
  }
  return { path, message: `{key} ${error.message ?? 'is invalid'}`, hint: SCHEMA_HINT };
}

/** Line and column (1-based) of an offset in the text. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const lines = new LineIndex(text);
  const line = lines.lineOf(offset);
  return { line, column: offset - lines.startOf(line) + 1 };
}

/** `file:line:column` of an offset in the text, for messages an editor can jump to. */
function position(shown: string, text: string, offset: number | undefined): string {
  if (offset === undefined) return shown;
  const { line, column } = lineColumn(text, offset);
  return `${shown}:${line}:${column}`;
}

/** Where a key path starts in the document: the key itself for an unknown key, else its value, else its nearest parent. */
function offsetOf(doc: Document, path: ReadonlyArray<string | number>, isUnknownKey: boolean): number | undefined {
  if (isUnknownKey && path.length > 0) {
    const container = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
    const last = path[path.length - 1];
    const pair = isMap(container) ? container.items.find((p) => isScalar(p.key) && p.key.value === last) : undefined;
    if (pair && isScalar(pair.key)) return pair.key.range?.[0];
  }
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node)) return node.range?.[0];
  }
  return undefined;
}

/**
 * A component's path, relative to the audited folder and normalised (`api`, `.` for the root); a path that
 * leaves the folder (`../x`, `/etc`, a symbolic link out) or is not a folder in it is a mistake, not a component.
 */
function componentPath(root: string, raw: string): { ok: true; path: string } | { ok: false; message: string; hint: string } {
  const normal = posix.normalize(raw.replace(/\\/g, '/')).replace(/\/+$/, '') || '.';
  if (isAbsolute(raw) || normal === '..' || normal.startsWith('../')) {
    return { ok: false, message: `component path '${raw}' lies outside the audited folder`, hint: 'give a folder inside the audited folder, relative to it (`.` for the folder itself)' };
  }
  const absolute = join(root, normal);
  let info;
  try {
    info = statSync(absolute);
  } catch {
    const parent = posix.dirname(normal);
    let siblings: string[];
    try {
      siblings = readdirSync(join(root, parent), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => (parent === '.' ? e.name : `${parent}/${e.name}`));
    } catch {
      siblings = [];
    }
    const close = didYouMean(normal, siblings.sort());
    return { ok: false, message: `component path '${raw}' does not exist in the audited folder`, hint: `${close ? `did you mean '${close}'? ` : ''}component paths are folders relative to the audited folder` };
  }
  if (!info.isDirectory()) return { ok: false, message: `component path '${raw}' is a file, not a folder`, hint: 'a component is a folder: give the folder that holds its code' };
  const realRoot = realpathSync(root);
  const real = realpathSync(absolute);
  if (real !== realRoot && !real.startsWith(realRoot + sep)) {
    return { ok: false, message: `component path '${raw}' lies outside the audited folder (a symbolic link to ${real})`, hint: 'give a folder inside the audited folder' };
  }
  return { ok: true, path: normal };
}

/** Find and load the configuration: `explicit` (from --config), or `.seaworthy.yml` or `.seaworthy.yaml` in the target. */
export function loadConfig(targetRoot: string, explicit?: string): ResolvedConfig {
  const candidates = explicit ? [explicit] : CONFIG_FILES.map((f) => join(targetRoot, f));
  const present = candidates.filter((c) => existsSync(c));
  if (present.length > 1) {
    throw new ConfigError(`both ${CONFIG_FILES.join(' and ')} exist in the audited folder`, 'keep one of them (seaworthy will not guess which one you meant)', CONFIG_FILES.join(', '), '');
  }
  const path = present[0];
  if (!path) {
    if (explicit) throw new ConfigError(`configuration file ${explicit} does not exist`, 'check the path given to --config', explicit, '');
    return emptyConfig();
  }
  const shown = explicit ?? path.slice(targetRoot.length + 1);
  const read = readInputFile(path, CONFIG_MAX_BYTES);
  if (!read.ok) {
    const hint = read.code ? 'check the file permissions' : 'give the path of a .seaworthy.yml file (a few kilobytes of YAML)';
    throw new ConfigError(`the configuration ${shown} ${read.reason}`, hint, shown, '');
  }
  const doc = parseDocument(read.text, { prettyErrors: false });
  const syntax = doc.errors[0];
  if (syntax) {
    const { line, column } = lineColumn(read.text, syntax.pos[0]);
    throw new ConfigError(`${shown}:${line}:${column}: not valid YAML: ${syntax.message.split('\n')[0] ?? ''}`, `fix the YAML syntax at line ${line}, column ${column}`, shown, '');
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {};
  } catch (error) {
    // The yaml package refuses, with a ReferenceError, an alias without an anchor and aliases that expand too far (a "billion laughs").
    if (!(error instanceof ReferenceError)) throw error;
    throw new ConfigError(`${shown} is not usable YAML: ${error.message}`, 'define each anchor (&name) before its aliases (*name), and write values out rather than nesting aliases', shown, '');
  }
  const first = validate(raw)[0];
  if (first) {
    const { path: keys, message, hint } = describe(first);
    const keyPath = keys.join('.');
    const where = position(shown, read.text, offsetOf(doc, keys, first.keyword === 'additionalProperties'));
    throw new ConfigError(`${where}: ${message.replace('{key}', `'${keyPath || '(top level)'}'`)}`, hint, shown, keyPath);
  }
  const config = raw as RawConfig;
  const components = (config.components ?? []).map((component, i) => {
    const checked = componentPath(targetRoot, component.path);
    if (checked.ok) return { ...component, path: checked.path };
    const keyPath = `components.${i}.path`;
    const where = position(shown, read.text, offsetOf(doc, ['components', i, 'path'], false));
    throw new ConfigError(`${where}: ${checked.message}`, checked.hint, shown, keyPath);
  });
  const rules: Record<string, RuleOverride> = {};
  for (const [key, value] of Object.entries(config.rules ?? {})) {
    // A former name (rules/redirects.ts) configures the rule it became.
    const rule = currentRuleId(key);
    if (value === 'off') rules[rule] = { enabled: false };
    else if (typeof value === 'string') rules[rule] = { enabled: true, severity: value as Severity };
    else rules[rule] = { enabled: value.enabled ?? true, ...(value.severity ? { severity: value.severity } : {}) };
  }
  return {
    file: shown,
    components,
    rules,
    ignore: config.ignore ?? [],
    failOn: config['fail-on'] ?? null,
    maxFileSize: config['max-file-size'] ?? DEFAULT_MAX_FILE_SIZE,
  };
}
