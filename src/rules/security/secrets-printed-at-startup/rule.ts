import { defineRule } from '../../../engine/rule.js';
import { imageUses } from '../../../project/deployment/images.js';
import { scriptsRun } from '../../../project/deployment/security.js';
import type { Project } from '../../../project/project.js';

type MessageId = 'envFile' | 'environment' | 'secretVariable';

const JUDGED = new Set(['service', 'worker']);

interface Printed {
  messageId: MessageId;
  what: string;
}

/** `cat .env`, `cat /app/.env.production` — not inside `$(…)`, not redirected, not piped into something that consumes it. */
const CAT_ENV = /(?:^|[;&|]\s*|\s)cat\s+(?:-\w+\s+)*((?:\S*\/)?\.env(?:\.[\w.-]+)?)(?=$|[\s;&|])/;
/** `printenv`, `env`, `export`, `set`, `declare -x` alone (optionally piped into sort/cat/tee). */
const WHOLE_ENV = /^(printenv|env|export(?:\s+-p)?|set|declare\s+-[px])\s*(?:\|\s*(?:sort|cat|less|more)\s*)?$/;
const ECHO_SECRET = /\b(?:echo|printf)\b[^>|]*\$\{?([A-Za-z0-9_]*(?:PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?)[A-Za-z0-9_]*)\}?/i;
const CONSUMED = /\|\s*(xargs|while|read|export|source|eval|envsubst|sed\s.*>|awk\s.*>)|(^|[^2&])>\s*[^&\s]/;

/** What a shell command prints to stdout that it should not. */
function printedSecrets(command: string): Printed | null {
  const trimmed = command.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return null;
  const cat = CAT_ENV.exec(trimmed);
  if (cat?.[1] && !/\$\(|`/.test(trimmed.slice(0, cat.index + 1)) && !CONSUMED.test(trimmed)) return { messageId: 'envFile', what: cat[1] };
  if (WHOLE_ENV.test(trimmed)) return { messageId: 'environment', what: trimmed.split(/\s/)[0] ?? trimmed };
  const echo = ECHO_SECRET.exec(trimmed);
  if (echo?.[1] && !CONSUMED.test(trimmed)) return { messageId: 'secretVariable', what: echo[1] };
  return null;
}

interface StartCommand {
  /** Where the command or script line is. */
  path: string;
  line: number;
  command: string;
  /** Where it is started from, when that is elsewhere. */
  startedBy?: { path: string; line: number };
}

/** Split a command text or script into simple commands (lines, `&&`, `;`), keeping their line numbers. */
function commandsOf(text: string, path: string, firstLine: number, startedBy?: StartCommand['startedBy']): StartCommand[] {
  const out: StartCommand[] = [];
  text.split('\n').forEach((line, i) => {
    const wrapped = /^\s*(sh|bash)\s+-c\s+(["'])(.*)\2\s*$/.exec(line);
    for (const part of (wrapped?.[3] ?? line).split(/&&|;|\|\|/)) {
      const command = part.trim();
      if (command !== '') out.push(startedBy ? { path, line: firstLine + i, command, startedBy } : { path, line: firstLine + i, command });
    }
  });
  return out;
}

/** Every command that runs when a deployed container or process starts. */
function startCommands(project: Project): StartCommand[] {
  const out: StartCommand[] = [];
  for (const use of imageUses(project)) {
    if (use.purpose !== 'deploy' || !use.component || !JUDGED.has(use.component.archetype)) continue;
    for (const start of [use.final.entrypoint, use.final.cmd]) {
      if (!start) continue;
      out.push(...commandsOf(start.value, use.dockerfile.path, start.line));
      for (const script of scriptsRun(project, use, start.value)) {
        out.push(...commandsOf(project.readText(script) ?? '', script, 1, { path: use.dockerfile.path, line: start.line }));
      }
    }
  }
  for (const compose of project.inventory.infra.compose) {
    if (compose.purpose !== 'deploy') continue;
    for (const service of compose.services) {
      if (service.entrypoint) out.push(...commandsOf(service.entrypoint, compose.path, service.entrypointLine ?? service.line));
      if (service.command) out.push(...commandsOf(service.command, compose.path, service.commandLine ?? service.line));
    }
  }
  for (const entry of project.inventory.infra.procfiles) out.push(...commandsOf(entry.command, entry.path, entry.line));
  return out;
}

export default defineRule<MessageId>({
  meta: {
    code: 'SEC031',
    name: 'secrets-printed-at-startup',
    category: 'security',
    severity: 'high',
    confidence: 'high',
    title: 'Secrets printed to the logs at start-up',
    description: 'A container start script, entrypoint, compose command or Procfile command prints a secrets file or the environment to stdout, which goes to the logs.',
    archetypes: ['service', 'worker', 'infra'],
    messages: {
      envFile: '`{{command}}` prints `{{what}}` to stdout every time it starts: every secret in it (database URL, signing keys, API keys) lands in the container log and wherever logs are shipped.',
      environment: '`{{command}}` prints the whole environment at start-up: every secret passed as an environment variable lands in the logs.',
      secretVariable: '`{{command}}` prints `${{what}}` at start-up: the secret lands in the logs.',
    },
    fix: 'Remove the command (it is usually left-over debugging); to check configuration at start-up, print the variable names or a masked form, never the values.',
    acceptance: 'No start-up path prints a secrets file, the environment or a secret variable; the container log shows no secret values after a restart.',
    references: ['CWE-532: Insertion of Sensitive Information into Log File', 'CWE-200', 'OWASP Logging Cheat Sheet (data to exclude)'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    const seen = new Set<string>();
    for (const start of startCommands(project)) {
      const printed = printedSecrets(start.command);
      const key = `${start.path}:${start.line}`;
      if (!printed || seen.has(key)) continue;
      seen.add(key);
      report({
        messageId: printed.messageId,
        data: { command: start.command.slice(0, 80), what: printed.what },
        path: start.path,
        line: start.line,
        related: start.startedBy ? [start.startedBy] : [],
      });
    }
  },
});
