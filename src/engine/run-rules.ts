/**
 * Run rules over the project model. Each rule runs in isolation: one that throws becomes an entry in
 * errors[] and the others still run. Findings in components whose archetype a rule does not judge are
 * dropped here; the rule's non-goal text is listed for those components instead, with the places the rule would
 * have reported as its evidence (the pattern a reviewer would react to is there, and deliberately not judged).
 */
import type { AnalysisError, Confidence, NonGoal, Severity } from '../model/report.js';
import type { Project } from '../project/project.js';
import { formatMessage, type ReportInput, type Rule, type StrengthInput } from './rule.js';

export interface RawFinding {
  rule: Rule;
  messageId: string;
  message: string;
  severity: Severity;
  confidence: Confidence;
  component: string;
  path: string;
  line: number;
  endLine: number;
  related: Array<{ path: string; line: number; endLine: number }>;
  secrets: readonly string[];
  /** Shown only with `--preview`, never scored: the rule or this sub-case of it is in preview. */
  preview: boolean;
  /** The case's own fix, when it differs from the rule's. */
  fix?: string;
}

export interface RawStrength {
  rule: Rule;
  title: string;
  message: string;
  component: string;
  path: string;
  line: number;
  endLine: number;
  related: Array<{ path: string; line: number; endLine: number }>;
  preview: boolean;
}

/** A non-goal as the engine records it: evidence as raw places, snippets are added by the report. */
export interface RawNonGoal extends Omit<NonGoal, 'evidence'> {
  evidence: Array<{ path: string; line: number; endLine: number }>;
}

export interface RuleRun {
  findings: RawFinding[];
  strengths: RawStrength[];
  nonGoals: RawNonGoal[];
  errors: AnalysisError[];
}

/** Places kept as evidence of one non-goal; `matches` counts them all. */
const NON_GOAL_EVIDENCE = 3;

interface Dropped {
  matches: number;
  places: RawNonGoal['evidence'];
}

function related(list: ReportInput<string>['related']): RawFinding['related'] {
  return (list ?? []).map((r) => ({ path: r.path, line: r.line, endLine: r.endLine ?? r.line }));
}

export function runRules(project: Project, rules: readonly Rule[]): RuleRun {
  const run: RuleRun = { findings: [], strengths: [], nonGoals: [], errors: [] };
  for (const rule of rules) {
    /** Per component path: what the rule would have reported there had it applied (preview cases not counted). */
    const dropped = new Map<string, Dropped>();
    const applies = (path: string): { ok: boolean; component: string } => {
      const component = project.componentOf(path);
      if (!component) return { ok: true, component: '.' };
      return { ok: rule.meta.archetypes.includes(component.archetype), component: component.path };
    };
    const context = {
      project,
      report(input: ReportInput<string>): void {
        const where = applies(input.path);
        if (!where.ok) {
          if (rule.meta.status !== 'preview' && input.preview !== true) {
            const d = dropped.get(where.component) ?? { matches: 0, places: [] };
            d.matches += 1;
            if (d.places.length < NON_GOAL_EVIDENCE) d.places.push({ path: input.path, line: input.line, endLine: Math.max(input.line, input.endLine ?? input.line) });
            dropped.set(where.component, d);
          }
          return;
        }
        const template = rule.meta.messages[input.messageId];
        if (template === undefined) throw new Error(`rule ${rule.meta.name} has no message '${input.messageId}'`);
        run.findings.push({
          rule,
          messageId: input.messageId,
          message: formatMessage(template, input.data),
          severity: input.severity ?? rule.meta.severity,
          confidence: input.confidence ?? rule.meta.confidence,
          component: where.component,
          path: input.path,
          line: input.line,
          endLine: Math.max(input.line, input.endLine ?? input.line),
          related: related(input.related),
          secrets: input.secrets ?? [],
          preview: rule.meta.status === 'preview' || input.preview === true,
          ...(input.fix ? { fix: input.fix } : {}),
        });
      },
      strength(input: StrengthInput): void {
        const where = applies(input.path);
        if (!where.ok) return;
        run.strengths.push({
          rule,
          title: input.title,
          message: input.message,
          component: where.component,
          path: input.path,
          line: input.line,
          endLine: Math.max(input.line, input.endLine ?? input.line),
          related: related(input.related),
          preview: rule.meta.status === 'preview',
        });
      },
    };
    try {
      rule.check(context);
    } catch (error) {
      run.errors.push({ path: '.', kind: 'analysis-failed', message: `rule ${rule.meta.name} failed and was skipped: ${(error as Error).message}` });
    }
    if (rule.meta.nonGoal) {
      for (const component of project.components) {
        // An infra component holds no code: a code rule's reason for not applying says nothing about it.
        if (rule.meta.archetypes.includes(component.archetype) || component.archetype === 'infra') continue;
        const d = dropped.get(component.path);
        run.nonGoals.push({
          id: rule.meta.name,
          code: rule.meta.code,
          category: rule.meta.category,
          component: component.path,
          archetype: component.archetype,
          reason: rule.meta.nonGoalFor?.[component.archetype] ?? rule.meta.nonGoal,
          appliesTo: [...rule.meta.archetypes],
          matches: d?.matches ?? 0,
          evidence: d?.places ?? [],
        });
      }
    }
  }
  return run;
}
