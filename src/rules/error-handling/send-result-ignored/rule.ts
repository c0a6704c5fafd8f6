import type { CallFact, CodeFacts } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import type { Project } from '../../../project/project.js';

type MessageId = 'discarded' | 'onlyLogged';

const EMAILS_FACTORY = /^(emails\.(message\.)?Message|emails\.html|emails\.Message)$/;
const DJANGO_SEND = /(^|\.)(send_mail|send_mass_mail|mail_admins|mail_managers|send)$/;
const LOG_LINE = /^\s*(self\.)?(log|logger|logging|_log|_logger|LOGGER|LOG)\.\w+\(|^\s*print\(/;

interface Send {
  call: CallFact;
  library: string;
}

function sends(file: CodeFacts): Send[] {
  const out: Send[] = [];
  const fromEmails = new Set(file.imports.filter((i) => i.module === 'emails' || i.module === 'emails.message').flatMap((i) => i.names));
  const usesEmails = file.imports.some((i) => i.module === 'emails' || i.module.startsWith('emails.'));
  const messages = new Set<string>();
  for (const call of file.calls) {
    if (!call.assignedTo) continue;
    if ((usesEmails && EMAILS_FACTORY.test(call.callee)) || ((call.callee === 'Message' || call.callee === 'html') && fromEmails.has(call.callee))) messages.add(call.assignedTo);
  }
  const usesDjangoMail = file.imports.some((i) => i.module === 'django.core.mail');
  for (const call of file.calls) {
    const owner = call.callee.slice(0, call.callee.lastIndexOf('.'));
    if (call.callee.endsWith('.send') && (messages.has(owner) || (usesEmails && /^emails\.html\(\)$/.test(owner)))) out.push({ call, library: 'python-emails' });
    else if (usesDjangoMail && DJANGO_SEND.test(call.callee)) {
      const quiet = call.kwargs['fail_silently'];
      if (quiet?.kind === 'bool' && quiet.value === true) out.push({ call, library: 'Django mail with fail_silently=True' });
    }
  }
  return out;
}

/** How the result is used after the call, within the enclosing function: not at all, only in log lines, or checked. */
function resultUse(project: Project, file: CodeFacts, call: CallFact): { use: 'discarded' | 'logged' | 'checked'; logLine?: number } {
  if (call.isStatement) return { use: 'discarded' };
  if (!call.assignedTo || /[.[]/.test(call.assignedTo)) return { use: 'checked' };
  const fn = file.functions[call.fn];
  const lines = (project.readText(file.path) ?? '').split('\n');
  const end = fn ? fn.endLine : lines.length;
  const word = new RegExp(`\\b${call.assignedTo}\\b`);
  let logLine: number | undefined;
  for (let i = call.endLine; i < end; i++) {
    const line = lines[i] ?? '';
    if (!word.test(line) || /^\s*#/.test(line)) continue;
    if (!LOG_LINE.test(line)) return { use: 'checked' };
    logLine ??= i + 1;
  }
  return logLine === undefined ? { use: 'discarded' } : { use: 'logged', logLine };
}

export default defineRule<MessageId>({
  meta: {
    code: 'ERR050',
    name: 'send-result-ignored',
    category: 'error-handling',
    severity: 'high',
    confidence: 'high',
    title: 'Result of a fail-silent send is never checked',
    description: 'A message is sent through a library that reports failure in its return value instead of raising, and the return value is discarded or only logged.',
    archetypes: ['service', 'worker', 'cli'],
    messages: {
      discarded:
        '`{{callee}}(…)` ({{library}}) does not raise when delivery fails, and its result is discarded: an unreachable SMTP server or a rejected recipient goes unnoticed and the caller reports success.',
      onlyLogged:
        '`{{callee}}(…)` ({{library}}) does not raise when delivery fails, and its result `{{name}}` is only interpolated into a log line ({{logAt}}), never checked: failed mail is reported as sent.',
    },
    fix: 'Check the result and fail loudly: for python-emails, `if response.status_code not in (250,)` or `not response.success` → raise or return an error (or pass `smtp={"fail_silently": False, …}`); for Django, drop `fail_silently=True` or check the count it returns.',
    acceptance: 'A failed send raises or is reported as a failure to the caller, and a test covers the failure path.',
    references: ['https://python-emails.readthedocs.io/en/latest/#sending', 'https://docs.djangoproject.com/en/stable/topics/email/#send-mail', 'CWE-252', 'CWE-390'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const file of project.code()) {
      if (file.language !== 'python') continue;
      const archetype = project.componentOf(file.path)?.archetype;
      for (const { call, library } of sends(file)) {
        const result = resultUse(project, file, call);
        if (result.use === 'checked') continue;
        const text = (project.readText(file.path) ?? '').split('\n').slice((file.functions[call.fn]?.line ?? 1) - 1, file.functions[call.fn]?.endLine).join('\n');
        if (library === 'python-emails' && /fail_silently/.test(text)) continue;
        const severity = library === 'python-emails' && archetype !== 'cli' ? 'high' : 'medium';
        if (result.use === 'discarded') {
          report({ messageId: 'discarded', data: { callee: call.callee, library }, path: file.path, line: call.line, severity });
        } else {
          report({
            messageId: 'onlyLogged',
            data: { callee: call.callee, library, name: call.assignedTo ?? '', logAt: `line ${result.logLine ?? 0}` },
            path: file.path,
            line: call.line,
            related: result.logLine ? [{ path: file.path, line: result.logLine }] : [],
            severity,
          });
        }
      }
    }
  },
});
