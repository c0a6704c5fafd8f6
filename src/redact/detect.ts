/**
 * The secret detector: every piece of text seaworthy writes passes through `maskSecretsIn` (src/render/boundary.ts
 * applies it to each string of a report, a profile or an explanation before any renderer lays it out). It masks
 *   - tokens recognisable by their shape (token-formats.ts: GitHub, GitLab, Slack, Stripe, Google, AWS key ids,
 *     JWTs, npm, OpenAI/Anthropic, private key blocks, Slack webhook paths);
 *   - passwords in URLs and connection strings (`scheme://user:pw@host`), in `Authorization: Bearer|Basic …`
 *     headers and in shell commands (`mysql -pSECRET`, `curl -u user:pw`, `sshpass -p pw`);
 *   - values bound to secret-like names (`password`, `api_key`, `DB_TOKEN`, …) in assignments, keyword arguments,
 *     dict/object/YAML keys, `KEY=value` lists, Dockerfile `ENV`, CLI flags (`--password=x`, `--token x`) and
 *     environment defaults (`os.getenv("API_KEY", "…")`, `process.env.TOKEN ?? "…"`, `${DB_PASSWORD:-…}`), when the
 *     value looks like a secret rather than a placeholder, a variable or a type.
 * Masking is idempotent: a masked form is never masked again.
 */
import { looksLikeSecretValue, secretWordOf } from '../project/knowledge/secrets.js';
import { maskSecret, outsideMasks } from './mask.js';
import { PRIVATE_KEY, SLACK_WEBHOOK, TOKEN_FORMATS } from './token-formats.js';

