/**
 * A saved JSON report read back as input (`--baseline FILE`, `explain --report FILE`): size-capped, a regular
 * file only (util/read-input.ts), and validated against schema/report.v1.json before anything reads it, so a
 * malformed or foreign file is refused with exit 2 and a hint rather than crashing a renderer.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { InputError } from '../errors.js';
import { SCHEMA_VERSION, type Report } from '../model/report.js';
import { packageRoot } from '../util/package-root.js';
import { readInputFile } from '../util/read-input.js';

/** A report of a very large repository is tens of megabytes; past this it is refused before it is read. */
export const REPORT_MAX_BYTES = 128 * 1024 * 1024;

let validator: ValidateFunction | null = null;

/** The first schema violation as `'/json/pointer' message`, or null for a valid report. */
function schemaProblem(data: unknown): string | null {
  if (!validator) {
    const schema = JSON.parse(readFileSync(join(packageRoot(), 'schema', 'report.v1.json'), 'utf8')) as object;
    validator = new Ajv({ allErrors: false, strict: false }).compile(schema);
  }
  if (validator(data)) return null;
  const first = validator.errors?.[0];
  return first ? `'${first.instancePath || '(top level)'}' ${first.message ?? 'is invalid'}` : 'is invalid';
}

/**
 * Read and validate the report in `file`. `role` names it in messages ("the baseline", "the report"); `hint`
 * says how to write a good one.
 */
export function loadReportFile(file: string, role: string, hint: string): Report {
  const read = readInputFile(file, REPORT_MAX_BYTES);
  if (!read.ok) {
    if (read.code) throw new InputError(`cannot read ${role} ${file} (${read.code})`, read.code === 'ENOENT' ? hint : 'check that the file is readable');
    throw new InputError(`${role} ${file} ${read.reason}`, hint);
  }
  let data: unknown;
  try {
    data = JSON.parse(read.text);
  } catch (error) {
    throw new InputError(`${role} ${file} is not JSON: ${(error as Error).message}`, hint);
  }
  const version = (data as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== SCHEMA_VERSION) {
    throw new InputError(`${role} ${file} is not a schemaVersion ${SCHEMA_VERSION} seaworthy report (schemaVersion: ${JSON.stringify(version) ?? 'missing'})`, hint);
  }
  const problem = schemaProblem(data);
  if (problem) throw new InputError(`${role} ${file} is not a valid seaworthy report: ${problem}`, hint);
  return data as Report;
}
