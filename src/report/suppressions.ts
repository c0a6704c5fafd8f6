/**
 * Apply the inline suppression comments to the rules' findings (engine/suppress.ts does the matching), and turn
 * directives that name an unknown rule or match nothing into findings of `ineffective-suppression`, when that
 * rule is selected. Findings of that rule are never suppressed themselves.
 */
import { formatMessage, type Rule } from '../engine/rule.js';
import type { RawFinding } from '../engine/run-rules.js';
import { applySuppressions, directivesIn, isCommentOnly, type DirectiveId, type SuppressionDirective } from '../engine/suppress.js';
import type { Project } from '../project/project.js';

export const SUPPRESSION_RULE = 'ineffective-suppression';

export interface SuppressFindingsInput {
  project: Project;
  findings: readonly RawFinding[];
  /** Rules that ran. */
  rules: readonly Rule[];
  /** Every rule a directive may name. */
  catalogue: readonly Rule[];
  /** Trimmed text of a source line. */
  lineText: (path: string, line: number) => string;
}

export interface SuppressFindingsResult {
  /** Every finding, including the ones suppressed and the ones about ineffective directives. */
  findings: RawFinding[];
  /** The directive that suppressed each suppressed finding. */
  suppressedBy: Map<RawFinding, SuppressionDirective>;
}

function directiveFinding(rule: Rule, project: Project, messageId: 'unused' | 'unknownRule', { directive, id }: DirectiveId): RawFinding {
  const template = rule.meta.messages[messageId] ?? messageId;
  return {
    rule,
    messageId,
    message: formatMessage(template, { id, next: directive.standalone ? ' or the next' : '' }),
    severity: messageId === 'unused' ? 'info' : rule.meta.severity,
    confidence: rule.meta.confidence,
    component: project.componentOf(directive.path)?.path ?? '.',
    path: directive.path,
    line: directive.line,
    endLine: directive.line,
    related: [],
    secrets: [],
    preview: rule.meta.status === 'preview',
  };
}

export function suppressFindings(input: SuppressFindingsInput): SuppressFindingsResult {
  const { project } = input;
  const directives = project.files.flatMap((file) =>
    directivesIn(file).map((d) => ({ ...d, standalone: isCommentOnly(input.lineText(d.path, d.line)) })),
  );
  const suppressible = input.findings.filter((f) => f.rule.meta.name !== SUPPRESSION_RULE);
  const outcome = applySuppressions({ findings: suppressible, directives, selected: input.rules, known: input.catalogue });
  const selfRule = input.rules.find((r) => r.meta.name === SUPPRESSION_RULE);
  const generated = selfRule
    ? [
        ...outcome.unknown.map((u) => directiveFinding(selfRule, project, 'unknownRule', u)),
        ...outcome.unused.map((u) => directiveFinding(selfRule, project, 'unused', u)),
      ]
    : [];
  return {
    findings: [...input.findings, ...generated],
    suppressedBy: new Map(outcome.suppressed.map(({ finding, directive }) => [finding, directive])),
  };
}
