import { defineRule } from '../../../engine/rule.js';
import type { CiJob, CiStep, CiWorkflow } from '../../../project/inventory/ci.js';

type MessageId = 'echoed' | 'credentialsBeforeThirdParty';

const SECRET_REF = /\$\{\{\s*secrets\.([A-Za-z0-9_]+)\s*\}\}/;
/** Commands that store a credential where later tools (and their dependencies) read it. */
const CREDENTIAL_WRITE =
  /\b(npm|pnpm|yarn)\s+config\s+set\b.*(_authToken|_auth\b|_password|npmAuthToken|token)|\bpoetry\s+config\s+(http-basic|pypi-token)|\bgit\s+config\b.*credential|>>?\s*["']?[~$\w{}./-]*(\.npmrc|\.pypirc|\.netrc|\.git-credentials|\.yarnrc\.yml|pip\.conf|\.docker\/config\.json|credentials(\.json)?)\b/;
/** Commands that run third-party code: dependency installation (lifecycle scripts), builds, tests. */
const THIRD_PARTY_CODE = /\b(npm|pnpm|yarn|bun)\s+(ci|install|i|test|t|run\s+(build|test|compile))\b|\b(pip3?|uv\s+pip)\s+install\b|\b(poetry|pdm)\s+install\b|\buv\s+sync\b|\bpytest\b|\btox\b|\bmake\b/;
const ECHO = /(^|[;&|]\s*|\s)(echo|printf)\s/;

/** Names of env variables (step, job, workflow) that carry a secret. */
function secretVars(step: CiStep, job: CiJob, workflow: CiWorkflow): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of [...workflow.env, ...job.env, ...step.env]) {
    const m = SECRET_REF.exec(e.value);
    if (m?.[1]) out.set(e.name, m[1]);
  }
  return out;
}

/** The secret a script line uses: `${{ secrets.X }}` or `$VAR` bound to one. */
function secretIn(line: string, vars: ReadonlyMap<string, string>): string | undefined {
  const direct = SECRET_REF.exec(line)?.[1];
  if (direct) return direct;
  for (const [name, secret] of vars) if (new RegExp(`\\$\\{?${name}\\b`).test(line)) return secret;
  return undefined;
}

/** The line prints the value to the log: an echo/printf not piped into another command nor redirected to a file. */
function printsValue(line: string): boolean {
  if (!ECHO.test(line)) return false;
  const afterEcho = line.slice(line.search(/\b(echo|printf)\b/));
  return !/\|(?!\|)/.test(afterEcho) && !/>/.test(afterEcho);
}

export default defineRule<MessageId>({
  meta: {
    code: 'CI008',
    name: 'secret-exposed-in-ci',
    category: 'ci',
    severity: 'medium',
    confidence: 'high',
    title: 'CI secret printed or left where third-party code can read it',
    description: 'A workflow prints a secret to the log, or writes a registry token into a credentials file or npm/pnpm config before steps that install dependencies, build or test — so every dependency\'s install script runs with it.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend', 'infra'],
    messages: {
      echoed: 'The run script prints `secrets.{{secret}}` to the build log (`{{command}}`): GitHub masks the exact value, but not an encoded, split or transformed copy, and logs outlive the token.',
      credentialsBeforeThirdParty: '{{step}} stores `secrets.{{secret}}` in the {{target}} before {{later}} ({{laterWhere}}): every dependency\'s install script and every test runs with the token readable.',
    },
    fix: 'Give the token only to the step that needs it (`env:` on the publish step), write the credentials file in that step or use the tool\'s token variable (`NODE_AUTH_TOKEN`, `TWINE_PASSWORD`) there; better, use trusted publishing (OIDC, `id-token: write`) so no long-lived token exists. Never echo a secret; pipe it (`echo "$T" | docker login --password-stdin`).',
    acceptance: 'No secret is printed, and no step before dependency installation, build or tests writes a secret where those steps can read it.',
    references: ['OpenSSF Scorecard Token-Permissions', 'zizmor secrets-outside-env', 'GitHub: security hardening for GitHub Actions (using secrets)', 'CWE-532', 'CWE-522'],
    status: 'stable',
    since: '0.1.0',
    security: true,
  },
  check({ project, report }) {
    for (const workflow of project.inventory.ci.workflows) {
      if (workflow.system !== 'github') continue;
      for (const job of workflow.jobs) {
        job.steps.forEach((step, index) => {
          if (!step.run) return;
          const vars = secretVars(step, job, workflow);
          const lines = step.run.split('\n');
          for (let i = 0; i < lines.length; i++) {
            const line = lines[i] ?? '';
            if (line.trim().startsWith('#')) continue;
            const secret = secretIn(line, vars);
            if (!secret) continue;
            const at = (step.runLine ?? step.line) + i;
            if (printsValue(line)) {
              report({ messageId: 'echoed', data: { secret, command: line.trim().slice(0, 80) }, path: workflow.path, line: at });
              continue;
            }
            if (!CREDENTIAL_WRITE.test(line)) continue;
            const sameStep = lines.slice(i + 1).findIndex((l) => THIRD_PARTY_CODE.test(l));
            const laterStep = job.steps.slice(index + 1).find((s) => s.kinds.some((k) => k === 'install' || k === 'build' || k === 'test'));
            const later = sameStep !== -1 ? { line: at + 1 + sameStep, kinds: [] as string[], text: lines[i + 1 + sameStep] ?? '' } : laterStep ? { line: laterStep.line, kinds: laterStep.kinds as string[], text: laterStep.run ?? '' } : undefined;
            if (!later) continue;
            const kind = later.kinds.includes('install') || /\b(ci|install|i|sync)\b/.test(later.text) ? 'dependencies are installed' : later.kinds.includes('build') || /\bbuild\b/.test(later.text) ? 'the build runs' : 'the tests run';
            const target = /config\s+set|npmAuthToken/.test(line) ? 'package manager\'s config' : /\.npmrc/.test(line) ? '`.npmrc`' : /\.pypirc/.test(line) ? '`.pypirc`' : 'credentials file';
            const untrusted = workflow.triggers.some((t) => t === 'pull_request_target');
            report({
              messageId: 'credentialsBeforeThirdParty',
              data: { step: step.name ? `Step "${step.name}"` : 'The run script', secret, target, later: kind, laterWhere: `${workflow.path}:${later.line}` },
              path: workflow.path,
              line: sameStep !== -1 ? at : step.line,
              endLine: at,
              related: [{ path: workflow.path, line: later.line }],
              severity: untrusted ? 'high' : 'medium',
            });
          }
        });
      }
    }
  },
});
