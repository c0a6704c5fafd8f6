/**
 * `audit()`: the main job, as a function. Discover → extract facts (worker threads) → project model → rules →
 * report. Throws only for input that cannot be audited at all (InputError, ConfigError); every problem with a
 * single file ends up in `errors[]`.
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { stat } from 'node:fs/promises';
import { loadConfig, type ResolvedConfig } from './config/load-config.js';
import { discover, type Discovery } from './discover/walk.js';
import { extractAll } from './engine/extract-all.js';
import { mergeFacts, reuseFacts } from './engine/reuse-facts.js';
import type { Rule } from './engine/rule.js';
import { checkSelectors, selects } from './engine/rule-ids.js';
import { runRules } from './engine/run-rules.js';
import type { StrengthCheck } from './engine/strength.js';
import { InputError } from './errors.js';
import type { FileFacts } from './facts/types.js';
import type { Report } from './model/report.js';
import { buildProject } from './project/build-project.js';
import { shellReader } from './parse/shell.js';
import { computeMetrics } from './project/metrics.js';
import type { Project } from './project/project.js';
import { buildReport } from './report/build-report.js';
import { RULES } from './rules/index.js';
import { STRENGTHS } from './strengths/index.js';
import { headCommit } from './util/git.js';

export interface AuditOptions {
  /** Folder to audit. */
  path: string;
  /** Explicit configuration file (otherwise `.seaworthy.yml` in the target). */
  configFile?: string;
  /** A configuration already loaded, used instead of reading one (a baseline audit reuses the current one). */
  config?: ResolvedConfig;
  /** Rule names, codes or categories to run exclusively / to skip. */
  only?: readonly string[];
  skip?: readonly string[];
  /** Worker threads for fact extraction; default: the number of CPUs, at most 2 per the design. */
  jobs?: number;
  /** Rules to run instead of the built-in catalogue (tests). */
  rules?: readonly Rule[];
  /** Strength checks to run instead of the built-in catalogue (tests); none when `rules` is given without them. */
  strengths?: readonly StrengthCheck[];
  /** Also report the findings and strengths of preview rules (marked, never scored). */
  preview?: boolean;
  /** The files git tracks in the folder, relative to it, when known (a baseline tree); otherwise git is asked. */
  tracked?: readonly string[];
  /** Facts of an earlier audit of nearly the same files: those with the same path and content are not parsed again. */
  previous?: readonly FileFacts[];
  /** Called when a phase starts (the CLI shows progress on a TTY); `files` is known from extraction on. */
  onProgress?: (event: AuditProgress) => void;
}

export interface AuditProgress {
  phase: 'discover' | 'extract' | 'model' | 'rules' | 'report';
  files?: number;
  /** While parsing: files done so far (reused ones included). */
  done?: number;
}

export interface AuditResult {
  report: Report;
  project: Project;
  config: ResolvedConfig;
}

/** The absolute path of a folder that can be audited, or an InputError saying why not. */
export async function checkTarget(path: string): Promise<string> {
  const absolute = resolve(path);
  let info;
  try {
    info = await stat(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(`path not found: ${path}`, 'give the folder of a repository, e.g. `seaworthy audit .`');
    throw new InputError(`cannot open ${path} (${code ?? 'error'})`, 'check that the folder exists and is readable');
  }
  if (!info.isDirectory()) throw new InputError(`${path} is a file, not a folder`, 'seaworthy audits a whole repository: give its root folder');
  return absolute;
}

function matches(item: Pick<Rule | StrengthCheck, 'meta'>, selectors: readonly string[]): boolean {
  // A rule is also selected by a former name (src/rules/redirects.ts); a strength check by its name, code or category.
  return selectors.some((s) => s === item.meta.name || s === item.meta.code || s === item.meta.category || ('messages' in item.meta && selects(s, item as Rule)));
}

/**
 * Rules or strength checks left by the configuration (`off`) and by `--only`/`--skip` (names, codes, categories).
 * When selecting rules, a selector that names no rule and no category is a usage error (a typo must not pass as a
 * clean run).
 */
export function selectRules<T extends Pick<Rule | StrengthCheck, 'meta'>>(all: readonly T[], config: ResolvedConfig, only: readonly string[] = [], skip: readonly string[] = [], rules?: readonly Rule[]): T[] {
  if (rules) {
    checkSelectors(only, '--only', rules);
    checkSelectors(skip, '--skip', rules);
  }
  return all.filter((rule) => {
    const override = config.rules[rule.meta.name] ?? config.rules[rule.meta.code];
    if (override && !override.enabled) return false;
    if (only.length > 0 && !matches(rule, only)) return false;
    return !matches(rule, skip);
  });
}

/** Files found to be minified while reading count as skipped generated files, like those known by name. */
function noteGenerated(discovery: Discovery, generated: readonly string[]): void {
  if (generated.length === 0) return;
  const paths = new Set(generated);
  discovery.files = discovery.files.filter((f) => !paths.has(f.path));
  discovery.skippedFiles.generated += generated.length;
  discovery.otherFiles.push(...generated);
}

export async function audit(options: AuditOptions): Promise<AuditResult> {
  const root = await checkTarget(options.path);
  const config = options.config ?? loadConfig(root, options.configFile);
  // Selectors are checked before the long part, so that a typo fails in a second.
  const rules = selectRules(options.rules ?? RULES, config, options.only, options.skip, options.rules ?? RULES);
  options.onProgress?.({ phase: 'discover' });
  const discovery = await discover(root, { maxFileSize: config.maxFileSize, ignore: config.ignore, ...(options.tracked ? { tracked: options.tracked } : {}) });
  const jobs = Math.max(1, options.jobs ?? Math.min(2, availableParallelism()));
  const total = discovery.files.length;
  options.onProgress?.({ phase: 'extract', files: total, done: 0 });
  const { reused, rest } = await reuseFacts(discovery.files, options.previous);
  const extraction = await extractAll(rest, jobs, 'facts', (done) => options.onProgress?.({ phase: 'extract', files: total, done: reused.length + done }));
  noteGenerated(discovery, extraction.generated);
  options.onProgress?.({ phase: 'model', files: discovery.files.length });
  const project = buildProject({ root, files: mergeFacts(extraction.facts, reused), lockfiles: discovery.lockfiles, otherFiles: discovery.otherFiles, configured: config.components, shell: await shellReader() });
  options.onProgress?.({ phase: 'rules', files: discovery.files.length });
  const checks = selectRules(options.strengths ?? (options.rules ? [] : STRENGTHS), config, options.only, options.skip);
  const run = runRules(project, rules, checks);
  options.onProgress?.({ phase: 'report', files: discovery.files.length });
  const commit = await headCommit(root);
  const report = buildReport({
    targetPath: options.path,
    ...(commit ? { commit } : {}),
    project,
    rules,
    catalogue: RULES,
    run,
    errors: [...discovery.errors, ...extraction.errors],
    metrics: computeMetrics(project, discovery),
    config,
    preview: options.preview === true,
  });
  return { report, project, config };
}
