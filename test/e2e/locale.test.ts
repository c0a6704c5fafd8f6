/**
 * Same input, same bytes, whatever the user's locale: the built binary audits one project under locales whose
 * collations disagree (Swedish sorts å, ä, ö after z; the default, ICU's root order, puts `_` before letters and
 * `a` before `B`, as Swedish does), and every output must be byte-identical.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');
const LOCALES = ['C', 'sv_SE.UTF-8'];
let project: string;

/** Names that a locale-aware sort orders differently from a code-point sort, and differently per locale. */
const COMPONENTS = ['zeta', 'ärlig', 'chaos', 'hotel', 'Beta', '_internal'];

const SOURCE = `import os
import requests


def fetch(url):
    return requests.get(url)


def handler():
    try:
        fetch(os.environ["ZEBRA_URL"])
    except Exception:
        pass
    return os.getenv("ÄPPLE_URL"), os.getenv("Öl_MODE"), os.getenv("apple_mode"), os.getenv("B_MODE"), os.getenv("BANANA")
`;

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'seaworthy-locale-'));
  for (const name of COMPONENTS) {
    mkdirSync(join(project, name));
    writeFileSync(join(project, name, 'main.py'), SOURCE);
    writeFileSync(join(project, name, 'pyproject.toml'), `[project]\nname = "${name}"\ndependencies = ["requests"]\n`);
  }
});

afterAll(() => {
  rmSync(project, { recursive: true, force: true });
});

function run(args: string[], locale: string): string {
  const env = { ...process.env, LC_ALL: locale, LANG: locale, LANGUAGE: '', NO_COLOR: '1' };
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

const REPORTS = ['report.json', 'review.md', 'report.sarif', 'review.html', 'report.txt'];

/** Every output of the binary for the project under one locale, by name. */
function outputs(locale: string): Map<string, string> {
  const dir = join(project, '..', `${basename(project)}-${locale}`);
  mkdirSync(dir, { recursive: true });
  const out = new Map<string, string>();
  out.set('audit --verbose', run(['audit', project, '--verbose', ...REPORTS.flatMap((r) => ['-o', join(dir, r)])], locale));
  for (const r of REPORTS) out.set(`audit -o ${r}`, readFileSync(join(dir, r), 'utf8'));
  out.set('profile', run(['profile', project], locale));
  out.set('profile --format json', run(['profile', project, '--format', 'json'], locale));
  rmSync(dir, { recursive: true, force: true });
  return out;
}

describe('output does not depend on the locale', () => {
  it('the locales used here do collate differently in this Node (otherwise the test proves nothing)', () => {
    const words = [...COMPONENTS, 'h', 'ch', 'y', 'i', 'a', 'B'];
    const orders = LOCALES.map((locale) => {
      const script = `process.stdout.write(JSON.stringify(${JSON.stringify(words)}.sort((a, b) => a.localeCompare(b))))`;
      return spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, LC_ALL: locale, LANG: locale } }).stdout;
    });
    expect(new Set(orders).size).toBe(LOCALES.length);
  });

  it('audit (every format) and profile give the same bytes under every locale', { timeout: 240_000 }, () => {
    const [first, ...others] = LOCALES.map(outputs);
    for (const [i, other] of others.entries()) {
      for (const [name, text] of first ?? []) expect(other.get(name), `${name} under ${LOCALES[i + 1] ?? ''}`).toBe(text);
    }
  });
});
