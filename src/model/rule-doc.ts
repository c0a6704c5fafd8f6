/**
 * What a renderer may say about a rule beyond its findings: its descriptions and documentation. Built from the
 * rule catalogue by engine/rule-docs.ts (it reads docs.md) and handed to renderers, which stay pure.
 */
import type { Category, Confidence, Severity } from './report.js';

/** seaworthy's home: SARIF `informationUri`, and the base of the rule documentation links. */
export const REPOSITORY_URL = 'https://github.com/seaworthy-dev/seaworthy';

export interface RuleDoc {
  code: string;
  name: string;
  category: Category;
  /** Default severity and confidence. */
  severity: Severity;
  confidence: Confidence;
  title: string;
  /** One line: what the rule finds. */
  description: string;
  /** The rule's docs.md, Markdown. */
  docs: string;
  /** Security-relevant: in the security category, or marked `security: true` in its meta. */
  security: boolean;
  /** Where the documentation is published. */
  helpUri: string;
}
