/** `--baseline FILE`: a JSON report written by an earlier `seaworthy audit --format json` (or `-o report.json`). */
import { loadReportFile } from '../report/load-report-file.js';
import { baselineEntries, type Baseline } from './apply.js';

const HINT = 'give a JSON report written by `seaworthy audit --format json > baseline.json` (or `-o baseline.json`)';

export function loadBaselineFile(file: string): Baseline {
  const report = loadReportFile(file, 'the baseline', HINT);
  return { source: 'file', name: file, ...(report.target.commit ? { commit: report.target.commit } : {}), entries: baselineEntries(report) };
}
