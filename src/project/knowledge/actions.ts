/**
 * GitHub Actions references as written in workflows (`uses: owner/repo@ref` on steps and on jobs that call a
 * reusable workflow), and the workflow linters that audit them. Shared by the rule that reports references on a
 * moving ref and the check that credits references all pinned to commit SHAs.
 */
import type { CiJob, CiStep, CiWorkflow } from '../inventory/ci.js';

export interface ActionUse {
  workflow: CiWorkflow;
  job: CiJob;
  step?: CiStep;
  value: string;
  action: string;
  ref: string;
  line: number;
}

/** A full commit SHA: the only reference its owner cannot move. */
export const COMMIT_SHA = /^[0-9a-f]{40}$/;

function parse(workflow: CiWorkflow, job: CiJob, step: CiStep | undefined, value: string, line: number): ActionUse[] {
  if (value.startsWith('./') || value.startsWith('docker://')) return [];
  const at = value.lastIndexOf('@');
  // GitHub refuses a remote action without `@ref`: such a line is a broken or templated reference, not a moving one.
  if (at === -1) return [];
  return [{ workflow, job, value, action: value.slice(0, at), ref: value.slice(at + 1), line, ...(step ? { step } : {}) }];
}

/** Remote action and reusable-workflow references of a workflow (local `./` actions and `docker://` images excluded). */
export function actionUses(workflow: CiWorkflow): ActionUse[] {
  const out: ActionUse[] = [];
  for (const job of workflow.jobs) {
    if (job.uses) out.push(...parse(workflow, job, undefined, job.uses.value, job.uses.line));
    for (const step of job.steps) if (step.uses) out.push(...parse(workflow, job, step, step.uses, step.usesLine ?? step.line));
  }
  return out;
}

/** A CI step that runs a workflow linter (zizmor, actionlint, OpenSSF Scorecard). */
export function workflowLinterStep(workflows: readonly CiWorkflow[]): { path: string; line: number; tool: string } | undefined {
  for (const w of workflows) {
    for (const j of w.jobs) {
      for (const s of j.steps) {
        const tool = /\b(zizmor|actionlint|scorecard)/i.exec(`${s.uses ?? ''} ${s.run ?? ''}`)?.[1];
        if (tool) return { path: w.path, line: s.usesLine ?? s.runLine ?? s.line, tool: tool.toLowerCase() };
      }
    }
  }
  return undefined;
}
