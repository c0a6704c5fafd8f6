/**
 * Run rules over the project model. Each rule runs in isolation: one that throws becomes an entry in
 * errors[] and the others still run. A finding is kept when the rule judges the archetype of the part of the
 * component its file belongs to (a full-stack application's API routes are its service, its React components its
 * front end) and the role of the file (code of the opt-in roles — dev, vendored, benchmark, template — only when
 * the rule asks for it). The rule's non-goal text is listed for components none of whose parts it judges.
 */
import type { AnalysisError, Confidence, NonGoal, Severity } from '../model/report.js';
import { OPT_IN_ROLES } from '../project/file-roles.js';
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

export interface RuleRun {
  findings: RawFinding[];
  strengths: RawStrength[];
  nonGoals: NonGoal[];
  errors: AnalysisError[];
}

function related(list: ReportInput<string>['related']): RawFinding['related'] {
  return (list ?? []).map((r) => ({ path: r.path, line: r.line, endLine: r.endLine ?? r.line }));
}

export function runRules(project: Project, rules: readonly Rule[]): RuleRun {
  const run: RuleRun = { findings: [], strengths: [], nonGoals: [], errors: [] };
  for (const rule of rules) {
    const judgedRoles = rule.meta.roles ?? [];
    const applies = (path: string): { ok: boolean; component: string } => {
      const role = project.file(path)?.role;
      if (role && OPT_IN_ROLES.includes(role) && !judgedRoles.includes(role)) return { ok: false, component: '.' };
      const component = project.componentOf(path);
      if (!component) return { ok: true, component: '.' };
      const archetype = project.archetypeAt(path) ?? component.archetype;
      return { ok: rule.meta.archetypes.includes(archetype), component: component.path };
    };
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
  return run;
}
