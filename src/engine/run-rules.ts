/**
 * Run rules and strength checks over the project model: one engine for both. Each rule or check runs in
 * isolation: one that throws becomes an entry in errors[] and the others still run. A finding or credit is kept
 * when the rule or check judges the archetype of the part of the component its file belongs to (a full-stack
 * application's API routes are its service, its React components its front end) and the role of the file (code
 * of the opt-in roles — dev, vendored, benchmark, template — only when a rule asks for it). The rule's non-goal
 * text is listed for components none of whose parts it judges. Last, credits and findings about the same thing
 * are reconciled (reconcile.ts).
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

export interface RuleRun {
  findings: RawFinding[];
  strengths: RawStrength[];
  nonGoals: NonGoal[];
  errors: AnalysisError[];
}

function related(list: ReportInput<string>['related'] | CreditInput['related']): RawFinding['related'] {
  return (list ?? []).map((r) => ({ path: r.path, line: r.line, endLine: r.endLine ?? r.line }));
}

/**
 * Does a rule or check judge this file? Code of the opt-in roles (dev, vendored, benchmark, template) only when it
 * asks for the role; otherwise when it judges the archetype of the part of the component the file belongs to.
 */
function judges(project: Project, archetypes: readonly string[], roles: readonly string[], path: string): { ok: boolean; component: string } {
  const role = project.file(path)?.role;
  if (role && OPT_IN_ROLES.includes(role) && !roles.includes(role)) return { ok: false, component: '.' };
  const component = project.componentOf(path);
  if (!component) return { ok: true, component: '.' };
  const archetype = project.archetypeAt(path) ?? component.archetype;
  return { ok: archetypes.includes(archetype), component: component.path };
}

export function runRules(project: Project, rules: readonly Rule[], checks: readonly StrengthCheck[] = []): RuleRun {
  const run: RuleRun = { findings: [], strengths: [], nonGoals: [], errors: [] };
  for (const rule of rules) {
    const applies = (path: string): { ok: boolean; component: string } => judges(project, rule.meta.archetypes, rule.meta.roles ?? [], path);
    const context = {
      project,
      report(input: ReportInput<string>): void {
        const where = applies(input.path);
        if (!where.ok) return;
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
        run.nonGoals.push({
          id: rule.meta.name,
          code: rule.meta.code,
          category: rule.meta.category,
          component: component.path,
          archetype: component.archetype,
          reason: rule.meta.nonGoal,
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
