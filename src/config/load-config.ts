/**
 * `.seaworthy.yml`: read, validate against schema/config.v1.json, resolve. Every problem is a ConfigError that
 * names the file, the key path and what is allowed there.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { parseDocument } from 'yaml';
import { ConfigError } from '../errors.js';
import type { Archetype, Exposure, Severity } from '../model/report.js';
import { packageRoot } from '../util/package-root.js';
import { readInputFile } from '../util/read-input.js';

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
    validator = new Ajv({ allErrors: true, strict: false }).compile(schema);
  }
  return validator(data) ? [] : (validator.errors ?? []);
}

function describe(error: ErrorObject): { keyPath: string; message: string } {
  const base = error.instancePath === '' ? '' : error.instancePath.slice(1).replace(/\//g, '.');
  if (error.keyword === 'additionalProperties') {
    const extra = (error.params as { additionalProperty: string }).additionalProperty;
    return { keyPath: base ? `${base}.${extra}` : extra, message: `unknown key '${extra}'` };
  }
  if (error.keyword === 'enum') {
    const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.join(', ');
    return { keyPath: base, message: `must be one of: ${allowed}` };
  }
  return { keyPath: base, message: error.message ?? 'is invalid' };
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
    throw new ConfigError(`${shown} is not valid YAML: ${syntax.message.split('\n')[0] ?? ''}`, 'fix the YAML syntax at the position shown', shown, '');
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {};
  } catch (error) {
    // The yaml package refuses, with a ReferenceError, an alias without an anchor and aliases that expand too far (a "billion laughs").
    if (!(error instanceof ReferenceError)) throw error;
    throw new ConfigError(`${shown} is not usable YAML: ${error.message}`, 'define each anchor (&name) before its aliases (*name), and write values out rather than nesting aliases', shown, '');
  }
  const errors = validate(raw);
  const first = errors[0];
  if (first) {
    const { keyPath, message } = describe(first);
    throw new ConfigError(`${shown}: '${keyPath || '(top level)'}' ${message}`, 'see schema/config.v1.json for the allowed keys and values', shown, keyPath);
  }
  const config = raw as RawConfig;
  const rules: Record<string, RuleOverride> = {};
  for (const [rule, value] of Object.entries(config.rules ?? {})) {
    if (value === 'off') rules[rule] = { enabled: false };
    else if (typeof value === 'string') rules[rule] = { enabled: true, severity: value as Severity };
    else rules[rule] = { enabled: value.enabled ?? true, ...(value.severity ? { severity: value.severity } : {}) };
  }
  return {
    file: shown,
    components: config.components ?? [],
    rules,
    ignore: config.ignore ?? [],
    failOn: config['fail-on'] ?? null,
    maxFileSize: config['max-file-size'] ?? DEFAULT_MAX_FILE_SIZE,
  };
}
