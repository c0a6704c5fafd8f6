/**
 * Assemble the report: evidence snippets, fingerprints, configuration overrides, ordering, score. Deterministic:
 * nothing here depends on time, the machine or the order files were read in.
 */
import type { ResolvedConfig } from '../config/load-config.js';
import { fingerprintAll } from '../engine/fingerprint.js';
import type { Rule } from '../engine/rule.js';
import type { RawFinding, RuleRun } from '../engine/run-rules.js';
import { withoutDirective } from '../engine/suppress.js';
import {
  CATEGORIES,
  SCHEMA_VERSION,
  SEVERITIES,
  type AnalysisError,
  type Category,
  type Finding,
  type Location,
  type NonGoal,
  type Report,
  type Score,
  type Strength,
  type SuppressedFinding,
} from '../model/report.js';
import { collectSecrets } from '../project/knowledge/secrets.js';
import { profileOf } from '../project/profile.js';
import type { Project } from '../project/project.js';
import { SCORE_MODEL, scoreFindings, unanalysedPaths } from '../score/model.js';
import { maskKnown } from '../redact/mask.js';
import { VERSION } from '../version.js';
import { ruleGuidance } from './guidance.js';
import { nothingToJudge } from './nothing-to-judge.js';
import { forLanguageOf } from './language-text.js';
import { SnippetReader } from './snippets.js';
import { suppressFindings } from './suppressions.js';
import { byCodePoint } from '../util/order.js';

export interface BuildReportInput {
  targetPath: string;
  commit?: string;
  project: Project;
  rules: readonly Rule[];
  /** Every rule an inline suppression may name (default: `rules`). */
  catalogue?: readonly Rule[];
  run: RuleRun;
  errors: readonly AnalysisError[];
  metrics: Record<string, unknown>;
  config: ResolvedConfig;
  /** Keep the findings and strengths of preview rules and sub-cases (marked, never scored); default: drop them. */
  preview?: boolean;
}

const SEVERITY_RANK = Object.fromEntries(SEVERITIES.map((s, i) => [s, i])) as Record<string, number>;

function byPathLine(a: { path: string; line: number }, b: { path: string; line: number }): number {
  return byCodePoint(a.path, b.path) || a.line - b.line;
}

function compareFindings(a: Finding, b: Finding): number {
  const la = a.locations[0] as Location;
  const lb = b.locations[0] as Location;
  return (
    (SEVERITY_RANK[a.severity] ?? 9) - (SEVERITY_RANK[b.severity] ?? 9) ||
    byPathLine(la, lb) ||
    byCodePoint(a.code, b.code) ||
    byCodePoint(a.message, b.message)
  );
}

/** Categories some selected rule judges for some component: the others are not applicable. */
export function applicableCategories(rules: readonly Rule[], project: Project): Set<Category> {
  const archetypes = new Set(project.components.map((c) => c.archetype));
  return new Set(rules.filter((r) => r.meta.archetypes.some((a) => archetypes.has(a))).map((r) => r.meta.category));
}

/** The score of an audit that judged nothing: none, with the reason. */
function unscored(reason: string): Score {
  const categories = Object.fromEntries(CATEGORIES.map((c) => [c, { score: null, findings: 0 }])) as Score['categories'];
  return { model: SCORE_MODEL, overall: null, grade: null, categories, nothingToJudge: reason };
}

