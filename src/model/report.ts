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
   * What is already right about the same thing, from the strength check this finding outweighs ("timeouts on 11 of
   * 12 calls"): a report never credits and reports the same thing. Optional.
   */
  doneRight?: string;
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

/** A good practice the code applies, credited by a strength check (src/strengths/), with the evidence. */
export interface Strength {
  /** Strength check name, e.g. `retry-with-backoff`. */
  id: string;
  /** Strength check code, e.g. `STR001`; stable, never reused. */
  code: string;
  category: Category;
  title: string;
  message: string;
  component: string;
  locations: Location[];
  /** Present (true) only with `--preview`, on credits of preview strength checks. */
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

/** Where a part of a component can be reached from: this machine only, the private network, or anyone. */
export type RoleExposure = 'local' | 'internal' | 'public';

/**
 * One thing a component is, with the evidence for it. A full-stack application is a `service` and a `frontend`;
 * a daemon with a web UI is a `worker` and a `service`. Files are judged by the rules of the part they belong to.
 */
export interface ComponentRole {
  archetype: Archetype;
  evidence: Evidence[];
  exposure?: RoleExposure;
}

/**
 * What changes what matters for a component beyond its archetype: a command that keeps the user's data
 * (`local-state`), loops over remote calls (`batch-remote`), moves money or deletes things, or runs for a long
 * time (a daemon, a `serve` subcommand, a scheduler, a watch loop).
 */
export type TraitName = 'long-running' | 'local-state' | 'batch-remote' | 'money-moving' | 'destructive';

export interface ComponentTrait {
  name: TraitName;
  /** One line: what it is (`serves HTTP on 127.0.0.1 by default`, `SQLite database in the user's data directory, with migrations`). */
  detail: string;
  evidence: Evidence[];
  exposure?: RoleExposure;
}

export interface ComponentProfile {
  path: string;
  name: string;
  /** The primary archetype: what the component is first (rules judge files outside any other part by it). */
  archetype: Archetype;
  confidence: Confidence;
  exposure: Exposure;
  evidence: Evidence[];
  /** Everything the component is, primary first, each with its evidence; absent when it is one thing. */
  roles?: ComponentRole[];
  traits?: ComponentTrait[];
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
  /** 0-100; null only when nothing was judged (see `nothingToJudge`). */
  overall: number | null;
  /** A-F; null only when nothing was judged. */
  grade: string | null;
  categories: Record<Category, CategoryScore>;
  /**
   * Present only when the audit judged nothing (no files, no file any rule reads, or no selected rule that applies
   * to the components found): why. There is then no score: `overall` and `grade` are null, every category null.
   */
  nothingToJudge?: string;
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
