/** `--baseline FILE`: a JSON report written by an earlier `seaworthy audit --format json` (or `-o report.json`). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { InputError } from '../errors.js';
import { SCHEMA_VERSION, type Report } from '../model/report.js';
import { packageRoot } from '../util/package-root.js';
import { baselineEntries, type Baseline } from './apply.js';

const HINT = 'give a JSON report written by `seaworthy audit --format json > baseline.json` (or `-o baseline.json`)';

let validator: ReturnType<Ajv['compile']> | null = null;

function validate(data: unknown): string | null {
  if (!validator) {
    const schema = JSON.parse(readFileSync(join(packageRoot(), 'schema', 'report.v1.json'), 'utf8')) as object;
    validator = new Ajv({ allErrors: false, strict: false }).compile(schema);
  }
  if (validator(data)) return null;
  const first = validator.errors?.[0];
  return first ? `'${first.instancePath || '(top level)'}' ${first.message ?? 'is invalid'}` : 'is invalid';
}

export function loadBaselineFile(file: string): Baseline {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`cannot read the baseline ${file} (${code ?? 'error'})`, code === 'ENOENT' ? HINT : 'check that the file is readable');
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InputError(`the baseline ${file} is not JSON: ${(error as Error).message}`, HINT);
  }
  const version = (data as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== SCHEMA_VERSION) {
    throw new InputError(`the baseline ${file} is not a schemaVersion ${SCHEMA_VERSION} seaworthy report (schemaVersion: ${JSON.stringify(version) ?? 'missing'})`, HINT);
  }
  const problem = validate(data);
  if (problem) throw new InputError(`the baseline ${file} is not a valid seaworthy report: ${problem}`, HINT);
  const report = data as Report;
  return { source: 'file', name: file, ...(report.target.commit ? { commit: report.target.commit } : {}), entries: baselineEntries(report) };
}
