import type { CodeFacts } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import type { Project } from '../../../project/project.js';
import { maskSecret } from '../../../redact/mask.js';
import { SEED_PATH } from '../shared.js';

type MessageId = 'onDeployPath' | 'notOnDeployPath';

/** Calls that turn a literal into a stored password. */
const PASSWORD_SINK = /(^|\.)(hash|hashSync|hashpw|hash_password|hashPassword|get_password_hash|make_password|set_password|setPassword|create_superuser|createSuperuser|create_user|createUser)$/;
/** Words that make the seeded account privileged. */
const PRIVILEGED = /RoleEnum\.admin|Roles?\.(admin|ADMIN|superuser|SUPERUSER)|ROLE_ADMIN|role\s*[:=]\s*['"`](admin|superuser|root|owner)['"`]|roles?\s*[:=]\s*\[\s*['"`](admin|superuser|root)|is_superuser\s*[=:]\s*True|is_staff\s*[=:]\s*True|isAdmin\s*:\s*true|is_admin\s*[=:]\s*(True|true)|superuser|create_superuser|createSuperuser/i;

interface Seeded {
  line: number;
  secret: string;
}

/** A literal password stored by the seed: hashed from a literal, or set as `password: 'literal'`. */
function literalPasswords(file: CodeFacts): Seeded[] {
  const out: Seeded[] = [];
  for (const call of file.calls) {
    if (!PASSWORD_SINK.test(call.callee)) continue;
    // Django's create_user/create_superuser(username, email, password); hash functions take the password first.
    const positional = /(create_superuser|createSuperuser|create_user|createUser)$/.test(call.callee) ? call.args[2] : call.args[0];
    const literal = [call.kwargs['password'], call.kwargs['raw_password'], positional].find((a) => a?.kind === 'string');
    if (literal?.kind === 'string' && String(literal.value).length > 0 && !/^[{$<]/.test(String(literal.value))) out.push({ line: call.line, secret: String(literal.value) });
  }
  for (const b of file.bindings) {
    if (!/(^|\.|\[['"])password['"\]]?$/i.test(b.name) || b.value.kind !== 'string') continue;
    const value = String(b.value.value);
    if (value.length > 0 && !/^[{$<]/.test(value) && !out.some((o) => o.line === b.line)) out.push({ line: b.line, secret: value });
  }
  return out.sort((a, b) => a.line - b.line);
}

/** The block the password line sits in: its innermost `if` body, else its function. */
function blockText(project: Project, file: CodeFacts, line: number): string {
  const lines = (project.readText(file.path) ?? '').split('\n');
  const branch = (file.branches ?? []).filter((b) => b.line <= line && line <= b.endLine).sort((a, b) => a.endLine - a.line - (b.endLine - b.line))[0];
  const fn = project.functionAt(file.path, line);
  const [start, end] = branch ? [branch.line, branch.endLine] : fn ? [fn.line, fn.endLine] : [Math.max(1, line - 15), line + 15];
  return lines.slice(start - 1, end).join('\n');
}

interface EntryPoint {
  path: string;
  line: number;
  command: string;
}

/** Commands a deployment runs: Procfile, Dockerfile CMD/ENTRYPOINT, compose command, and the shell scripts they start. */
function deployCommands(project: Project): EntryPoint[] {
  const out: EntryPoint[] = [];
  const infra = project.inventory.infra;
  for (const p of infra.procfiles) out.push({ path: p.path, line: p.line, command: p.command });
  for (const d of infra.dockerfiles) for (const s of d.stages) for (const c of [s.cmd, s.entrypoint]) if (c) out.push({ path: d.path, line: c.line, command: c.value });
  for (const c of infra.compose) if (!c.override) for (const s of c.services) for (const cmd of [s.command, s.entrypoint]) if (cmd) out.push({ path: c.path, line: s.line, command: cmd });
  const scripts = out.flatMap((e) => [...e.command.matchAll(/[\w./-]+\.sh\b/g)].map((m) => m[0].split('/').pop() ?? m[0]));
  for (const file of project.texts()) {
    if (!scripts.includes(file.path.split('/').pop() ?? '')) continue;
    file.text.split('\n').forEach((text, i) => {
      if (text.trim() !== '' && !text.trim().startsWith('#')) out.push({ path: file.path, line: i + 1, command: text.trim() });
    });
  }
  return out;
}

/** `npm run seed:run` → the package.json script it names, one level deep. */
function expandScripts(project: Project, command: string): string {
  let text = command;
  for (const m of command.matchAll(/\b(?:npm run|yarn|pnpm(?: run)?)\s+([\w:.-]+)/g)) {
    for (const manifest of project.manifests) {
      const script = m[1] ? manifest.commands[m[1]] : undefined;
      if (script) text += ` ${script}`;
    }
  }
  return text;
}

/** The deploy commands that run this seed file (directly, by module, or through its folder's runner). */
function runnersOf(project: Project, seedPath: string, commands: readonly EntryPoint[]): EntryPoint[] {
  const stem = seedPath.replace(/\.(py|ts|js|mjs|cjs)$/, '');
  const base = stem.split('/').pop() ?? stem;
  return commands.filter((c) => {
    const text = expandScripts(project, c.command);
    const referenced = [...text.matchAll(/[\w./-]+\.(py|ts|js|mjs|cjs)\b/g)].map((m) => m[0].replace(/^\.\//, ''));
    if (referenced.some((r) => seedPath.endsWith(r) || seedPath.startsWith(`${r.slice(0, r.lastIndexOf('/'))}/`) && /seed|fixture|initial|bootstrap/i.test(r))) return true;
    return new RegExp(`(^|[\\s/.])${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\.py|\\b)`).test(text) && /python|node|ts-node|manage\.py|-m\s/.test(text);
  });
}

/** `if value == "changethis": raise ValueError(...)`: the settings refuse a placeholder secret. */
function placeholderGuard(project: Project): { path: string; line: number } | undefined {
  for (const file of project.code()) {
    const text = project.readText(file.path);
    if (!text || !/changethis|changeme|change_me|CHANGEME|CHANGE_ME/.test(text)) continue;
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!/(==|===|!=|!==|\bin\b)\s*[([]?\s*['"`](changethis|changeme|change_me|CHANGEME|CHANGE_ME)['"`]/.test(lines[i] ?? '')) continue;
      if (lines.slice(i, i + 12).some((l) => /\braise\b|\bthrow\b/.test(l))) return { path: file.path, line: i + 1 };
    }
  }
  return undefined;
}