/** Values that stand for a secret rather than being one: templates, variables, references. */
export function isTemplate(value: string): boolean {
  return value === '' || /^\$|\$\{|\{\{|^<.*>$|^%\(|^\{/.test(value);
}

/** A secret value: placeholders and templates are not. */
function secretValue(value: string): boolean {
  return !isTemplate(value) && !/^\*+$|^x+$/i.test(value);
}

function maskGroup(whole: string, before: string, value: string, after = ''): string {
  return secretValue(value) ? `${before}${maskSecret(value)}${after}` : whole;
}

type Step = (text: string) => string;

const tokenSteps: Step[] = TOKEN_FORMATS.map(
  (format) => (text) => text.replace(format.pattern, (match) => (format.accept && !format.accept(match) ? match : maskSecret(match, format.shown(match)))),
);

const privateKeys: Step = (text) => (text.includes('PRIVATE KEY') ? text.replace(PRIVATE_KEY, (whole, header: string, body: string) => (body === '' ? whole : `${header}${maskSecret(body, '')}`)) : text);

const slackWebhooks: Step = (text) => (text.includes('hooks.slack.com') ? text.replace(SLACK_WEBHOOK, (_whole, host: string, path: string) => `${host}${maskSecret(path, '')}`) : text);

/** `scheme://user:password@host` (RFC 3986 §3.2.1 userinfo), in URLs and connection strings. */
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@'"`]*:)([^\s@/'"`]+)(@)/gi;
const urlPasswords: Step = (text) => (text.includes('://') ? text.replace(URL_PASSWORD, maskGroup) : text);

/**
 * `Authorization: Bearer x`, `"Authorization": "token x"`, `-H 'Proxy-Authorization: Basic x'` (RFC 9110 §11.6.2),
 * and `setRequestHeader("Authorization", "Bearer x")`. Without a scheme the value must look random: prose ("the
 * Authorization header"), lists of header names and `rbac.authorization.k8s.io` are not credentials.
 */
const AUTH_HEADER = /(\b(?:Proxy-)?[Aa]uthorization\b["'`]?\s*(?<separator>[:=,]?)\s*(?:[rbfu]?["'`])?\s*(?<scheme>(?:Bearer|bearer|Basic|basic|Token|token|Digest|Bot|Key|SSWS)\s+)?)(?<value>[^\s"'`,;)}\]]+)/g;
/** A bearer or basic credential outside a header: long and random (`Bearer 4f9a…`), not a word (`Basic authentication`). */
const AUTH_SCHEME = /(\b(?:Bearer|Basic)\s+)([A-Za-z0-9._~+/-]{16,}=*)/g;

function looksRandom(value: string): boolean {
  return value.length >= 16 && /\d/.test(value) && /[A-Za-z]/.test(value);
}

const authorization: Step = (text) => {
  if (!/bearer|basic|authorization/i.test(text)) return text;
  const headers = eachMatch(text, AUTH_HEADER, (m) => {
    const { separator = '', scheme, value = '' } = m.groups ?? {};
    if (/^(?:Bearer|Basic|Token|Digest)$/i.test(value)) return m[0];
    if (scheme === undefined && (separator === '' || !looksRandom(value))) return m[0];
    return maskGroup(m[0], m[0].slice(0, m[0].length - value.length), value);
  });
  return headers.replace(AUTH_SCHEME, (whole, before: string, value: string) => (/\d/.test(value) ? maskGroup(whole, before, value) : whole));
};

/**
 * Passwords on command lines: `mysql -pSECRET` (the MySQL client reads a password glued to -p), `curl -u user:pw`,
 * `sshpass -p pw`.
 */
const MYSQL_PASSWORD = /(\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlshow|mysqlcheck|mariadb|mariadb-dump)\b[^\n;|&]*?\s-p)([^\s'"`;|&]+)/g;
const CURL_USER = /(\bcurl\b[^\n;|&]*?\s(?:-u|--user)[\s=]+['"]?[^\s:'"]+:)([^\s'"`;|&]+)/g;
const SSHPASS = /(\bsshpass\s+-p\s*['"]?)([^\s'"`;|&]+)/g;
const commandLines: Step = (text) => {
  if (!/mysql|mariadb|curl|sshpass/.test(text)) return text;
  return text.replace(MYSQL_PASSWORD, maskGroup).replace(CURL_USER, maskGroup).replace(SSHPASS, maskGroup);
};

/** Versions and version ranges: `"jsonwebtoken": "^9.0.3"` names a package, not a token. */
const VERSION = /^(?:[~^<>=v]*\d+(?:\.[\dx*]+)+(?:[-+][\w.]+)?|latest|next|workspace:.*|npm:.*|file:.*|link:.*)$/;

/** A bound value of a secret-named key is masked when it looks like a secret, not a placeholder or a reference. */
function boundSecret(name: string, value: string): boolean {
  const word = secretWordOf(name.replace(/^-+/, ''));
  return word !== null && !VERSION.test(value) && looksLikeSecretValue(value, word);
}

/**
 * A bare (unquoted) value is a literal in `.env`, YAML, shell and URLs, but in code it is often a variable, a call
 * or a type: `password=get_password()`, `token: Optional[str]`, `secret=self.secret`, `password=user_password`,
 * `password = await hash(…)`.
 */
function bareReference(value: string, next: string, name: string): boolean {
  if (/^[([.<]/.test(next)) return true;
  if (/^(?:await|new|yield|typeof|void|delete|function|async|lambda|not|require|import|this|self|cls|super)$/.test(value)) return true;
  if (/^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+$/.test(value)) return true;
  return /^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$/.test(value) && secretWordOf(name) !== null && !/[A-Z]/.test(name);
}

/** Replace each match of the global `pattern` by what `replace` makes of it. */
function eachMatch(text: string, pattern: RegExp, replace: (m: RegExpExecArray & { index: number }) => string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    out += text.slice(last, m.index) + replace(m);
    last = m.index + m[0].length;
  }
  return last === 0 ? text : out + text.slice(last);
}

const KEY = String.raw`(?<![\w$@.-])(?<!\$\{)(?:--?)?(?<keyQuote>["'\x60]?)(?<name>[A-Za-z_][A-Za-z0-9_.-]*)\k<keyQuote>\]?`;
/** `=`, `:`, `==`, `=>`, `:=`, and an annotation before the value (`password: str = "…"`). */
const SEPARATOR = String.raw`\s*(?:===?|!==?|=>|:=|:\s*[A-Za-z_][\w.\[\], |]*?\s+=(?!=)|:|=)\s*`;
const QUOTED = String.raw`[rbuf]{0,2}(?<quote>["'\x60])(?<quoted>(?:\\.|(?!\k<quote>)[^\\\n])*)\k<quote>`;
const BARE = String.raw`(?<bare>[^\s"'\x60,;&|(){}<>\[\]]+)`;
/** `name = "value"`, `name: value`, `"name": "value"`, `NAME=value`, `--name=value`, `name == "value"`, `name: str = "value"`. */
const BOUND = new RegExp(`(?<head>${KEY}${SEPARATOR})(?:${QUOTED}|${BARE})`, 'g');
/** `ENV NAME value` (the Dockerfile form without `=`) and `--name value` / `"--name", "value"` on command lines. */
const SPACED = /(?<lead>(?:^|\s)ENV\s+|(?:^|[\s"'[,])--)(?<name>[A-Za-z][\w-]*)(?<gap>(?:\s+|["'],\s*)["']?)(?<value>[^\s"'`;|&]+)/g;

const boundValues: Step = (text) => {
  if (!/[:=]/.test(text) && !/ENV|--/.test(text)) return text;
  const bound = eachMatch(text, BOUND, (m) => {
    const { head = '', name = '', quote, quoted, bare } = m.groups ?? {};
    // A bare value at the end of a sentence ends before its full stop: `Allow-Credentials: true.`
    const value = quoted ?? bare?.replace(/[.,:;!?]+$/, '') ?? '';
    const closing = quote ?? bare?.slice(value.length) ?? '';
    if (!boundSecret(name, value)) return m[0];
    if (quote === undefined && bareReference(value, text.charAt(m.index + m[0].length), name)) return m[0];
    const opening = m[0].slice(head.length, m[0].length - value.length - closing.length);
    return `${head}${opening}${maskSecret(value)}${closing}`;
  });
  return eachMatch(bound, SPACED, (m) => {
    const { lead = '', name = '', gap = '', value = '' } = m.groups ?? {};
    return boundSecret(name, value) ? `${lead}${name}${gap}${maskSecret(value)}` : m[0];
  });
};

/** Literal defaults of secret-named environment variables. */
const ENV_DEFAULT_CALL = /(\b(?:getenv|environ\.get|env\.get|Getenv|getEnv|env)\(\s*["'`]([A-Za-z_]\w*)["'`]\s*,\s*[rbuf]?(["'`]))((?:\\.|(?!\3)[^\\\n])*)(\3)/g;
const ENV_DEFAULT_JS = /(process\.env(?:\.([A-Za-z_]\w*)|\[\s*["'`]([A-Za-z_]\w*)["'`]\s*\])\s*(?:\|\||\?\?)\s*(["'`]))((?:\\.|(?!\4)[^\\\n])*)(\4)/g;
const ENV_DEFAULT_SHELL = /(\$\{([A-Za-z_]\w*):?[-=])([^}\s]+)(\})/g;
const envDefaults: Step = (text) => {
  if (!/env|\$\{/i.test(text)) return text;
  return text
    .replace(ENV_DEFAULT_CALL, (whole, before: string, name: string, _q: string, value: string, after: string) => (boundSecret(name, value) ? `${before}${maskSecret(value)}${after}` : whole))
    .replace(ENV_DEFAULT_JS, (whole, before: string, dotted: string | undefined, indexed: string | undefined, _q: string, value: string, after: string) =>
      boundSecret(dotted ?? indexed ?? '', value) ? `${before}${maskSecret(value)}${after}` : whole,
    )
    .replace(ENV_DEFAULT_SHELL, (whole, before: string, name: string, value: string, after: string) => (boundSecret(name, value) ? `${before}${maskSecret(value)}${after}` : whole));
};

/** In order: whole tokens first (their prefix is kept), then credentials found by their context. */
const STEPS: readonly Step[] = [privateKeys, ...tokenSteps, slackWebhooks, urlPasswords, authorization, commandLines, envDefaults, boundValues];

/** Most strings (names, paths, numbers, words) cannot hold a secret any step would find: skip them fast. */
const MAY_HOLD_SECRET = /[=:@]|--|_|-----|uthorization|env|hooks\.slack|\b(?:AIza|A[SKBC][IC]A|eyJ|sk-|gl[a-z]+-|pypi-|SG\.|xox|xapp-|Bearer|Basic|mysql|mariadb|sshpass|ENV)/i;

/** `text` with every secret the detector recognises masked; masked forms already in it are left as they are. */
export function maskSecretsIn(text: string): string {
  if (text.length < 8 || !MAY_HOLD_SECRET.test(text)) return text;
  let out = text;
  for (const step of STEPS) out = outsideMasks(out, step);
  return out;
}
