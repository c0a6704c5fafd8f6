/**
 * Hostile fixture repositories (test/fixtures/hostile/) hold `@@NAME@@` where a secret or a control sequence goes:
 * no real-looking token is committed. `materialise` copies one into a temporary folder with made-up values in
 * the right format, the same on every run (a fixed seed).
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const HOSTILE = join(import.meta.dirname, '..', 'fixtures', 'hostile');

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ALNUM = `${UPPER}abcdefghijklmnopqrstuvwxyz0123456789`;
const HEX = '0123456789abcdef';
const BASE64 = `${ALNUM}+/`;
const BASE64URL = `${ALNUM}-_`;
const DIGITS = '0123456789';

/** A deterministic generator of made-up secrets. */
class Maker {
  private state = 20240611;

  /** mulberry32: 32-bit arithmetic throughout, so the sequence never degenerates. */
  private next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** `length` characters of `alphabet`, with at least one digit and one letter when the alphabet has both. */
  of(length: number, alphabet = ALNUM): string {
    for (;;) {
      const text = Array.from({ length }, () => alphabet[this.next() % alphabet.length] ?? '').join('');
      if (!/\d/.test(alphabet) || !/[a-z]/i.test(alphabet) || (/\d/.test(text) && /[a-z]/i.test(text))) return text;
    }
  }
}

/**
 * A planted secret: `value` goes into the file; `secret` is the part that must never be printed in full; `masked`
 * matches its masked form (a prefix of at most 12 characters, four stars, its length).
 */
