/**
 * `seaworthy explain --score [PATH]` — where every point went; `explain RULE` — a rule's documentation;
 * `explain FINGERPRINT [PATH]` — why that finding exists, its evidence, how to check it by hand, the fix.
 * With `--report FILE` the findings come from a saved JSON report instead of a new audit.
 */
import { audit } from '../../audit.js';
import { readRuleDocs } from '../../engine/rule-docs.js';
import { ruleIdCandidates, suggestRuleId } from '../../engine/rule-ids.js';
import { InputError, UsageError } from '../../errors.js';
import type { Report } from '../../model/report.js';
import { renderFindingExplanation, renderScoreExplanation } from '../../render/index.js';
import { loadReportFile } from '../../report/load-report-file.js';
import { RULES } from '../../rules/index.js';
import { SCORE_MODEL } from '../../score/model.js';
import { createProgress, type ProgressStream } from '../progress.js';
import { describeRule, findRule } from './rules.js';

export interface ExplainOptions {
  /** A rule name or code, a fingerprint (or a prefix of at least 6 characters), or the PATH with --score. */
  subject?: string;
  path?: string;
  score: boolean;
  /** A JSON report written by `seaworthy audit -o report.json`. */
  report?: string;
  jobs?: number;
}

const FINGERPRINT = /^[0-9a-f]{6,20}$/i;

async function loadReport(options: ExplainOptions, path: string, stderr: ProgressStream): Promise<Report> {
  if (options.report) return loadReportFile(options.report, 'the report', 'give a JSON report written by `seaworthy audit -o report.json`');
  const progress = createProgress(stderr);
  try {
    return (await audit({ path, ...(options.jobs ? { jobs: options.jobs } : {}), onProgress: progress.onProgress })).report;
  } finally {
    progress.done();
  }
}

export async function explainCommand(options: ExplainOptions, stderr: ProgressStream = process.stderr): Promise<string> {
  if (options.score) {
    if (options.path !== undefined) throw new UsageError('explain --score takes one PATH', 'e.g. seaworthy explain --score path/to/repo');
    const report = await loadReport(options, options.subject ?? '.', stderr);
    if (report.score.model !== SCORE_MODEL) {
      throw new InputError(`the report was scored by ${report.score.model}, this seaworthy uses ${SCORE_MODEL}`, 'audit again (without --report) to see the breakdown');
    }
    return renderScoreExplanation(report);
  }
  const subject = options.subject;
  if (!subject) throw new UsageError('explain needs a rule, a fingerprint or --score', 'e.g. seaworthy explain --score ., seaworthy explain ERR001, seaworthy explain 358ef06770297ce14ee8 .');
  const rule = findRule(subject);
  if (rule) {
    if (options.path !== undefined) throw new UsageError(`a rule needs no PATH (got ${options.path})`, `seaworthy explain ${subject}`);
    return describeRule(rule);
  }
  if (!FINGERPRINT.test(subject)) {
    throw new UsageError(
      `'${subject}' is neither a rule nor a fingerprint`,
      `${suggestRuleId(subject, ruleIdCandidates(RULES, false))}give a rule name or code (seaworthy rules lists them), a fingerprint from a report, or --score`,
    );
  }
  const path = options.path ?? '.';
  const report = await loadReport(options, path, stderr);
  const prefix = subject.toLowerCase();
  const matches = report.findings.filter((f) => f.fingerprint.startsWith(prefix));
  if (matches.length === 0) {
    throw new UsageError(
      `no finding with fingerprint ${subject} in ${options.report ?? path}`,
      'fingerprints are listed by `seaworthy audit PATH --verbose` and in review.md; a fingerprint changes when the text of the flagged line changes',
    );
  }
  if (matches.length > 1) throw new UsageError(`fingerprint prefix ${subject} matches ${matches.length} findings`, `give more characters, e.g. ${matches.map((f) => f.fingerprint).slice(0, 3).join(', ')}`);
  const finding = matches[0] as Report['findings'][number];
  const ruleOfFinding = findRule(finding.id);
  return renderFindingExplanation(report, finding, ruleOfFinding ? readRuleDocs(ruleOfFinding) : undefined);
}
