/**
 * What a rule is. A rule is one folder under src/rules/<category>/<name>/ with `rule.ts` (this shape),
 * `docs.md` and annotated fixtures. Rules read the project model (facts + components), never syntax trees. Rules
 * report what is missing; what is done right is credited by the strength checks (engine/strength.ts).
 */
import type { FileRole } from '../facts/types.js';
import type { Archetype, Category, Confidence, Severity } from '../model/report.js';
import type { Project } from '../project/project.js';

export interface RuleMeta<MessageId extends string> {
  /** Category prefix + three digits (`ERR001`); never reused. */
  code: string;
  /** kebab-case name of the problem (`broad-exception-swallowed`). */
  name: string;
  category: Category;
  severity: Severity;
  confidence: Confidence;
  /** Short title of a finding, e.g. "HTTP call without a timeout". */
  title: string;
  /** One line: what the rule finds. Feeds `seaworthy rules` and SARIF shortDescription. */
  description: string;
  /** Archetypes the rule judges. Findings in components of other archetypes are dropped. */
  archetypes: readonly Archetype[];
  /**
   * Roles of code that never runs in production (`dev`, `vendored`, `benchmark`, `template`) the rule also judges;
   * findings in files of the other such roles are dropped. Production code and the roles a rule selects itself
   * (tests, scripts, config) are unaffected.
   */
  roles?: readonly FileRole[];
  /** Why the rule is deliberately not applied to the other archetypes; listed as a non-goal for them. */
  nonGoal?: string;
  /** The reason for one archetype, where `nonGoal` is written for another (a library is not a one-shot CLI). */
  nonGoalFor?: Partial<Record<Archetype, string>>;
  /** Message templates, with `{{placeholders}}`: what happened, in one sentence. */
  messages: Record<MessageId, string>;
  /** What to do, in one or two sentences. */
  fix: string;
  /** The fix for findings in one language's files, where the advice differs (Python vs JavaScript/TypeScript). */
  fixFor?: LanguageText;
  /** The impact for one language's files, where the rule's docs ("Why is this bad?") speak of the other. */
  impactFor?: LanguageText;
  /** How to know the fix is done. */
  acceptance: string;
  /** ruff/bandit/pylint/ESLint/CWE ids and URLs. */
  references: readonly string[];
  /**
   * 'stable' rules earned their place by measured precision on the labelled corpus (docs/precision.md); 'preview'
   * rules are shown only with `--preview` and never scored.
   */
  status: 'stable' | 'preview';
  since: string;
  /**
   * A rule outside the security category whose findings are security weaknesses all the same (a container running
   * as root, a secret exposed in CI): tagged `security` in SARIF, with a security-severity, like security rules.
   */
  security?: true;
}

/** Text for findings in Python files and in JavaScript/TypeScript files. */
export interface LanguageText {
  python?: string;
  javascript?: string;
}

export interface ReportInput<MessageId extends string> {
  messageId: MessageId;
  data?: Record<string, string | number>;
  path: string;
  line: number;
  endLine?: number;
  /** Further evidence, e.g. the place the fix belongs or a second occurrence in the same flow. */
  related?: Array<{ path: string; line: number; endLine?: number }>;
  severity?: Severity;
  confidence?: Confidence;
  /** Values to mask wherever they would be printed (message, snippets). */
  secrets?: readonly string[];
  /**
   * A sub-case of a stable rule that has not yet earned its place on the labelled corpus (a severity tier, a
   * language): shown only with `--preview`, never scored. A rule whose `meta.status` is 'preview' needs no flag.
   */
  preview?: boolean;
  /** The fix for this case when it differs from `meta.fix` (another language, another situation). */
  fix?: string;
}

export interface RuleContext<MessageId extends string> {
  readonly project: Project;
  readonly report: (input: ReportInput<MessageId>) => void;
}

export interface Rule<MessageId extends string = string> {
  meta: RuleMeta<MessageId>;
  check(context: RuleContext<MessageId>): void;
}

/** Typed factory: a misspelled message id fails to compile. */
export function defineRule<MessageId extends string>(rule: Rule<MessageId>): Rule<MessageId> {
  return rule;
}

/** Fill `{{name}}` placeholders; unknown names are left visible so that tests catch them. */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole));
}