export interface Planted {
  value: string;
  secret: string;
  masked: RegExp;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function maskedForm(secret: string, before?: string): RegExp {
  const prefixes = before === undefined ? Array.from({ length: 11 }, (_, i) => escapeRegExp(secret.slice(0, i + 2))) : [escapeRegExp(before)];
  return new RegExp(`(?:${prefixes.join('|')})\\*{4} \\(${secret.length} chars\\)`);
}

function plant(value: string, secret = value, before?: string): Planted {
  return { value, secret, masked: maskedForm(secret, before) };
}

/** The body of a key in a one-line string: masked with what follows it, the header kept. */
function privateKey(body: string): Planted {
  return { value: body, secret: body, masked: /-----BEGIN RSA PRIVATE KEY-----\*{4} \(\d+ chars\)/ };
}

/** The made-up value of every `@@NAME@@` of test/fixtures/hostile/secrets, by name. */
export function secretsFor(): Map<string, Planted> {
  const m = new Maker();
  const slackPath = (): string => `T${m.of(8, UPPER + DIGITS)}/B${m.of(10, UPPER + DIGITS)}/${m.of(24)}`;
  const webhook = (): Planted => {
    const path = slackPath();
    return plant(`https://hooks.slack.com/services/${path}`, path, 'services/');
  };
  const basic = Buffer.from(`deploy:${m.of(18)}`).toString('base64');
  const entries: Array<[string, Planted]> = [
    ['GITHUB_TOKEN', plant(`ghp_${m.of(36)}`)],
    ['GITHUB_PAT', plant(`github_pat_${m.of(22)}_${m.of(59)}`)],
    ['JWT', plant(`eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ${m.of(30, BASE64URL)}.${m.of(43, BASE64URL)}`)],
    ['OPAQUE_BEARER', plant(m.of(40, HEX))],
    ['BASIC_AUTH', plant(basic)],
    ['HEX_API_KEY', plant(m.of(32, HEX))],
    ['ACCESS_TOKEN', plant(m.of(40))],
    ['GOOGLE_KEY', plant(`AIza${m.of(35, BASE64URL)}`)],
    ['SLACK_WEBHOOK', webhook()],
    ['STRIPE_KEY', plant(`sk_live_${m.of(24)}`)],
    ['GITLAB_TOKEN', plant(`glpat-${m.of(20, BASE64URL)}`)],
    ['OPENAI_KEY', plant(`sk-proj-${m.of(48, BASE64URL)}`)],
    ['ANTHROPIC_KEY', plant(`sk-ant-api03-${m.of(93, BASE64URL)}AA`)],
    ['NPM_TOKEN', plant(`npm_${m.of(36)}`)],
    ['PRIVATE_KEY_BODY', privateKey(`MIIEow${m.of(58, BASE64)}`)],
    ['AWS_KEY_ID', plant(`AKIA${m.of(16, UPPER + DIGITS)}`)],
    ['AWS_SECRET', plant(m.of(40, BASE64))],
    ['PSQL_PASSWORD', plant(`Pg${m.of(14)}`)],
    ['MYSQL_PASSWORD', plant(`My${m.of(14)}`)],
    ['CLI_FLAG_PASSWORD', plant(`Cl${m.of(14)}`)],
    ['COMMENT_TOKEN', plant(`ghr_${m.of(36)}`)],
    ['TS_GITHUB_TOKEN', plant(`gho_${m.of(36)}`)],
    ['TS_STRIPE_KEY', plant(`sk_test_${m.of(24)}`)],
    ['TS_SLACK_TOKEN', plant(`xoxb-${m.of(11, DIGITS)}-${m.of(12, DIGITS)}-${m.of(24)}`)],
    ['TS_API_KEY', plant(m.of(40, HEX))],
    ['TS_AWS_KEY_ID', plant(`ASIA${m.of(16, UPPER + DIGITS)}`)],
    ['CI_ENV_SLACK', plant(`xoxb-${m.of(11, DIGITS)}-${m.of(12, DIGITS)}-${m.of(24)}`)],
    ['CI_WITH_API_KEY', plant(m.of(32))],
    ['CI_WITH_WEBHOOK', webhook()],
    ['CI_STEP_ENV_NPM', plant(`npm_${m.of(36)}`)],
    ['CI_RUN_BEARER', plant(m.of(40))],
    ['CI_RUN_PG_PASSWORD', plant(`Ci${m.of(14)}`)],
    ['CI_RUN_SLACK_PATH', plant(slackPath(), undefined, 'services/')],
    ['COMPOSE_LIST_PASSWORD', plant(m.of(16))],
    ['COMPOSE_LIST_SLACK', plant(`xoxp-${m.of(11, DIGITS)}-${m.of(12, DIGITS)}-${m.of(32, HEX)}`)],
    ['COMPOSE_MAP_PASSWORD', plant(m.of(16))],
    ['COMPOSE_MAP_STRIPE', plant(`rk_live_${m.of(24)}`)],
    ['DOCKER_ARG_NPM', plant(`npm_${m.of(36)}`)],
    ['DOCKER_ENV_TOKEN', plant(m.of(32))],
    ['DOCKER_ENV_GITLAB', plant(`glpat-${m.of(20, BASE64URL)}`)],
    ['DOCKER_RUN_GITHUB', plant(`ghs_${m.of(36)}`)],
    ['DOCKER_CMD_TOKEN', plant(m.of(40))],
    ['DOTENV_PG_PASSWORD', plant(m.of(16))],
    ['DOTENV_SECRET_KEY', plant(m.of(50))],
    ['DOTENV_AWS_SECRET', plant(m.of(40, BASE64))],
  ];
  return new Map(entries);
}

/** What a line of a hostile file holds to try to retitle and clear the reader's terminal. */
export const TERMINAL_ATTACK = '\u001b]0;pwned\u0007\u001b[2J\u009b31m\u202eevil\u202c';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Copy `test/fixtures/hostile/<name>` to a temporary folder with every `@@NAME@@` replaced; returns the folder. */
export function materialise(name: string, values: ReadonlyMap<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), `seaworthy-hostile-${name}-`));
  cpSync(join(HOSTILE, name), root, { recursive: true });
  for (const file of filesUnder(root)) {
    const text = readFileSync(file, 'utf8');
    const filled = text.replace(/@@([A-Z_]+)@@/g, (_whole, key: string) => {
      const value = values.get(key);
      if (value === undefined) throw new Error(`no value for @@${key}@@ in ${file}`);
      return value;
    });
    if (filled !== text) writeFileSync(file, filled);
  }
  return root;
}
