/** The hand-made report every renderer test reads (test/data/report.json). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '../../src/model/report.js';

export const REPORT_FILE = join(import.meta.dirname, '..', 'data', 'report.json');

export function loadReport(): Report {
  return JSON.parse(readFileSync(REPORT_FILE, 'utf8')) as Report;
}
