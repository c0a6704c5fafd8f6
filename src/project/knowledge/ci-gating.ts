/**
 * Whether a CI step's failure fails the run: a job or step marked `continue-on-error` (GitHub) or `allow_failure`
 * (GitLab) reports but gates nothing. Credits for tests in CI count only steps that gate.
 */
import type { CiJob, CiStep } from '../inventory/ci.js';

export function gatesTheRun(job: CiJob, step: CiStep): boolean {
  return !job.continueOnError && !step.continueOnError && job.allowFailure !== true;
}
