/**
 * A hostile repository (test/fixtures/hostile/secrets) plants every kind of secret where seaworthy's rules quote it:
 * request headers and call arguments in Python and TypeScript, a workflow's `run:`, `with:` and `env:`, a compose
 * `environment:` list and map, a Dockerfile's ARG, ENV, RUN and CMD, a `.env`, a TODO comment (a finding's message).
 * The built binary writes every format of `audit`, `profile` (text and JSON) and `explain` (a finding, the same
 * finding from a saved report, the score); no byte of any output may hold a planted secret in full, and each secret
 * must show up masked somewhere, which proves that its line was quoted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditAndProfileOutputs, stdoutOf } from '../helpers/cli.js';
import { materialise, secretsFor } from '../helpers/hostile.js';

const planted = secretsFor();
let project: string;
let scratch: string;
let outputs: Map<string, string>;

interface ReportJson {
  findings: Array<{ id: string; fingerprint: string; locations: Array<{ path: string; snippet: string }> }>;
}

beforeAll(() => {
  project = materialise('secrets', new Map([...planted].map(([name, p]) => [name, p.value])));
  scratch = mkdtempSync(join(tmpdir(), 'seaworthy-hostile-out-'));
  outputs = auditAndProfileOutputs(project, scratch);
  const report = JSON.parse(outputs.get('audit -o report.json') ?? '') as ReportJson;
  // A finding whose quoted line holds a GitHub token in a request header.
  const finding = report.findings.find((f) => f.id === 'http-call-without-timeout' && f.locations[0]?.snippet.includes('api.github.com/user/repos'));
  expect(finding, 'the timeout finding on the GitHub request').toBeDefined();
  const fingerprint = finding?.fingerprint ?? '';
  outputs.set('explain FINGERPRINT', stdoutOf(['explain', fingerprint, project]));
  outputs.set('explain FINGERPRINT --report', stdoutOf(['explain', fingerprint, '--report', join(scratch, 'report.json')]));
  outputs.set('explain --score', stdoutOf(['explain', '--score', project]));
}, 240_000);

afterAll(() => {
  rmSync(project, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

/** The text as a reader sees it: Markdown backslash escapes and HTML entities undone, so that neither hides a leak. */
function readings(text: string): string[] {
  const markdown = text.replace(/\\([!-/:-@[-`{-~])/g, '$1');
  const html = text.replace(/&(amp|lt|gt|quot|#39);/g, (_whole, entity: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[entity] ?? '');
  return [text, markdown, html];
}

describe('no output of seaworthy prints a planted secret in full', () => {
  it('runs every command and format', () => {
    expect([...outputs.keys()]).toEqual([
      'audit',
      'audit --verbose',
      'audit -o report.txt',
      'audit -o review.md',
      'audit -o report.json',
      'audit -o report.sarif',
      'audit -o review.html',
      'audit --format markdown',
      'audit --format json',
      'audit --format sarif',
      'audit --format html',
      'profile',
      'profile --format json',
      'explain FINGERPRINT',
      'explain FINGERPRINT --report',
      'explain --score',
    ]);
  });

  it.each([...planted.keys()])('%s never appears in full, and appears masked', (name) => {
    const { secret, masked } = planted.get(name) ?? { secret: '?', masked: /^$/ };
    for (const [output, text] of outputs) {
      for (const reading of readings(text)) expect(reading.includes(secret), `${name} in full in ${output}`).toBe(false);
    }
    const shown = [...outputs].filter(([, text]) => masked.test(text)).map(([output]) => output);
    expect(shown.length, `${name} masked (${String(masked)}) in some output`).toBeGreaterThan(0);
  });

  it('explains a finding whose line holds a secret with the secret masked, fresh or from a saved report', () => {
    const { secret, masked } = planted.get('GITHUB_TOKEN') ?? { secret: '?', masked: /^$/ };
    for (const output of ['explain FINGERPRINT', 'explain FINGERPRINT --report']) {
      const text = outputs.get(output) ?? '';
      expect(text).toContain('api.github.com/user/repos');
      expect(text).toMatch(masked);
      expect(text).not.toContain(secret);
    }
  });

  it('masks the values of the profile: workflow with/env, compose environment, Dockerfile RUN and CMD', () => {
    const profile = outputs.get('profile --format json') ?? '';
    for (const name of ['CI_ENV_SLACK', 'CI_WITH_API_KEY', 'CI_WITH_WEBHOOK', 'CI_STEP_ENV_NPM', 'CI_RUN_PG_PASSWORD', 'CI_RUN_SLACK_PATH', 'COMPOSE_LIST_PASSWORD', 'COMPOSE_LIST_SLACK', 'COMPOSE_MAP_PASSWORD', 'COMPOSE_MAP_STRIPE', 'DOCKER_RUN_GITHUB', 'DOCKER_CMD_TOKEN']) {
      expect(profile, name).toMatch(planted.get(name)?.masked ?? /^$/);
    }
    expect(outputs.get('profile')).toMatch(planted.get('DOCKER_CMD_TOKEN')?.masked ?? /^$/);
  });

  it('never masks a masked value again (issue 17: "(**** (**** (1 chars) chars))" for a one-character password)', () => {
    const all = [...outputs.values()].join('\n');
    expect(all).toContain('(**** (1 chars))');
    expect(all).not.toContain('**** (**** (');
  });

  it('masks a secret in a finding message (a TODO comment quoted by debt-marker)', () => {
    const report = JSON.parse(outputs.get('audit --format json') ?? '') as { findings: Array<{ id: string; message: string }> };
    const todo = report.findings.find((f) => f.id === 'debt-marker' && f.message.includes('revoke'));
    expect(todo?.message).toMatch(planted.get('COMMENT_TOKEN')?.masked ?? /^$/);
  });
});
