import type { CallFact, CodeFacts, ValueFact } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import type { Project } from '../../../project/project.js';
import { interpolatedExpressions, isBuiltString, isDevOnlyPath } from '../shared.js';

type MessageId = 'inTemplate' | 'inBody';

/** Keys and names that hold a plaintext password (not a reset URL, a hash or a field name). */
const PASSWORD_NAME = /^(password|passwd|pwd|plain_?password|plaintext_?password|raw_?password|temp(orary)?_?password|new_?password|initial_?password|generated_?password|one_?time_?password)$/i;
/** Calls, functions and templates that produce or send e-mail. */
const MAIL = /mail|smtp|welcome|invit|new_?account|newaccount|notify|notification/i;
const SEND_MAIL = /(^|\.)(send_mail|send_mass_mail|send_email|sendMail|sendEmail|send_message|EmailMessage|EmailMultiAlternatives|Message|send)$/;

function lastName(expr: string): string {
  const parts = expr.trim().split('.');
  return parts[parts.length - 1] ?? expr;
}

function holdsPassword(value: ValueFact | undefined): boolean {
  if (!value) return false;
  if (value.kind === 'identifier' || value.kind === 'attribute') return PASSWORD_NAME.test(lastName(value.text));
  if (isBuiltString(value)) return interpolatedExpressions(value.text).some((e) => /^[\w.]+$/.test(e.trim()) && PASSWORD_NAME.test(lastName(e)));
  return false;
}

/** A template context (or any options object) with a `password` entry whose value is not a literal. */
function passwordEntry(value: ValueFact | undefined, depth = 0): boolean {
  if (!value?.props || depth > 2) return false;
  return Object.entries(value.props).some(([raw, v]) => {
    const key = raw.replace(/^['"]|['"]$/g, '');
    // The mail server's own login (`auth: { user, pass }`) is configuration, not a message.
    if (/^(auth|smtp|transport|credentials|connection)$/i.test(key)) return false;
    return (PASSWORD_NAME.test(key) && !['string', 'number', 'bool', 'none'].includes(v.kind) && !/hash/i.test(v.text)) || passwordEntry(v, depth + 1);
  });
}

interface Hit {
  messageId: MessageId;
  call: CallFact;
  fn: number;
}

function hitsOf(file: CodeFacts): Hit[] {
  const hits: Hit[] = [];
  for (const call of file.calls) {
    const fn = file.functions[call.fn];
    const template = Object.values(call.kwargs).concat(call.args).find((a) => a.kind === 'string' && /\.(html|txt|hbs|mjml|j2|jinja2?|ejs|pug)$/.test(String(a.value)));
    const mailContext = MAIL.test(call.callee) || MAIL.test(fn?.name ?? '') || (template !== undefined && MAIL.test(String(template.value)));
    const values = [...call.args, ...Object.values(call.kwargs)];
    if (/(createTransport|Transport|SMTP|smtplib|connect|login)$/i.test(call.callee)) continue;
    if (mailContext && values.some((v) => passwordEntry(v))) {
      hits.push({ messageId: 'inTemplate', call, fn: call.fn });
      continue;
    }
    if (SEND_MAIL.test(call.callee) && (MAIL.test(call.callee) || MAIL.test(fn?.name ?? '')) && values.some((v) => holdsPassword(v) || Object.values(v.props ?? {}).some(holdsPassword))) {
      hits.push({ messageId: 'inBody', call, fn: call.fn });
    }
  }
  return hits;
}

/** Calls of the e-mail function elsewhere that hand it a password: `generate_new_account_email(..., password=user_in.password)`. */
function callersPassingPassword(project: Project, name: string): Array<{ path: string; line: number }> {
  const out: Array<{ path: string; line: number }> = [];
  for (const file of project.code()) {
    for (const call of file.calls) {
      if (call.callee.split('.').pop() !== name) continue;
      const passes = Object.entries(call.kwargs).some(([k, v]) => PASSWORD_NAME.test(k) && !['string', 'none'].includes(v.kind)) || call.args.some(holdsPassword);
      if (passes) out.push({ path: file.path, line: call.line });
    }
  }
  return out;
}

export default defineRule<MessageId>({
  meta: {
    code: 'SEC012',
    name: 'password-sent-in-email',
    category: 'security',
    severity: 'medium',
    confidence: 'high',
    title: 'Plaintext password sent by e-mail',
    description: 'A plaintext password put into an e-mail template\'s context or an e-mail body.',
    archetypes: ['service', 'worker'],
    nonGoal: 'Only services and workers send account e-mail.',
    messages: {
      inTemplate: '`{{call}}(…)` puts the plaintext password into an e-mail{{callers}}: it is stored in mailboxes, mail servers and backups, readable long after the account is created.',
      inBody: '`{{call}}(…)` sends a plaintext password in the e-mail body{{callers}}: it is stored in mailboxes, mail servers and backups.',
    },
    fix: 'Send a one-time link to set the password (a signed, expiring token) instead of the password itself.',
    acceptance: 'No e-mail template or body receives a plaintext password; new accounts get a set-password link.',
    references: ['CWE-319: Cleartext Transmission of Sensitive Information', 'CWE-312: Cleartext Storage of Sensitive Information', 'OWASP ASVS 4.0 §2.5.1 (no plaintext secrets sent during recovery or creation)'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const file of project.code()) {
      if (isDevOnlyPath(file.path)) continue;
      for (const hit of hitsOf(file)) {
        const fn = file.functions[hit.fn];
        const callers = fn ? callersPassingPassword(project, fn.name) : [];
        report({
          messageId: hit.messageId,
          data: { call: hit.call.callee, callers: callers.length > 0 ? ` (called with the user's password at ${callers.slice(0, 2).map((c) => `${c.path}:${c.line}`).join(', ')})` : '' },
          path: file.path,
          line: hit.call.line,
          endLine: hit.call.endLine,
          related: callers.slice(0, 3),
        });
      }
    }
  },
});
