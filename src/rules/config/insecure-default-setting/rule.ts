import type { ValueFact } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';

interface Danger {
  name: RegExp;
  bad: (value: string) => boolean;
  messageId: MessageId;
}

const TRUTHY = /^(true|1|yes|on|t|y)$/i;
const FALSY = /^(false|0|no|off|f|n)$/i;

const DANGERS: Danger[] = [
  { name: /(^|_)DEBUG$/i, bad: (v) => TRUTHY.test(v), messageId: 'debug' },
  { name: /ALLOWED_HOSTS$/i, bad: (v) => v.split(/[,\s]+/).includes('*'), messageId: 'hosts' },
  { name: /CORS.*ORIGINS?$|ALLOWED_ORIGINS?$/i, bad: (v) => v.split(/[,\s]+/).includes('*'), messageId: 'cors' },
  { name: /(VERIFY_SSL|SSL_VERIFY|TLS_VERIFY|VERIFY_TLS|VERIFY_CERTS?|REJECT_UNAUTHORIZED)$/i, bad: (v) => FALSY.test(v), messageId: 'tls' },
];

function literal(value: ValueFact | undefined): string | undefined {
  if (!value) return undefined;
  if (value.kind === 'string' || value.kind === 'number' || value.kind === 'bool') return String(value.value);
  if (value.kind === 'array') return value.text.replace(/[[\]'"]/g, '');
  return undefined;
}

type MessageId = 'debug' | 'hosts' | 'cors' | 'tls';

export default defineRule<MessageId>({
  meta: {
    code: 'CFG001',
    name: 'insecure-default-setting',
    category: 'config',
    severity: 'medium',
    confidence: 'high',
    title: 'Insecure default setting',
    description: 'A setting read from the environment falls back to an insecure value (debug on, any host or origin allowed, TLS verification off) when the variable is not set.',
    archetypes: ['service', 'worker'],
    nonGoal: 'A CLI or library takes its settings from its user at each run; insecure defaults there are the user\'s choice.',
    messages: {
      debug: '`{{name}}` defaults to `{{value}}` ({{where}}): a deployment that forgets the variable runs in debug mode (stack traces and internals shown to clients).',
      hosts: '`{{name}}` defaults to `{{value}}` ({{where}}): without the variable, the service accepts any Host header.',
      cors: '`{{name}}` defaults to `{{value}}` ({{where}}): without the variable, any web origin may call the API from a browser.',
      tls: '`{{name}}` defaults to `{{value}}` ({{where}}): without the variable, certificates are not verified.',
    },
    fix: 'Make the safe value the default (debug off, an explicit host/origin list, verification on) and let development environments opt in through their own .env.',
    acceptance: 'With no environment set, the service starts with safe settings.',
    references: ['OWASP ASVS V14.3 (unintended security disclosure)', 'CWE-1188: Insecure Default Initialization of Resource', 'CWE-489'],
    status: 'stable',
    since: '0.1.0',
    security: true,
  },
  check({ project, report }) {
    for (const file of project.code()) {
      const seen = new Set<number>();
      const judge = (name: string, value: string | undefined, line: number, where: string): void => {
        if (value === undefined || seen.has(line)) return;
        const danger = DANGERS.find((d) => d.name.test(name) && d.bad(value));
        if (!danger) return;
        seen.add(line);
        report({ messageId: danger.messageId, data: { name, value, where }, path: file.path, line });
      };
      for (const read of file.envReads) if (read.name) judge(read.name, literal(read.default), read.line, `${read.via} default`);
      for (const call of file.calls) {
        // django-environ / environs / python-decouple: env.bool("DEBUG", default=True), config("DEBUG", default=True)
        const first = call.args[0];
        if (first?.kind !== 'string' || !/(^|\.)(bool|str|list|config|env|get_env)$/.test(call.callee)) continue;
        judge(String(first.value), literal(call.kwargs['default'] ?? call.args[1]), call.line, `${call.callee} default`);
      }
      for (const cls of file.classes) {
        if (!cls.bases.some((b) => /(^|\.)BaseSettings$/.test(b))) continue;
        for (const field of cls.fields) judge(field.name, literal(field.value), field.line, 'settings field default');
      }
    }
  },
});
