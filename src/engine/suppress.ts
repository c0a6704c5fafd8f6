/**
 * Inline suppressions: `# seaworthy: ignore[rule-id] reason` and `// seaworthy: ignore[rule-id] reason`. Pure.
 *
 * - The comment must start with the directive (after its `#` or `//`); block comments and prose that merely
 *   mention it are not directives.
 * - Rule ids are names or codes, comma-separated, matched exactly (case-insensitively); spaces inside the
 *   brackets are allowed and never widen the list. There is no wildcard: `ignore` without `[...]`, an empty
 *   list or an id that is not a rule name/code is malformed and suppresses nothing.
 * - A reason is required: a directive without one suppresses nothing.
 * - A directive covers findings on its own line and, when it stands alone on its line, on the next line.
 */
import type { FileFacts } from '../facts/types.js';
import { pushTo } from '../util/group.js';

export type DirectiveProblem = 'malformed' | 'no-reason';

export interface SuppressionDirective {
  path: string;
  /** 1-based line of the comment. */
  line: number;
  /** Rule ids as written (trimmed); empty when malformed. */
  ids: string[];
  /** Why the findings are accepted; '' when missing. */
  reason: string;
  /** Set when the directive suppresses nothing because of how it is written. */
  problem: DirectiveProblem | null;
  /** The comment is alone on its line, so it also covers the next line. */
  standalone: boolean;
}

/** `seaworthy:` right after the comment marker; Dockerfile comment facts come without their `#`. */
const DIRECTIVE = /^(?:#+|\/\/+)?\s*seaworthy\s*:\s*ignore\b(.*)$/i;
const LIST_AND_REASON = /^\s*\[([^\]]*)\](.*)$/;
const RULE_ID = /^[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*$/;
/** Separators people put between the list and the reason: `ignore[X] - reason`, `ignore[X]: reason`. */
const LEADING_SEPARATORS = /^[\s\-–—:]+/;
const HAS_WORD = /[\p{L}\p{N}]/u;

/** Parse one comment's text; null when it is not a seaworthy directive at all. */
export function parseDirective(text: string): Pick<SuppressionDirective, 'ids' | 'reason' | 'problem'> | null {
  const match = DIRECTIVE.exec(text.trim());
  if (!match) return null;
  const rest = LIST_AND_REASON.exec(match[1] ?? '');
  if (!rest) return { ids: [], reason: '', problem: 'malformed' };
  const ids = (rest[1] ?? '').split(',').map((id) => id.trim());
  if (ids.some((id) => !RULE_ID.test(id))) return { ids: [], reason: '', problem: 'malformed' };
  const reason = (rest[2] ?? '').replace(LEADING_SEPARATORS, '').trim();
  return { ids, reason: HAS_WORD.test(reason) ? reason : '', problem: HAS_WORD.test(reason) ? null : 'no-reason' };
}

/** The directives in one file's comments, in line order. `standalone` is false: only the caller sees the lines. */
export function directivesIn(file: FileFacts): SuppressionDirective[] {
  const out: SuppressionDirective[] = [];
  for (const comment of file.comments) {
    const parsed = parseDirective(comment.text);
    if (parsed) out.push({ path: file.path, line: comment.line, ...parsed, standalone: false });
  }
  return out;
}

/** A source line (trimmed) holds only a comment: `#…` or `//…`. */
export function isCommentOnly(lineText: string): boolean {
  return /^(?:#|\/\/)/.test(lineText.trim());
}

/** A trailing directive removed from a line, so that adding one does not change a finding's fingerprint. */
export function withoutDirective(lineText: string): string {
  return lineText.replace(/\s*(?:#+|\/\/+)\s*seaworthy\s*:\s*ignore\b.*$/i, '');
}

export interface RuleIdentity {
  meta: { name: string; code: string };
}

export function namesRule(id: string, rule: RuleIdentity): boolean {
  return id.toLowerCase() === rule.meta.name || id.toUpperCase() === rule.meta.code;
}

export interface Suppressible {
  rule: RuleIdentity;
  path: string;
  line: number;
}

export interface SuppressionInput<F extends Suppressible> {
  findings: readonly F[];
  directives: readonly SuppressionDirective[];
  /** Rules that ran: a directive naming one of them that matched nothing is unused. */
  selected: readonly RuleIdentity[];
  /** Every rule a directive may name (the catalogue). */
  known: readonly RuleIdentity[];
}

export interface DirectiveId {
  directive: SuppressionDirective;
  id: string;
}

export interface SuppressionOutcome<F> {
  kept: F[];
  suppressed: Array<{ finding: F; directive: SuppressionDirective }>;
  /** Ids of rules that ran and produced no finding the directive covers. */
  unused: DirectiveId[];
  /** Ids that name no rule. */
  unknown: DirectiveId[];
}

function covers(directive: SuppressionDirective, finding: Suppressible): boolean {
  if (directive.problem || directive.path !== finding.path) return false;
  if (directive.line !== finding.line && !(directive.standalone && directive.line + 1 === finding.line)) return false;
  return directive.ids.some((id) => namesRule(id, finding.rule));
}

export function applySuppressions<F extends Suppressible>(input: SuppressionInput<F>): SuppressionOutcome<F> {
  const byPath = new Map<string, SuppressionDirective[]>();
  for (const d of input.directives) pushTo(byPath, d.path, d);
  const used = new Set<string>();
  const usedKey = (d: SuppressionDirective, id: string): string => `${d.path}\u0000${d.line}\u0000${id}`;
  const outcome: SuppressionOutcome<F> = { kept: [], suppressed: [], unused: [], unknown: [] };

  for (const finding of input.findings) {
    // A directive on the finding's own line wins over one on the line before.
    const candidates = (byPath.get(finding.path) ?? []).filter((d) => covers(d, finding)).sort((a, b) => b.line - a.line);
    const directive = candidates[0];
    if (!directive) {
      outcome.kept.push(finding);
      continue;
    }
    for (const id of directive.ids) if (namesRule(id, finding.rule)) used.add(usedKey(directive, id));
    outcome.suppressed.push({ finding, directive });
  }

  for (const directive of input.directives) {
    if (directive.problem) continue;
    for (const id of directive.ids) {
      if (!input.known.some((r) => namesRule(id, r)) && !input.selected.some((r) => namesRule(id, r))) outcome.unknown.push({ directive, id });
      else if (input.selected.some((r) => namesRule(id, r)) && !used.has(usedKey(directive, id))) outcome.unused.push({ directive, id });
    }
  }
  return outcome;
}