export default defineRule<MessageId>({
  meta: {
    code: 'SEC011',
    name: 'default-credentials-seeded',
    category: 'security',
    severity: 'high',
    confidence: 'high',
    title: 'Admin account seeded with a default password',
    description: 'A seed, fixture or initial-data module creates an admin or superuser account with a literal password, and a deployment entry point runs it.',
    archetypes: ['service', 'worker'],
    nonGoal: 'Only deployed services hold accounts that strangers can log in to.',
    messages: {
      onDeployPath: 'The seed gives a privileged account the fixed default credential {{masked}}, and the deployment runs it ({{runners}}): every fresh install starts with a known privileged login until someone changes it.',
      notOnDeployPath: 'The seed gives a privileged account the fixed default credential {{masked}}; no deployment entry point was seen running it, but any environment that does starts with a known privileged login.',
    },
    fix: 'Read the initial admin password from the environment or a secret store with no default (refuse to start on a placeholder), or create the admin interactively; keep demo accounts out of the deploy path.',
    acceptance: 'No deploy path creates a privileged account with a password written in the repository.',
    references: ['CWE-1392: Use of Default Credentials', 'CWE-798: Use of Hard-coded Credentials', 'OWASP ASVS 4.0 §2.5.4 (no default accounts)'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report, strength }) {
    const commands = deployCommands(project);
    for (const file of project.code({ roles: ['source', 'script', 'config', 'fixture'] })) {
      if (!SEED_PATH.test(file.path) || /(^|\/)(tests?|__tests__|spec|specs|e2e)\//.test(file.path)) continue;
      for (const seeded of literalPasswords(file)) {
        if (!PRIVILEGED.test(blockText(project, file, seeded.line))) continue;
        // Production entry points first; CI and test start scripts after.
        const runners = runnersOf(project, file.path, commands).sort((a, b) => Number(/(^|[./_-])(ci|test|e2e)([./_-]|$)/.test(a.path)) - Number(/(^|[./_-])(ci|test|e2e)([./_-]|$)/.test(b.path)));
        const masked = maskSecret(seeded.secret);
        if (runners.length > 0) {
          report({
            messageId: 'onDeployPath',
            data: { masked, runners: runners.slice(0, 3).map((r) => `${r.path}:${r.line}`).join(', ') },
            path: file.path,
            line: seeded.line,
            related: runners.slice(0, 4).map((r) => ({ path: r.path, line: r.line })),
            secrets: [seeded.secret],
          });
        } else {
          report({ messageId: 'notOnDeployPath', data: { masked }, path: file.path, line: seeded.line, severity: 'medium', confidence: 'medium', secrets: [seeded.secret] });
        }
      }
    }
    const guard = placeholderGuard(project);
    if (guard) strength({ title: 'Settings refuse placeholder secrets', message: 'Start-up refuses placeholder secrets (such as "changethis") outside development, so a deployment cannot run with the example credentials.', path: guard.path, line: guard.line });
  },
});
