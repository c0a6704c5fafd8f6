import type { CodeFacts } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import type { Project } from '../../../project/project.js';

type MessageId = 'login' | 'recovery';

/** Messages that say the account does not exist. */
const NOT_FOUND = /^(not_?found|notFound|emailNotExists|userNotFound|email_?not_?(found|exists|registered)|no such (user|account)|(user|account|email)( with this email)? (does not|doesn't) exist|(user|account|email)( was)? not found|unknown (user|account|email))/i;
/** Messages that say the password was wrong, which only makes sense once the account is known. */
const WRONG_PASSWORD = /^(incorrect_?password|incorrectPassword|wrong_?password|invalid_?password|(the )?password is (incorrect|wrong|invalid)|incorrect password|wrong password|invalid password)/i;
const LOGIN_FUNCTION = /^(login|log_?in|sign_?in|signin|authenticate|validate_?login|validateLogin|check_?credentials|login_?user|loginUser|login_access_token)$/i;
const RECOVERY_FUNCTION = /^(forgot_?password|forgotPassword|recover_?password|recoverPassword|password_?recovery|request_?password_?reset|requestPasswordReset|send_?reset(_?email|_?link)?|reset_?password_?request)$/i;
/** A switch that makes the answers uniform. */
const UNIFORM_SWITCH = /uniform_?errors|uniformErrors|UNIFORM_ERRORS|enumeration/;

interface Literal {
  line: number;
  value: string;
}

/** String literals a function returns or raises: object values, call arguments, keyword arguments. */
function literalsIn(file: CodeFacts, fn: number): Literal[] {
  const out: Literal[] = [];
  for (const b of file.bindings) if (b.fn === fn && b.value.kind === 'string') out.push({ line: b.line, value: String(b.value.value) });
  for (const c of file.calls) {
    if (c.fn !== fn) continue;
    for (const v of [...c.args, ...Object.values(c.kwargs)]) if (v.kind === 'string') out.push({ line: c.line, value: String(v.value) });
  }
  return out;
}

/** How the project makes answers uniform, if it can: `process.env.AUTH_UNIFORM_ERRORS === 'true'` means off unless set. */
function uniformSwitch(project: Project): { env?: string } | undefined {
  let found: { env?: string } | undefined;
  for (const file of project.code()) {
    for (const b of file.bindings) {
      if (!UNIFORM_SWITCH.test(b.name) && !UNIFORM_SWITCH.test(b.value.text)) continue;
      const env = /process\.env\.(\w+)\s*===?\s*['"`]true['"`]|getenv\(\s*['"](\w+)['"]/.exec(b.value.text);
      found = env ? { env: env[1] ?? env[2] ?? '' } : (found ?? {});
    }
    if (!found && file.envReads.some((r) => r.name !== null && UNIFORM_SWITCH.test(r.name))) found = {};
  }
  return found;
}

export default defineRule<MessageId>({
  meta: {
    code: 'SEC016',
    name: 'login-reveals-account-existence',
    category: 'security',
    severity: 'medium',
    confidence: 'medium',
    title: 'Login or password recovery reveals which accounts exist',
    description: 'A login that answers "user not found" differently from "wrong password", or a password-recovery endpoint that says an e-mail is not registered.',
    archetypes: ['service'],
    nonGoal: 'Only multi-user services have accounts to enumerate.',
    messages: {
      login: 'The login answers "{{notFound}}" for an unknown account (line {{line}}) and "{{wrong}}" for a wrong password (line {{other}}): anyone can test which e-mails are registered.{{switch}}',
      recovery: 'Password recovery answers "{{notFound}}" for an unregistered e-mail: anyone can test which e-mails have accounts.{{switch}}',
    },
    fix: 'Answer unknown accounts and wrong passwords with the same message and status (and similar timing), and make password recovery always reply "if that e-mail is registered, we sent a link".',
    acceptance: 'Login and recovery responses do not differ between existing and unknown accounts.',
    references: ['CWE-204: Observable Response Discrepancy', 'CWE-203: Observable Discrepancy', 'OWASP ASVS 4.0 §2.2.1 and §2.5.2', 'OWASP Authentication Cheat Sheet: authentication and error messages'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    const uniform = uniformSwitch(project);
    const switchNote = uniform?.env
      ? ` Uniform answers exist behind ${uniform.env}, which is off unless set to 'true'.`
      : uniform
        ? ' A uniform-answers switch exists; check that production turns it on.'
        : '';
    for (const file of project.code()) {
      file.functions.forEach((fn, index) => {
        const login = LOGIN_FUNCTION.test(fn.name);
        if (!login && !RECOVERY_FUNCTION.test(fn.name)) return;
        const literals = literalsIn(file, index);
        const notFound = literals.find((l) => NOT_FOUND.test(l.value));
        if (!notFound) return;
        const severity = uniform && !uniform.env ? ('low' as const) : undefined;
        if (login) {
          const wrong = literals.find((l) => WRONG_PASSWORD.test(l.value));
          if (!wrong) return;
          report({ messageId: 'login', data: { notFound: notFound.value, wrong: wrong.value, line: notFound.line, other: wrong.line, switch: switchNote }, path: file.path, line: notFound.line, related: [{ path: file.path, line: wrong.line }], ...(severity ? { severity } : {}) });
        } else {
          report({ messageId: 'recovery', data: { notFound: notFound.value, switch: switchNote }, path: file.path, line: notFound.line, ...(severity ? { severity } : {}) });
        }
      });
    }
  },
});
