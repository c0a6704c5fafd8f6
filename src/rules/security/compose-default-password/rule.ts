import { defineRule } from '../../../engine/rule.js';
import { deployStacks, publishedPublicly } from '../../../project/deployment/compose.js';
import { secretWordOf } from '../../../project/knowledge/secrets.js';
import { maskSecret } from '../../../redact/mask.js';

type MessageId = 'literal' | 'fallback' | 'inUrl' | 'noPassword';

/** `${NAME:-default}` / `${NAME-default}`: the fallback when the variable is unset. */
const FALLBACK = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(:?-)([^}]*)\}$/;
const URL_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:([^@/\s]+)@/i;
const NO_PASSWORD: ReadonlyArray<readonly [RegExp, RegExp]> = [
  [/^POSTGRES_HOST_AUTH_METHOD$/, /^trust$/i],
  [/^MYSQL_ALLOW_EMPTY_PASSWORD$|^MARIADB_ALLOW_EMPTY_ROOT_PASSWORD$/, /^(yes|true|1)$/i],
  [/^ALLOW_EMPTY_PASSWORD$/, /^(yes|true|1)$/i],
];

export default defineRule<MessageId>({
  meta: {
    code: 'SEC033',
    name: 'compose-default-password',
    category: 'security',
    severity: 'medium',
    confidence: 'high',
    title: 'Default password in a deployment compose file',
    description: 'A deployment compose file sets a literal password (`POSTGRES_PASSWORD: postgres`), falls back to one when the variable is unset (`${DB_PASSWORD:-secret}`), embeds one in a connection URL, or turns authentication off.',
    archetypes: ['service', 'worker', 'infra'],
    messages: {
      literal: '`{{name}}` is set to a literal value ({{masked}}) in `{{file}}`: every deployment of this file uses the same, published password.',
      fallback: '`{{name}}` falls back to {{masked}} when `{{variable}}` is not set: a deployment that forgets the variable starts with a known password instead of failing.',
      inUrl: '`{{name}}` carries a literal password ({{masked}}) in its connection URL.',
      noPassword: '`{{name}}: {{value}}` lets clients connect to the database without a password.',
    },
    fix: 'Require the secret from the environment with no fallback (`${POSTGRES_PASSWORD:?must be set}`), or use Docker secrets (`POSTGRES_PASSWORD_FILE`); rotate any password that was committed.',
    acceptance: 'No deployment compose file contains a literal password or a password fallback; starting the stack without the variable fails.',
    references: ['CWE-1392: Use of Default Credentials', 'CWE-798: Use of Hard-coded Credentials', 'CWE-259', 'Checkov CKV_SECRET_*'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const stack of deployStacks(project)) {
      for (const service of stack.services) {
        const exposed = service.parts.some((p) => p.service.ports.some((port) => publishedPublicly(port.value)));
        const severity = exposed ? 'high' : 'medium';
        for (const { file, service: part } of service.parts) {
          for (const env of part.environment) {
            const value = (env.value ?? '').trim();
            if (value === '') continue;
            const off = NO_PASSWORD.find(([name, v]) => name.test(env.name) && v.test(value));
            if (off) {
              report({ messageId: 'noPassword', data: { name: env.name, value }, path: file.path, line: env.line, severity });
              continue;
            }
            const url = URL_PASSWORD.exec(value)?.[1];
            if (url && !url.includes('$')) {
              report({ messageId: 'inUrl', data: { name: env.name, masked: maskSecret(url) }, path: file.path, line: env.line, severity, secrets: [url] });
              continue;
            }
            if (!secretWordOf(env.name)) continue;
            const fallback = FALLBACK.exec(value);
            if (fallback) {
              const secret = fallback[3] ?? '';
              if (secret !== '' && !secret.includes('$')) report({ messageId: 'fallback', data: { name: env.name, variable: fallback[1] ?? '', masked: maskSecret(secret) }, path: file.path, line: env.line, severity, secrets: [secret] });
              continue;
            }
            if (value.includes('$') || value.startsWith('/')) continue;
            report({ messageId: 'literal', data: { name: env.name, masked: maskSecret(value), file: file.path }, path: file.path, line: env.line, severity, secrets: [value] });
          }
        }
      }
    }
  },
});
