/** Which names hold secrets, and which literal values look like one. Shared by rules and inventories. */
import type { FileFacts } from '../../facts/types.js';

/** Names (normalised: lower case, letters and digits only) that hold a secret when they end like this. */
const SECRET_SUFFIXES = [
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'secret',
  'secretkey',
  'clientsecret',
  'token',
  'accesstoken',
  'refreshtoken',
  'authtoken',
  'apitoken',
  'apikey',
  'accesskey',
  'privatekey',
  'signingkey',
  'encryptionkey',
  'masterkey',
  'credential',
  'credentials',
];

/** Name words that say the value is about a secret, not the secret itself. */
const NOT_A_SECRET_WORDS = /(type|field|name|label|placeholder|header|param|prefix|suffix|regex|pattern|message|msg|error|hint|length|min|max|env|url|uri|path|endpoint|expire|expires|expiry|ttl|count|input|policy|format|file|dir|key_?name|id)$/;

function normalise(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The last segment of a dotted/attribute name: `self.db_password` → db_password, `config["token"]` → token. */
export function lastSegment(name: string): string {
  const bracket = /\[\s*["'`]([^"'`]+)["'`]\s*\]$/.exec(name);
  if (bracket?.[1]) return bracket[1];
  const parts = name.split(/[.]/);
  return parts[parts.length - 1] ?? name;
}

/** The secret word a name ends with (`db_password` → password), or null when the name holds no secret. */
export function secretWordOf(name: string): string | null {
  const segment = lastSegment(name);
  const snake = segment.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  if (NOT_A_SECRET_WORDS.test(snake)) return null;
  const flat = normalise(segment);
  return SECRET_SUFFIXES.find((s) => flat.endsWith(s)) ?? null;
}

const PASSWORD_WORDS = new Set(['password', 'passwd', 'pwd', 'passphrase']);

/** A translation table (`locales/de/common.js`, `static/i18n/ja.js`): its values are labels shown to users. */
const TRANSLATION_DIR = /(^|\/)(locales?|i18n|l10n|lang|langs|languages|translations?)\//i;

export function isTranslationFile(path: string): boolean {
  return TRANSLATION_DIR.test(path);
}

/** Values that are not secrets: empty, placeholders, templates, env var names, sentences, paths and URLs. */
export function looksLikeSecretValue(value: string, secretWord: string): boolean {
  const v = value.trim();
  if (v.length < 4) return false;
  if (/\s/.test(v)) return false;
  if (/[{}$%<>]|^\*+$|^x{3,}$/i.test(v)) return false;
  if (/^[A-Z][A-Z0-9_]+$/.test(v)) return false;
  if (/^(\/|\.\/|https?:\/\/|[a-z]+:\/\/)/i.test(v)) return false;
  if (/^(true|false|null|none|undefined|bearer|basic|token|password|secret|string|required|optional)$/i.test(v)) return false;
  // fetch's `credentials` mode and similar option values.
  if (/^(same-origin|include|omit|same_origin|cross-origin)$/i.test(v)) return false;
  // A value that names the thing rather than being it: "new_password", "Password", "x-api-key".
  if (normalise(v).includes(secretWord)) return false;
  if (/^(your|my|example|sample|dummy|test|fake|placeholder|replace|insert|enter)[-_]?/i.test(v)) return false;
  // Another secret word as the value names a parameter: `dict(password="passwd")`.
  const flat = normalise(v);
  if (SECRET_SUFFIXES.some((word) => flat === word)) return false;
  // A namespaced key names where something is stored, not what: `umami.auth`, `koa-limit:download`, `session:token`.
  if (/^[a-z][a-z0-9_-]*([.:][a-z][a-z0-9_-]*)+$/.test(v)) return false;
  // Regular expressions: `qtoken = r"(?:...)"`.
  if (/^\(\?|^\^|\\[dwsbDWS]|\[[^\]]+\][*+?]/.test(v)) return false;
  // "token" and "key" also mean parser tokens, sentinels and dictionary keys: those values are words, in snake or
  // camel case (`token = "autoLogin"`). A real token or key mixes letters with digits or random cases, or is long.
  if (!PASSWORD_WORDS.has(secretWord) && /^[a-z_-]+$|^[a-z]+(?:[A-Z][a-z]+)+$/.test(v) && v.length < 24) return false;
  return true;
}

const URL_CREDENTIALS = /^[a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:([^@/\s]+)@/i;

/**
 * Every literal that looks like a secret anywhere in the code: values bound to secret names, literal defaults of
 * secret-named environment variables, passwords inside URLs. Reports mask all of them in every snippet, whichever
 * rule points at the line.
 */
export function collectSecrets(files: readonly FileFacts[]): string[] {
  const out = new Set<string>();
  for (const file of files) {
    if (file.kind !== 'code') continue;
    for (const b of file.bindings) {
      const word = b.value.kind === 'string' ? secretWordOf(b.name) : null;
      const value = String(b.value.value ?? '');
      if (word && looksLikeSecretValue(value, word)) out.add(value);
    }
    for (const r of file.envReads) {
      const word = r.name && r.default?.kind === 'string' ? secretWordOf(r.name) : null;
      const value = String(r.default?.value ?? '');
      if (word && looksLikeSecretValue(value, word)) out.add(value);
    }
    for (const u of file.urls) {
      const password = URL_CREDENTIALS.exec(u.value)?.[1];
      if (password && password.length >= 4 && !/[{$<%]/.test(password)) out.add(password);
    }
  }
  return [...out].sort((a, b) => b.length - a.length);
}
