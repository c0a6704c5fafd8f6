/**
 * What a strength check is. A strength check credits a good practice that the code applies: one folder under
 * src/strengths/<category>/<name>/ with `check.ts` (this shape), `docs.md` and annotated fixtures (`credit:` where
 * it must credit, `ok:` where it must not). Checks read the project model, like rules, and run in the same engine
 * (engine/run-rules.ts); a check never reports findings.
 */
import type { Archetype, Category } from '../model/report.js';
import type { Project } from '../project/project.js';

/**
 * A rule whose findings say that the same thing is missing. A credit and such a finding about the same thing
 * cannot both be in a report: the finding wins, and the credit's message becomes the finding's "done right" note
 * (what part is already right). `component`: any finding of the rule in the credit's component; `file`: a finding
 * of the rule located in a file the credit cites.
 */
export interface Opposition {
  rule: string;
  scope: 'component' | 'file';
}

export interface StrengthMeta {
  /** `STR` + three digits; never reused. */
  code: string;
  /** kebab-case name of the practice that is present (`retry-with-backoff`). */
  name: string;
  category: Category;
  /** Title of a credit, e.g. "Retries with exponential backoff". */
  title: string;
  /** One line: what the check credits. Feeds `seaworthy rules --strengths`. */
  description: string;
  /** The exact condition under which it credits, in one or two sentences (docs.md explains it in full). */
  condition: string;
  /** Archetypes the check judges: credits in components of other archetypes are dropped. */
  archetypes: readonly Archetype[];
  opposes: readonly Opposition[];
  references: readonly string[];
  /** 'preview' checks credit only with `--preview`. */
  status: 'stable' | 'preview';
  since: string;
}

export interface CreditInput {
  /** What was done right, with counts and names, in one or two sentences. */
  message: string;
  /** Where the practice is applied (not only where a helper is defined). */
  path: string;
  line: number;
  endLine?: number;
  /** Further evidence: the definition behind an application, a second place, the CI step that runs it. */
  related?: Array<{ path: string; line: number; endLine?: number }>;
  /**
   * The practice is applied only in part ("timeouts on 11 of 12 calls"): never listed as a strength, only
   * attached to an opposing finding, which says what is missing.
   */
  partial?: boolean;
}

export interface StrengthContext {
  readonly project: Project;
  readonly credit: (input: CreditInput) => void;
}

export interface StrengthCheck {
  meta: StrengthMeta;
  check(context: StrengthContext): void;
}

export function defineStrength(check: StrengthCheck): StrengthCheck {
  return check;
}
