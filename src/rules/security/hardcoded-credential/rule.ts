import type { CodeFacts, FileRole } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import { isTranslationFile, lastSegment, looksLikeSecretValue, secretWordOf } from '../../../project/knowledge/secrets.js';
import { maskSecret } from '../../../redact/mask.js';
import { isDevOnlyPath, SEED_PATH } from '../shared.js';

/** Model factories make sample records for tests and demos. */
const FACTORY_PATH = /(^|\/)factor(y|ies)(\/|\.|_)/i;

/**
 * Code whose credentials are sample data, not a way into production: tests, examples, seeded and factory-made
 * sample accounts (default-credentials-seeded, SEC011, judges the seeds that create privileged accounts),
 * development-only settings (`config/env/development.js`), and translation tables (`password: 'Passwort'` is a label).
 */
function holdsSampleData(path: string): boolean {
  return SEED_PATH.test(path) || FACTORY_PATH.test(path) || isDevOnlyPath(path) || isTranslationFile(path);
}

const PRODUCTION_ROLES: readonly FileRole[] = ['source', 'script', 'config'];

const URL_CREDENTIALS = /^([a-z][a-z0-9+.-]*):\/\/([^:/@\s]+):([^@/\s]+)@/i;

/** A URL to the developer's own machine: a local development default, not a credential anyone can use elsewhere. */
const LOCAL_HOST = /@(localhost|127\.0\.0\.1|\[::1\]|0\.0\.0\.0)([:/?]|$)/i;

function urlSecret(url: string): string | null {
  const match = URL_CREDENTIALS.exec(url);
  const password = match?.[3];
  // Shorter than four characters is a placeholder (`https://1:1@host`), as for bound values.
  if (!password || password.length < 4 || /^[{$<%*:]|^(password|pass|secret|changeme|x+)$/i.test(password) || password.includes('${')) return null;
  return password;
}

type MessageId = 'bound' | 'envDefault' | 'inUrl' | 'inLocalUrl';

export default defineRule<MessageId>({
  meta: {
    code: 'SEC001',
    name: 'hardcoded-credential',
    category: 'security',
    severity: 'high',
    confidence: 'medium',
    title: 'Hardcoded credential',
    description: 'A password, token or key written into the code: bound to a secret-looking name, used as an environment default, or inside a connection URL.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend', 'infra'],
    messages: {
      bound: '`{{name}}` is set to a literal secret ({{masked}}) in the code.',
      envDefault: '`{{name}}` falls back to a literal secret ({{masked}}) when the environment variable is not set: a deployment that forgets it runs with a known credential.',
      inUrl: 'A connection URL carries a literal password ({{masked}}).',
      inLocalUrl: 'A connection URL to localhost carries a literal password ({{masked}}): a development default, but a deployment that forgets to set the real URL silently tries it.',
    },
    fix: 'Read the secret from the environment or a secret store with no default (fail at start-up when it is missing), and rotate the value that was committed.',
    acceptance: 'No credential literal remains in the code; the setting is required at start-up; the committed value has been rotated.',
    references: ['ruff S105/S106/S107 (hardcoded-password-*)', 'bandit B105/B106/B107', 'CWE-798', 'CWE-259'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    const files: readonly CodeFacts[] = project.code({ roles: PRODUCTION_ROLES }).filter((f) => !holdsSampleData(f.path));
    for (const file of files) {
      const severity = 'high';
      const seen = new Set<number>();
      for (const read of file.envReads) {
        const value = read.default;
        const word = read.name ? secretWordOf(read.name) : null;
        if (!read.name || value?.kind !== 'string' || !word) continue;
        const secret = String(value.value);
        if (!looksLikeSecretValue(secret, word)) continue;
        seen.add(read.line);
        report({ messageId: 'envDefault', data: { name: read.name, masked: maskSecret(secret) }, path: file.path, line: read.line, severity, confidence: 'high', secrets: [secret] });
      }
      for (const binding of file.bindings) {
        const word = secretWordOf(binding.name);
        if (seen.has(binding.line) || binding.value.kind !== 'string' || !word) continue;
        const secret = String(binding.value.value);
        if (!looksLikeSecretValue(secret, word)) continue;
        seen.add(binding.line);
        report({ messageId: 'bound', data: { name: lastSegment(binding.name), masked: maskSecret(secret) }, path: file.path, line: binding.line, severity, secrets: [secret] });
      }
      for (const url of file.urls) {
        const secret = urlSecret(url.value);
        if (!secret || seen.has(url.line)) continue;
        seen.add(url.line);
        const local = LOCAL_HOST.test(url.value);
        report({ messageId: local ? 'inLocalUrl' : 'inUrl', data: { masked: maskSecret(secret) }, path: file.path, line: url.line, severity: local ? 'low' : severity, confidence: 'high', secrets: [secret] });
      }
    }
  },
});
