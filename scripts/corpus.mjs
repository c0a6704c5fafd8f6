#!/usr/bin/env node
/**
 * `npm run corpus`: audit every pinned repository of corpus/repos.tsv, match the findings to corpus/labels/, print
 * precision per rule and per severity, the findings without a label and the labelled-true findings that
 * disappeared, and regenerate docs/precision.md. A script, not a test: it needs the checkouts (see corpus/README.md).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpusDir = process.env.CORPUS_DIR ?? '/tmp/corpus';
/** The labels and the list of repositories: corpus/ here, or another folder (a labelling batch in progress). */
const corpusFiles = resolve(process.env.CORPUS_FILES ?? join(root, 'corpus'));
const mirrors = process.env.CORPUS_MIRRORS;
const SEVERITY_ORDER = ['blocker', 'high', 'medium', 'low', 'info'];
const byCodePoint = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

function usage(message) {
  process.stderr.write(`corpus: ${message}\nusage: npm run corpus -- [--only NAME,…] [--todo NAME] [--sample N] [--seaworthy DIR] [--no-preview]\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const options = { only: [], todo: undefined, sample: 10, seaworthy: root, preview: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => argv[++i] ?? usage(`${arg} needs a value`);
    if (arg === '--only') options.only.push(...value().split(',').filter(Boolean));
    else if (arg === '--todo') options.todo = value();
    else if (arg === '--sample') options.sample = Number(value());
    else if (arg === '--seaworthy') options.seaworthy = resolve(value());
    else if (arg === '--no-preview') options.preview = false;
    else usage(`unknown argument '${arg}'`);
  }
  if (options.todo) options.only = [options.todo];
  return options;
}

function readTsv(path) {
  if (!existsSync(path)) usage(`${path} does not exist (set CORPUS_FILES to a folder holding repos.tsv and labels/)`);
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'));
  const [header, ...rows] = lines.map((l) => l.split('\t'));
  return rows.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])));
}

/** The labels of one repository: `labels/<name>.jsonl`, then any `labels/<name>@<batch>.jsonl` added later. */
function readLabels(name) {
  const dir = join(corpusFiles, 'labels');
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir)
    .filter((f) => f === `${name}.jsonl` || (f.startsWith(`${name}@`) && f.endsWith('.jsonl')))
    .sort(byCodePoint);
  return files.flatMap((f) =>
    readFileSync(join(dir, f), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l, i) => {
        try {
          return { kind: 'finding', ...JSON.parse(l) };
        } catch {
          return usage(`${join(dir, f)}:${i + 1} is not JSON`);
        }
      }),
  );
}

function git(args, cwd) {
  return execFileSync('git', ['-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** The checkout of one repository at its pinned commit, or a sentence saying what is missing. */
function checkout(repo) {
  const dir = join(corpusDir, repo.name);
  if (!existsSync(dir)) {
    const mirror = mirrors ? join(mirrors, repo.repo.replace('/', '+'), 'repo') : undefined;
    if (!mirror || !existsSync(mirror)) return { missing: `git clone https://github.com/${repo.repo} ${dir} && git -C ${dir} checkout ${repo.commit}` };
    mkdirSync(corpusDir, { recursive: true });
    git(['clone', '-q', '--no-checkout', mirror, dir]);
    // Snapshots lack blobs of 4 MiB and more: check out everything else (no rule needs those files).
    const missingBlobs = git(['ls-tree', '-r', '-l', repo.commit], dir)
      .split('\n')
      .map((l) => /^\S+ blob (\S+)\s+(\d+)\t(.*)$/.exec(l))
      .filter((m) => m && Number(m[2]) >= 4 * 1024 * 1024)
      .map((m) => `!/${m[3]}`);
    if (missingBlobs.length > 0) {
      git(['sparse-checkout', 'set', '--no-cone', '/*', ...missingBlobs], dir);
    }
    git(['checkout', '-q', repo.commit], dir);
  }
  const head = git(['rev-parse', 'HEAD'], dir);
  if (head !== repo.commit) return { missing: `${dir} is at ${head.slice(0, 12)}, not ${repo.commit.slice(0, 12)}: git -C ${dir} checkout ${repo.commit}` };
  return { dir };
}

let previewFlag;
function supportsPreview(seaworthy) {
  previewFlag ??= execFileSync('node', [join(seaworthy, 'dist/cli/main.js'), 'audit', '--help'], { encoding: 'utf8' }).includes('--preview');
  return previewFlag;
}

