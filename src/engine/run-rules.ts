/**
 * Run rules and strength checks over the project model: one engine for both. Each rule or check runs in
 * isolation: one that throws becomes an entry in errors[] and the others still run. A finding or credit is kept
 * when the rule or check judges the archetype of the part of the component its file belongs to (a full-stack
 * application's API routes are its service, its React components its front end) and the role of the file (code
 * of the opt-in roles — dev, vendored, benchmark, template — only when a rule asks for it). The rule's non-goal
 * text is listed for components none of whose parts it judges. Last, credits and findings about the same thing
 * are reconciled (reconcile.ts).
 * A rule's non-goal carries the places the rule would have reported there as its evidence (the pattern a
 * reviewer would react to is there, and deliberately not judged).
 */
import type { AnalysisError, Confidence, NonGoal, Severity } from '../model/report.js';
import { OPT_IN_ROLES } from '../project/file-roles.js';
import type { Project } from '../project/project.js';
import { reconcile } from './reconcile.js';
import { formatMessage, type ReportInput, type Rule } from './rule.js';
import type { CreditInput, StrengthCheck } from './strength.js';

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
  /** What is already right about the same thing: the message of a credit this finding outweighed. */
  doneRight?: { check: string; message: string };
}

export interface RawStrength {
  check: StrengthCheck;
  message: string;
  component: string;
  path: string;
  line: number;
  endLine: number;
  related: Array<{ path: string; line: number; endLine: number }>;
  preview: boolean;
  /** Applied only in part: listed only as the "done right" note of an opposing finding. */
  partial: boolean;
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

function related(list: ReportInput<string>['related'] | CreditInput['related']): RawFinding['related'] {
  return (list ?? []).map((r) => ({ path: r.path, line: r.line, endLine: r.endLine ?? r.line }));
}

/** Code of an opt-in role (dev, vendored, benchmark, template) that the rule does not ask for. */
function excludedByRole(project: Project, roles: readonly string[], path: string): boolean {
  const role = project.file(path)?.role;
  return role !== undefined && OPT_IN_ROLES.includes(role) && !roles.includes(role);
}

/**
 * Does a rule or check judge this file? Code of the opt-in roles (dev, vendored, benchmark, template) only when it
 * asks for the role; otherwise when it judges the archetype of the part of the component the file belongs to.
 */
function judges(project: Project, archetypes: readonly string[], roles: readonly string[], path: string): { ok: boolean; component: string } {
  if (excludedByRole(project, roles, path)) return { ok: false, component: '.' };
  const component = project.componentOf(path);
  if (!component) return { ok: true, component: '.' };
  const archetype = project.archetypeAt(path) ?? component.archetype;
  return { ok: archetypes.includes(archetype), component: component.path };
}

export function runRules(project: Project, rules: readonly Rule[], checks: readonly StrengthCheck[] = []): RuleRun {
  const run: RuleRun = { findings: [], strengths: [], nonGoals: [], errors: [] };
  for (const rule of rules) {
    /** Per component path: what the rule would have reported there had it applied (preview cases not counted). */
    const dropped = new Map<string, Dropped>();
    const applies = (path: string): { ok: boolean; component: string } => judges(project, rule.meta.archetypes, rule.meta.roles ?? [], path);
    const context = {
      project,
      report(input: ReportInput<string>): void {
        const where = applies(input.path);
        if (!where.ok) {
          if (rule.meta.status !== 'preview' && input.preview !== true && !excludedByRole(project, rule.meta.roles ?? [], input.path)) {
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
    };
    try {
      rule.check(context);
    } catch (error) {
      run.errors.push({ path: '.', kind: 'analysis-failed', message: `rule ${rule.meta.name} failed and was skipped: ${(error as Error).message}` });
    }
    if (rule.meta.nonGoal) {
      for (const component of project.components) {
        // An infra component holds no code: a code rule's reason for not applying says nothing about it.
        if (project.rolesOf(component).some((a) => rule.meta.archetypes.includes(a)) || component.archetype === 'infra') continue;
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
  for (const check of checks) {
    const seen = new Set<string>();
    const context = {
      project,
      credit(input: CreditInput): void {
        const where = judges(project, check.meta.archetypes, [], input.path);
        // One credit per place: two routes to the same evidence are one strength.
        const key = `${input.path}:${input.line}`;
        if (!where.ok || seen.has(key)) return;
        seen.add(key);
        run.strengths.push({
          check,
          message: input.message,
          component: where.component,
          path: input.path,
          line: input.line,
          endLine: Math.max(input.line, input.endLine ?? input.line),
          related: related(input.related),
          preview: check.meta.status === 'preview',
          partial: input.partial === true,
        });
      },
    };
    try {
      check.check(context);
    } catch (error) {
      run.errors.push({ path: '.', kind: 'analysis-failed', message: `strength check ${check.meta.name} failed and was skipped: ${(error as Error).message}` });
    }
  }
  return reconcile(run);
}