export function buildReport(input: BuildReportInput): Report {
  const { project, run, config } = input;
  const snippets = new SnippetReader(project.root, collectSecrets(project.files));
  const location = (path: string, line: number, endLine: number, secrets: readonly string[] = []): Location => ({
    path,
    line,
    endLine,
    snippet: snippets.line(path, line, secrets),
  });

  const { findings: all, suppressedBy } = suppressFindings({
    project,
    findings: run.findings,
    rules: input.rules,
    catalogue: input.catalogue ?? input.rules,
    lineText: (path, line) => snippets.source(path, line),
  });
  // Preview findings are dropped after suppressions are matched, so that a directive covering one is not "unused".
  const raw = all.filter((f) => input.preview === true || !f.preview).sort((a, b) => byPathLine(a, b) || byCodePoint(a.rule.meta.code, b.rule.meta.code));
  // Suppressed findings keep the fingerprint they had before the comment was added.
  const fingerprints = fingerprintAll(
    raw.map((f) => ({
      code: f.rule.meta.code,
      path: f.path,
      scope: project.functionAt(f.path, f.line)?.qualifiedName ?? '',
      snippet: withoutDirective(snippets.source(f.path, f.line)),
    })),
  );
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  raw.forEach((f: RawFinding, i) => {
    const override = config.rules[f.rule.meta.name] ?? config.rules[f.rule.meta.code];
    const finding: Finding = {
      id: f.rule.meta.name,
      code: f.rule.meta.code,
      category: f.rule.meta.category,
      severity: override?.severity ?? f.severity,
      confidence: f.confidence,
      title: f.rule.meta.title,
      message: maskKnown(f.message, f.secrets),
      component: f.component,
      locations: [location(f.path, f.line, f.endLine, f.secrets), ...f.related.map((r) => location(r.path, r.line, r.endLine, f.secrets))],
      fingerprint: fingerprints[i] ?? '',
      fix: f.fix ?? forLanguageOf(f.path, f.rule.meta.fixFor) ?? f.rule.meta.fix,
      references: [...f.rule.meta.references],
      ...ruleGuidance(f.rule, f.path),
      ...(f.doneRight ? { doneRight: f.doneRight.message } : {}),
      ...(f.preview ? { preview: true as const } : {}),
    };
    const directive = suppressedBy.get(f);
    if (directive) suppressed.push({ ...finding, suppression: { kind: 'inline', reason: directive.reason, path: directive.path, line: directive.line } });
    else findings.push(finding);
  });
  findings.sort(compareFindings);
  suppressed.sort(compareFindings);

  const strengths: Strength[] = run.strengths
    .filter((s) => input.preview === true || !s.preview)
    .map((s) => ({
      id: s.check.meta.name,
      code: s.check.meta.code,
      category: s.check.meta.category,
      title: s.check.meta.title,
      message: s.message,
      component: s.component,
      locations: [location(s.path, s.line, s.endLine), ...s.related.map((r) => location(r.path, r.line, r.endLine))],
      ...(s.preview ? { preview: true as const } : {}),
    }))
    .sort((a, b) => byCodePoint(a.category, b.category) || byPathLine(a.locations[0] as Location, b.locations[0] as Location) || byCodePoint(a.title, b.title));

  const nonGoals: NonGoal[] = run.nonGoals
    .map((n) => ({ ...n, evidence: n.evidence.map((e) => location(e.path, e.line, e.endLine)) }))
    .sort((a, b) => byCodePoint(a.component, b.component) || byCodePoint(a.code, b.code));
  const errors = [...input.errors, ...run.errors].sort(
    (a, b) => byCodePoint(a.path, b.path) || (a.line ?? 0) - (b.line ?? 0) || byCodePoint(a.kind, b.kind) || byCodePoint(a.message, b.message),
  );
  const applicable = applicableCategories(input.rules, project);
  const unanalysed = unanalysedPaths(errors);
  // A file that could not be analysed was something to judge: its score is 0 (docs/scoring.md), not none.
  const nothing = unanalysed.length > 0 ? undefined : nothingToJudge(project, findings.length + suppressed.length + strengths.length, applicable);
  const score: Score = nothing === undefined ? scoreFindings(findings, applicable, unanalysed).score : unscored(nothing);
  const target: Report['target'] = { path: input.targetPath };
  if (input.commit) target.commit = input.commit;
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'seaworthy', version: VERSION },
    target,
    profile: profileOf(project),
    score,
    findings,
    strengths,
    nonGoals,
    metrics: input.metrics,
    errors,
    suppressed,
  };
}