function auditRepo(dir, options) {
  const args = [join(options.seaworthy, 'dist/cli/main.js'), 'audit', dir, '--format', 'json'];
  if (options.preview && supportsPreview(options.seaworthy)) args.push('--preview');
  let out;
  try {
    out = execFileSync('node', args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    if (error.status !== 1) throw error;
    out = error.stdout;
  }
  return JSON.parse(out);
}

const ruleOf = (item) => item.code ?? item.id;
const first = (item) => item.locations?.[0] ?? {};

/** Pairs labels with current items one-to-one: by fingerprint first, then by rule, path and line. */
function match(items, labels, kind) {
  const pool = labels.filter((l) => l.kind === kind);
  const used = new Set();
  const pairs = [];
  const take = (item, test) => {
    const index = pool.findIndex((l, i) => !used.has(i) && test(l));
    if (index < 0) return false;
    used.add(index);
    pairs.push({ item, label: pool[index] });
    return true;
  };
  const unmatched = [];
  for (const item of items) {
    const code = ruleOf(item);
    const loc = first(item);
    const sameRule = (l) => l.code === code || l.rule === item.id;
    if (item.fingerprint && take(item, (l) => sameRule(l) && l.fingerprint === item.fingerprint)) continue;
    if (take(item, (l) => sameRule(l) && l.path === loc.path && l.line === loc.line)) continue;
    unmatched.push(item);
  }
  const gone = pool.filter((_, i) => !used.has(i));
  return { pairs, unmatched, gone };
}

function emptyTally() {
  return { labelled: 0, true: 0, false: 0, noise: 0 };
}
function count(tally, verdict) {
  tally.labelled++;
  tally[verdict] = (tally[verdict] ?? 0) + 1;
}
const precision = (t) => (t.labelled === 0 ? '–' : `${Math.round((100 * t.true) / t.labelled)} %`);
/** A rule (or the part of it in the default output) earns stable status: enough labels, and precise enough. */
const EARNED = { labels: 20, precision: 0.9 };
const earned = (t) => t.labelled >= EARNED.labels && t.true >= EARNED.precision * t.labelled;
const describe = (t) => (t ? `${t.labelled} labelled, ${precision(t)}` : 'no labels');

/** The rule catalogue of the build being measured, with each rule's status (builds older than `rules --format json`: none). */
function ruleCatalogue(seaworthy) {
  try {
    return JSON.parse(execFileSync('node', [join(seaworthy, 'dist/cli/main.js'), 'rules', '--format', 'json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  } catch {
    return [];
  }
}

function template(item, kind, seaworthyCommit) {
  const loc = first(item);
  return JSON.stringify({
    kind,
    rule: item.id,
    code: item.code,
    ...(kind === 'finding' ? { severity: item.severity } : {}),
    path: loc.path,
    line: loc.line,
    ...(item.fingerprint ? { fingerprint: item.fingerprint } : {}),
    verdict: '',
    reason: '',
    title: item.title,
    message: item.message,
    labelledWith: seaworthyCommit,
  });
}

/** All blocker/high findings, then up to `sample` others spread over the rules (round-robin, by fingerprint). */
function todo(unmatched, sample) {
  const severe = unmatched.filter((f) => f.severity === 'blocker' || f.severity === 'high');
  const rest = unmatched.filter((f) => !severe.includes(f));
  const byRule = new Map();
  for (const f of [...rest].sort((a, b) => byCodePoint(a.fingerprint, b.fingerprint))) {
    const list = byRule.get(f.code) ?? [];
    list.push(f);
    byRule.set(f.code, list);
  }
  const queues = [...byRule.keys()].sort(byCodePoint).map((k) => byRule.get(k));
  const picked = [];
  while (picked.length < sample && queues.some((q) => q.length > 0)) {
    for (const q of queues) if (q.length > 0 && picked.length < sample) picked.push(q.shift());
  }
  return [...severe, ...picked];
}

function table(header, rows) {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const repos = readTsv(join(corpusFiles, 'repos.tsv'));
  const selected = options.only.length ? repos.filter((r) => options.only.includes(r.name)) : repos;
  for (const name of options.only) if (!repos.some((r) => r.name === name)) usage(`no repository named '${name}' in corpus/repos.tsv`);
  const seaworthyCommit = git(['rev-parse', '--short=12', 'HEAD'], options.seaworthy);

  const perRule = new Map();
  const perSeverity = new Map(SEVERITY_ORDER.map((s) => [s, emptyTally()]));
  const perRepo = [];
  const strengths = emptyTally();
  const missing = [];
  const unlabelled = [];
  const disappeared = [];
  const stillFalse = [];
  const catalogue = ruleCatalogue(options.seaworthy);

  for (const repo of selected) {
    const where = checkout(repo);
    if (where.missing) {
      missing.push(`${repo.name}: ${where.missing}`);
      continue;
    }
    const report = auditRepo(where.dir, options);
    const labels = readLabels(repo.name);
    const findings = match(report.findings, labels, 'finding');
    const credits = match(report.strengths, labels, 'strength');
    if (options.todo) {
      for (const f of todo(findings.unmatched, options.sample)) process.stdout.write(`${template(f, 'finding', seaworthyCommit)}\n`);
      for (const s of credits.unmatched) process.stdout.write(`${template(s, 'strength', seaworthyCommit)}\n`);
      return;
    }
    const repoTally = emptyTally();
    for (const { item, label } of findings.pairs) {
      if (!['true', 'false', 'noise'].includes(label.verdict)) continue;
      // The part of a rule in the default output and its preview part are measured apart: each earns its own status.
      const parts = perRule.get(item.code) ?? { stable: emptyTally(), preview: emptyTally() };
      count(item.preview ? parts.preview : parts.stable, label.verdict);
      perRule.set(item.code, parts);
      if (!item.preview) {
        count(perSeverity.get(item.severity), label.verdict);
        count(repoTally, label.verdict);
      }
      if (label.verdict === 'false') stillFalse.push(`${repo.name}: ${item.code} ${first(item).path}:${first(item).line} — ${label.reason}`);
    }
    for (const { label } of credits.pairs) if (['true', 'false'].includes(label.verdict)) count(strengths, label.verdict);
    for (const f of findings.unmatched) if (f.severity === 'blocker' || f.severity === 'high') unlabelled.push(`${repo.name}: ${f.severity} ${f.code} ${first(f).path}:${first(f).line} ${f.title}`);
    const otherUnlabelled = findings.unmatched.filter((f) => f.severity !== 'blocker' && f.severity !== 'high').length;
    if (otherUnlabelled) unlabelled.push(`${repo.name}: ${otherUnlabelled} medium/low/info findings without a label`);
    for (const label of findings.gone) if (label.verdict === 'true') disappeared.push(`${repo.name}: ${label.code} ${label.path}:${label.line} — ${label.reason}`);
    perRepo.push([repo.name, repo.added, String(report.findings.length), String(repoTally.labelled), String(repoTally.true), precision(repoTally), String(report.score?.overall ?? '–')]);
  }

  const total = emptyTally();
  for (const { stable: t } of perRule.values()) for (const k of Object.keys(total)) total[k] += t[k];
  const known = catalogue.length > 0 ? catalogue : [...perRule.keys()].sort(byCodePoint).map((code) => ({ code, name: '', status: 'stable' }));
  const ruleRows = known.map((rule) => {
    const parts = perRule.get(rule.code) ?? { stable: emptyTally(), preview: emptyTally() };
    const t = parts.stable;
    const p = parts.preview;
    return [rule.code, rule.name, rule.status, String(t.labelled), String(t.true), String(t.false), String(t.noise), precision(t), earned(t) ? 'yes' : 'no', p.labelled ? `${p.labelled}, ${precision(p)}` : '–'];
  });
  const statusProblems = known
    .filter((rule) => rule.status === 'stable' && !earned(perRule.get(rule.code)?.stable ?? emptyTally()))
    .map((rule) => `${rule.code} ${rule.name}: stable without earning it (${describe(perRule.get(rule.code)?.stable)})`);
  const severityRows = SEVERITY_ORDER.map((s) => {
    const t = perSeverity.get(s);
    return [s, String(t.labelled), String(t.true), String(t.false), String(t.noise), precision(t)];
  });
  const text = [
    `Corpus: ${selected.length - missing.length} of ${selected.length} repositories audited with seaworthy ${seaworthyCommit}; ${total.labelled} labelled findings matched, precision ${precision(total)}; strengths ${strengths.labelled} labelled, precision ${precision(strengths)}.`,
    '',
    table(['rule', 'name', 'status', 'labelled', 'true', 'false', 'noise', 'precision', 'earned', 'preview part'], ruleRows),
    '',
    table(['severity', 'labelled', 'true', 'false', 'noise', 'precision'], severityRows),
    '',
    table(['repository', 'added', 'findings', 'labelled', 'true', 'precision', 'score'], perRepo),
  ].join('\n');
  process.stdout.write(`${text}\n`);
  const section = (title, lines) => lines.length && process.stdout.write(`\n${title} (${lines.length}):\n${lines.map((l) => `  ${l}`).join('\n')}\n`);
  section('Missing checkouts', missing);
  section('Blocker/high findings without a label, and counts of the rest', unlabelled);
  section('Labelled-true findings that disappeared', disappeared);
  section('Labelled-false findings still reported', stillFalse);
  if (options.only.length === 0) section('Status not earned (stable needs at least 20 labelled findings in the default output at 90 % precision or more)', statusProblems);

  if (options.only.length === 0 && missing.length === 0 && process.env.CORPUS_FILES === undefined) {
    const doc = [
      '# Precision on the labelled corpus',
      '',
      'Generated by `npm run corpus` (scripts/corpus.mjs) from `corpus/`; do not edit by hand. A finding counts when a',
      'label matches it (corpus/README.md); precision is true / labelled. Preview rules are included (run with',
      '`--preview`) so that they can earn stable status.',
      '',
      text,
      '',
    ].join('\n');
    writeFileSync(join(root, 'docs', 'precision.md'), doc);
  }
}

main();
