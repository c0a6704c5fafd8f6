/**
 * The report: seaworthy's public output contract (schemaVersion 1, see schema/report.v1.json and DESIGN.md).
 * Renderers read only this. Change it only by adding optional fields, or by bumping SCHEMA_VERSION.
 */

export const SCHEMA_VERSION = 1;

export const CATEGORIES = [
  'error-handling',
  'timeouts',
  'retries',
  'resilience',
  'database',
  'security',
  'concurrency',
  'validation',
  'testing',
  'observability',
  'infrastructure',
  'ci',
  'dependencies',
  'config',
  'docs',
  'debt',
  'bug',
  'api-design',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const SEVERITIES = ['blocker', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CONFIDENCES = ['high', 'medium', 'low'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

export const ARCHETYPES = ['service', 'worker', 'cli', 'library', 'frontend', 'infra'] as const;
export type Archetype = (typeof ARCHETYPES)[number];

export type Exposure = 'public' | 'internal';

export interface Location {
  /** Relative to the target root, forward slashes. */
  path: string;
  /** 1-based. */
  line: number;
  endLine: number;
  snippet: string;
}

export interface Finding {
  /** Rule name, e.g. `http-call-without-timeout`. */
  id: string;
  /** Rule code, e.g. `TMO001`; stable, never reused. */
  code: string;
  category: Category;
  severity: Severity;
  confidence: Confidence;
  title: string;
  message: string;
  /** Path of the component the finding belongs to ('.' for the repository root). */
  component: string;
  locations: Location[];
  fingerprint: string;
  fix: string;
  references: string[];
  /** Set when the report was compared with a baseline (`--baseline`, `--baseline-ref`). */
  baselineState?: BaselineState;
  /** What goes wrong in production because of it (the rule's "Why is this bad?", first paragraph). Optional. */
  impact?: string;
  /** How to know the fix is done (the rule's acceptance criteria). Optional. */
  acceptance?: string;
  /**
   * Present (true) only in reports made with `--preview`, on findings of rules (or sub-cases) that have not yet
   * earned stable status by measured precision: listed, marked, never scored.
   */
  preview?: true;
}

/** `new`: not in the baseline (counts for `--fail-on`); `unchanged`: matched one baseline entry one-to-one. */
export type BaselineState = 'new' | 'unchanged';

/** A finding silenced by an inline `seaworthy: ignore[rule-id] reason` comment. */
export interface SuppressedFinding extends Finding {
  suppression: {
    kind: 'inline';
    reason: string;
    /** Where the comment is. */
    path: string;
    line: number;
  };
}

/** A baseline finding that the current audit no longer reports. */
export interface BaselineEntry {
  id: string;
  code: string;
  severity: Severity;
  title: string;
  fingerprint: string;
  path: string;
  line: number;
}

export interface BaselineSummary {
  /** A JSON report file (`--baseline`) or an audit of a git ref (`--baseline-ref`). */
  source: 'file' | 'ref';
  /** The file as given, or the ref. */
  name: string;
  /** The commit the baseline describes, when known. */
  commit?: string;
  new: number;
  unchanged: number;
  fixed: number;
  fixedFindings: BaselineEntry[];
}

export interface Strength {
  id: string;
  code: string;
  category: Category;
  title: string;
  message: string;
  component: string;
  locations: Location[];
  /** Present (true) only with `--preview`, on strengths of preview rules. */
  preview?: true;
}

export interface NonGoal {
  id: string;
  code: string;
  category: Category;
  component: string;
  archetype: Archetype;
  reason: string;
  /** The archetypes the rule judges: the component would be judged by it if it became one of these. */
  appliesTo?: Archetype[];
  /**
   * How many places in this component the rule would have reported had it applied: the pattern a reviewer would
   * react to is present there. 0 when the rule found nothing to react to (the non-goal is then only a formality).
   */
  matches?: number;
  /** The first few of those places, with snippets. */
  evidence?: Location[];
}

export interface Evidence {
  path: string;
  line: number | null;
  detail: string;
}

export interface ComponentProfile {
  path: string;
  name: string;
  archetype: Archetype;
  confidence: Confidence;
  exposure: Exposure;
  evidence: Evidence[];
  languages: string[];
  frameworks: string[];
  entryPoints: Evidence[];
  manifests: string[];
  /** Set when `.seaworthy.yml` fixed the archetype or exposure. */
  configured?: boolean;
}

export interface CategoryScore {
  /** 0-10, or null when nothing in the category applies. */
  score: number | null;
  findings: number;
}

export interface Score {
  model: string;
  overall: number;
  grade: string;
  categories: Record<Category, CategoryScore>;
  /**
   * Files (or folders, or `.` for a rule that failed) that could not be analysed: errors[] of kind
   * `analysis-failed` or `unreadable`. Present only when there are some; the overall score is then 0
   * (docs/scoring.md, "Incomplete analysis").
   */
  unanalysed?: string[];
}

export type ErrorKind =
  | 'unreadable'
  | 'invalid-utf8'
  | 'too-large'
  | 'binary'
  | 'syntax-error'
  | 'symlink-loop'
  | 'symlink-outside-root'
  | 'analysis-failed'
  | 'config';

export interface AnalysisError {
  path: string;
  kind: ErrorKind;
  message: string;
  line?: number;
}

export interface Report {
  schemaVersion: typeof SCHEMA_VERSION;
  tool: { name: 'seaworthy'; version: string };
  target: { path: string; commit?: string };
  profile: { components: ComponentProfile[]; [inventory: string]: unknown };
  score: Score;
  findings: Finding[];
  strengths: Strength[];
  nonGoals: NonGoal[];
  metrics: Record<string, unknown>;
  errors: AnalysisError[];
  /** Findings silenced inline, with their reasons; not in `findings[]` and not scored. */
  suppressed?: SuppressedFinding[];
  /** Present when the findings were compared with a baseline. */
  baseline?: BaselineSummary;
}
