/**
 * Task runners whose tasks are written in a file of their own: Makefile targets (prerequisites first, variables
 * expanded, each recipe line a shell of its own), just recipes, tox environments, nox sessions, and gulp or grunt
 * tasks that spawn processes. Each turns a command (`make tests`, `just test`, `tox -e py312`, `nox -s tests`,
 * `gulp coverage`) into the scripts it runs, for ci-commands.ts to follow.
 */
import type { CodeFacts, DataFacts, FileFacts, ValueFact } from '../../facts/types.js';
import { at, items, str } from '../../facts/located.js';
import { parseIni } from '../manifests/python.js';
import { dirOf, joinPath } from '../../util/paths.js';

export interface TaskStep {
  script: string;
  cwd: string;
  via: string;
}

export interface TaskFiles {
  /** The scripts a task-runner command runs, or null when the command is no task runner's (or its file is absent). */
  expand(argv: readonly string[], cwd: string, vars: ReadonlyMap<string, string>): TaskStep[] | null;
}

interface MakeRule {
  prerequisites: string[];
  recipe: string[];
}

interface Makefile {
  vars: Map<string, string>;
  rules: Map<string, MakeRule>;
  first?: string;
}

/** Logical lines: a trailing backslash joins the next line (kept as a shell line continuation in recipes). */
function logicalLines(text: string): Array<{ text: string; recipe: boolean }> {
  const out: Array<{ text: string; recipe: boolean }> = [];
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i] ?? '';
    const recipe = line.startsWith('\t');
    while (line.endsWith('\\') && i + 1 < lines.length) line = recipe ? `${line}\n${(lines[++i] ?? '').replace(/^\t/, '')}` : `${line.slice(0, -1)} ${(lines[++i] ?? '').trim()}`;
    out.push({ text: line, recipe });
  }
  return out;
}

const MAKE_ASSIGNMENT = /^(?:export\s+|override\s+)*([A-Za-z_][\w.-]*)\s*(:{1,3}=|\?=|\+=|!=|=)\s*(.*)$/;

export function parseMakefile(text: string): Makefile {
  const file: Makefile = { vars: new Map(), rules: new Map() };
  let current: MakeRule[] = [];
  let inDefine = false;
  for (const { text: line, recipe } of logicalLines(text)) {
    if (inDefine) {
      if (/^\s*endef\b/.test(line)) inDefine = false;
      continue;
    }
    if (recipe) {
      const command = line.slice(1).replace(/^[@+-]+/, '').trim();
      if (command !== '' && !command.startsWith('#')) for (const rule of current) rule.recipe.push(command);
      continue;
    }
    const stripped = line.replace(/(^|[^\\])#.*$/, '$1').trimEnd();
    if (stripped.trim() === '') continue;
    if (/^\s*define\s/.test(stripped)) {
      inDefine = true;
      continue;
    }
    if (/^\s*(ifn?eq|ifn?def|else|endif|-?include|sinclude|vpath|unexport)\b/.test(stripped)) continue;
    const assignment = MAKE_ASSIGNMENT.exec(stripped);
    if (assignment?.[1] && !/^[^=]*:[^=]/.test(stripped.slice(0, stripped.indexOf(assignment[2] ?? '=')))) {
      const [, name, op, value = ''] = assignment;
      if (op === '?=' && file.vars.has(name)) continue;
      if (op === '!=') continue;
      file.vars.set(name, op === '+=' ? `${file.vars.get(name) ?? ''} ${value}`.trim() : value);
      current = [];
      continue;
    }
    const colon = /^([^:=]+?)\s*::?\s*(.*)$/.exec(stripped);
    if (!colon?.[1]) {
      current = [];
      continue;
    }
    const targets = colon[1].trim().split(/\s+/);
    let rest = colon[2] ?? '';
    // `target: VAR = value` sets a variable for that target only.
    if (/^[A-Za-z_][\w.-]*\s*(:{1,3}=|\?=|\+=|=)/.test(rest)) {
      current = [];
      continue;
    }
    let inline: string | undefined;
    const semicolon = rest.indexOf(';');
    if (semicolon !== -1) {
      inline = rest.slice(semicolon + 1).trim();
      rest = rest.slice(0, semicolon);
    }
    const prerequisites = rest.replace(/\|/g, ' ').split(/\s+/).filter(Boolean);
    current = [];
    for (const target of targets) {
      if (target.startsWith('.') || target.includes('%')) continue;
      const rule = file.rules.get(target) ?? { prerequisites: [], recipe: [] };
      rule.prerequisites.push(...prerequisites);
      if (inline) rule.recipe.push(inline);
      file.rules.set(target, rule);
      current.push(rule);
      file.first ??= target;
    }
  }
  return file;
}

const MAKE_FUNCTIONS = /^(shell|wildcard|patsubst|subst|addprefix|addsuffix|filter|filter-out|foreach|if|or|and|call|eval|origin|value|dir|notdir|basename|suffix|word|words|firstword|lastword|sort|strip|findstring|join|realpath|abspath|error|warning|info)\s/;

/** Make's own expansion of `$(X)`, `${X}`, `$@`, `$<`, `$^`, `$$` in a recipe line; unknown variables become `${X}` for the shell. */
export function expandMake(text: string, vars: ReadonlyMap<string, string>, auto: { target: string; prerequisites: readonly string[] }, depth = 0): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (c !== '$') {
      out += c;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i++;
    } else if (next === '@') {
      out += auto.target;
      i++;
    } else if (next === '<') {
      out += auto.prerequisites[0] ?? '';
      i++;
    } else if (next === '^') {
      out += auto.prerequisites.join(' ');
      i++;
    } else if (next === '(' || next === '{') {
      const close = next === '(' ? ')' : '}';
      let level = 0;
      let end = -1;
      for (let j = i + 1; j < text.length; j++) {
        if (text[j] === next) level++;
        else if (text[j] === close && --level === 0) {
          end = j;
          break;
        }
      }
      if (end === -1) {
        out += text.slice(i);
        break;
      }
      const inner = text.slice(i + 2, end);
      i = end;
      if (inner === 'MAKE') out += 'make';
      else if (inner === 'CURDIR') out += '.';
      else if (MAKE_FUNCTIONS.test(inner)) out += inner.startsWith('shell ') ? `$(${inner.slice(6)})` : `$(${inner})`;
      else {
        const value = vars.get(inner);
        out += value === undefined ? `\${${inner}}` : depth < 10 ? expandMake(value, vars, auto, depth + 1) : value;
      }
    } else out += c;
  }
  return out;
}

const MAKE_VALUE_OPTIONS = new Set(['-C', '--directory', '-f', '--file', '--makefile', '-j', '--jobs', '-l', '--load-average', '-I', '--include-dir', '-o', '-W']);

/** `make [-C dir] [-f file] [VAR=value …] [target …]`. */
function makeCall(argv: readonly string[], cwd: string): { dir: string; file: string; overrides: Map<string, string>; targets: string[] } | null {
  if (!/^(g?make)$/.test(argv[0] ?? '')) return null;
  let dir = cwd;
  let file: string | undefined;
  const overrides = new Map<string, string>();
  const targets: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i] ?? '';
    const eq = w.indexOf('=');
    if (w.startsWith('-')) {
      const name = eq === -1 ? w : w.slice(0, eq);
      const value = eq === -1 ? argv[i + 1] : w.slice(eq + 1);
      if ((name === '-C' || name === '--directory') && value) dir = joinPath(dir, value);
      if ((name === '-f' || name === '--file' || name === '--makefile') && value) file = value;
      if (eq === -1 && MAKE_VALUE_OPTIONS.has(name)) i++;
      continue;
    }
    if (eq > 0 && /^[A-Za-z_][\w.-]*$/.test(w.slice(0, eq))) overrides.set(w.slice(0, eq), w.slice(eq + 1));
    else targets.push(w);
  }
  return { dir, file: file ? joinPath(dir, file) : '', overrides, targets };
}

interface JustRecipe {
  params: Array<{ name: string; fallback?: string; variadic: boolean }>;
  dependencies: string[];
  body: string[];
  shebang: boolean;
}

interface Justfile {
  vars: Map<string, string>;
  recipes: Map<string, JustRecipe>;
  first?: string;
}

function unquoteJust(value: string): string {
  const v = value.trim();
  return /^(["']).*\1$/.test(v) ? v.slice(1, -1) : v;
}

export function parseJustfile(text: string): Justfile {
  const file: Justfile = { vars: new Map(), recipes: new Map() };
  const lines = text.split('\n');
  let current: JustRecipe | null = null;
  for (const raw of lines) {
    if (current && /^\s+\S/.test(raw)) {
      const line = raw.trim();
      if (current.body.length === 0 && line.startsWith('#!')) current.shebang = true;
      else if (!line.startsWith('#') || current.shebang) current.body.push(current.shebang ? line : line.replace(/^[@-]+/, ''));
      continue;
    }
    if (raw.trim() === '' || raw.trim().startsWith('#')) {
      if (raw.trim() === '' && current && current.body.length > 0) current = null;
      continue;
    }
    current = null;
    const variable = /^(?:export\s+)?([A-Za-z_][\w-]*)\s*:=\s*(.*)$/.exec(raw);
    if (variable?.[1]) {
      file.vars.set(variable[1], unquoteJust(variable[2] ?? ''));
      continue;
    }
    if (/^(set|alias|import|mod)\s/.test(raw) || raw.startsWith('[')) continue;
    const header = /^@?([A-Za-z_][\w-]*)((?:\s+[^:]+?)?)\s*:(?!=)\s*(.*)$/.exec(raw);
    if (!header?.[1]) continue;
    const params = (header[2] ?? '')
      .trim()
      .split(/\s+(?=[+*$]?[A-Za-z_])/)
      .filter(Boolean)
      .map((p) => {
        const variadic = /^[+*]/.test(p);
        const [name = '', fallback] = p.replace(/^[+*$]/, '').split('=');
        return fallback === undefined ? { name, variadic } : { name, fallback: unquoteJust(fallback), variadic };
      });
    const dependencies = (header[3] ?? '').replace(/&&/g, ' ').split(/\s+/).filter((d) => /^[A-Za-z_][\w-]*$/.test(d));
    current = { params, dependencies, body: [], shebang: false };
    file.recipes.set(header[1], current);
    file.first ??= header[1];
  }
  return file;
}

const JUST_VALUE_OPTIONS = new Set(['-f', '--justfile', '-d', '--working-directory', '--set', '--dotenv-filename', '--dotenv-path', '--shell', '--shell-arg', '--color', '--chooser']);

/** `tox -e a,b -- args`, `tox run -e a`, `tox p`: the environments and the positional arguments. */
function toxCall(argv: readonly string[]): { envs: string[] | null; posargs: string[] } | null {
  if (argv[0] !== 'tox') return null;
  const dashes = argv.indexOf('--');
  const options = dashes === -1 ? argv.slice(1) : argv.slice(1, dashes);
  let envs: string[] | null = null;
  for (let i = 0; i < options.length; i++) {
    const w = options[i] ?? '';
    if (w === '-e' || w === '--env') envs = (options[i + 1] ?? '').split(',').filter(Boolean);
    else if (w.startsWith('-e') && w.length > 2) envs = w.slice(2).split(',').filter(Boolean);
    else if (w.startsWith('--env=')) envs = w.slice(6).split(',').filter(Boolean);
  }
  return { envs: envs?.some((e) => e.includes('$') || e.includes('{')) ? null : envs, posargs: dashes === -1 ? [] : argv.slice(dashes + 1) };
}

/** `py{310,311}-django{4,5}` → every combination. */
function expandFactors(env: string): string[] {
  const m = /\{([^{}]*)\}/.exec(env);
  if (!m) return [env];
  return (m[1] ?? '').split(',').flatMap((alt) => expandFactors(env.replace(m[0], alt.trim())));
}

/** The command lines of one tox environment, factor conditions (`py311: pytest`) applied, `{posargs}` filled. */
function toxCommands(sections: ReturnType<typeof parseIni>, env: string, posargs: readonly string[]): string[] {
  const section = sections.get(`testenv:${env}`) ?? sections.get('testenv');
  const base = sections.get('testenv');
  const lines = [...(section?.get('commands_pre')?.value ?? base?.get('commands_pre')?.value ?? []), ...(section?.get('commands')?.value ?? base?.get('commands')?.value ?? [])];
  const factors = new Set(env.split('-'));
  const out: string[] = [];
  for (const raw of lines) {
    let line = raw;
    const conditional = /^([\w,!-]+):\s+(.*)$/.exec(line);
    if (conditional?.[1]) {
      const applies = conditional[1].split(',').some((f) => f.split('-').every((part) => (part.startsWith('!') ? !factors.has(part.slice(1)) : factors.has(part))));
      if (!applies) continue;
      line = conditional[2] ?? '';
    }
    line = line
      .replace(/\{posargs(?::([^}]*))?\}/g, (_w, fallback?: string) => (posargs.length > 0 ? posargs.join(' ') : (fallback ?? '')))
      .replace(/\{toxinidir\}\/?/g, './')
      .replace(/\{envpython\}/g, 'python')
      .replace(/\{env:[^}]*\}/g, '');
    if (line.trim() !== '' && !line.startsWith('-')) out.push(line);
    else if (line.startsWith('-')) out.push(line.slice(1).trim());
  }
  return out;
}

/** Sessions of a noxfile: function name (or `name=`) → the commands `session.run(...)` runs. */
function noxSessions(file: CodeFacts): { sessions: Map<string, string[][]>; defaults: string[] | null } {
  const sessions = new Map<string, string[][]>();
  file.functions.forEach((fn, index) => {
    const decorator = fn.decorators.find((d) => /^(nox\.)?session$/.test(d.name));
    if (!decorator) return;
    const name = decorator.kwargs['name']?.value;
    const param = fn.params[0]?.name ?? 'session';
    const runs = file.calls
      .filter((c) => (c.fn === index || (c.line >= fn.line && c.line <= fn.endLine)) && (c.callee === `${param}.run` || c.callee === `${param}.run_always`))
      .map((c) => c.args.filter((a) => a.kind === 'string' && typeof a.value === 'string').map((a) => String(a.value)));
    sessions.set(typeof name === 'string' ? name : fn.name, runs.filter((r) => r.length > 0));
  });
  const options = file.bindings.find((b) => b.name === 'nox.options.sessions' && b.fn === -1);
  const defaults = options ? (stringElements(options.value) ?? null) : null;
  return { sessions, defaults };
}

/**
 * `["a", "b"]` → ['a', 'b']; null when some element is not a string literal. With `partial`, a list whose text was
 * clipped (`["run", "coverage", "ru…`) gives the elements before the clip.
 */
export function stringElements(value: ValueFact, partial = false): string[] | null {
  if (value.kind === 'string' && typeof value.value === 'string') return [value.value];
  if (value.kind !== 'array') return null;
  const out: string[] = [];
  const clipped = partial && value.text.endsWith('…');
  const text = clipped ? value.text.slice(0, value.text.lastIndexOf(',') + 1) : value.text;
  const rest = text.replace(/(["'`])((?:\\.|(?!\1).)*)\1/g, (_m, _q: string, s: string) => {
    out.push(s);
    return '';
  });
  return /^[\s[\],]*$/.test(rest) ? out : null;
}

const SPAWNERS = new Set(['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'execa', 'execaSync', 'execaCommand', 'execaCommandSync', 'fork']);

/**
 * Tasks of a gulpfile or Gruntfile: name → the commands the task spawns (child_process calls and their aliases,
 * `const es = child_process.execSync`), following `gulp.series`/`gulp.parallel` and `grunt.registerTask` lists.
 */
function jsTasks(file: CodeFacts): (task: string) => string[] {
  const spawners = new Set(SPAWNERS);
  for (const b of file.bindings) {
    if (b.via === 'assign' && /(?:child_process|require\(\s*["']child_process["']\s*\))\.(\w+)$/.test(b.value.text)) spawners.add(b.name);
  }
  /** Commands spawned by the calls within the lines of a function. */
  const spawned = (from: number, to: number): string[] => {
    const out: string[] = [];
    for (const call of file.calls) {
      if (call.line < from || call.line > to) continue;
      const name = call.callee.slice(call.callee.lastIndexOf('.') + 1);
      if (!spawners.has(call.callee) && !spawners.has(name)) continue;
      const program = call.args[0];
      if (program?.kind !== 'string' || typeof program.value !== 'string') continue;
      const args = call.args[1] ? stringElements(call.args[1], true) : [];
      out.push(args && args.length > 0 && !/^(exec|execSync|execaCommand|execaCommandSync)$/.test(name) ? [program.value, ...args].map((w) => (/\s/.test(w) ? `'${w}'` : w)).join(' ') : program.value);
    }
    return out;
  };
  const registered = new Map<string, ValueFact[]>();
  for (const call of file.calls) {
    if (!/(^|\.)(task|registerTask)$/.test(call.callee)) continue;
    const name = call.args[0];
    if (name?.kind === 'string' && typeof name.value === 'string') registered.set(name.value, call.args.slice(1));
  }
  const exported = new Map<string, string>();
  for (const b of file.bindings) {
    const m = /^(?:module\.)?exports\.([\w:-]+)$/.exec(b.name);
    if (m?.[1] && b.via === 'assign') exported.set(m[1], b.value.text);
  }
  const resolve = (task: string, seen: Set<string>): string[] => {
    if (seen.has(task)) return [];
    seen.add(task);
    const out: string[] = [];
    const fromText = (text: string): void => {
      // `gulp.series("lint", coverage)`: task names and function names, in order.
      for (const m of text.matchAll(/(["'])([\w:-]+)\1|\b([A-Za-z_$][\w$]*)\b/g)) {
        const name = m[2] ?? m[3] ?? '';
        if (m[2]) out.push(...resolve(name, seen));
        else if (!/^(gulp|grunt|series|parallel|function|async|cb|done)$/.test(name)) {
          const fn = file.functions.find((f) => f.name === name && f.parent === -1);
          if (fn) out.push(...spawned(fn.line, fn.endLine));
        }
      }
    };
    const args = registered.get(task);
    if (args) {
      for (const arg of args) {
        if (arg.kind === 'lambda') {
          const fn = file.functions.find((f) => f.passedTo !== undefined && f.line === file.calls.find((c) => c.args.includes(arg))?.line);
          if (fn) out.push(...spawned(fn.line, fn.endLine));
        } else fromText(arg.text);
      }
      return out;
    }
    const value = exported.get(task);
    if (value !== undefined) {
      fromText(value);
      return out;
    }
    const fn = file.functions.find((f) => f.name === task && f.parent === -1);
    return fn ? spawned(fn.line, fn.endLine) : out;
  };
  return (task) => resolve(task, new Set());
}

const GULPFILES = ['gulpfile.js', 'gulpfile.mjs', 'gulpfile.cjs', 'gulpfile.ts', 'gulpfile.babel.js'];
const GRUNTFILES = ['Gruntfile.js', 'gruntfile.js', 'Gruntfile.cjs', 'Gruntfile.ts'];

function legacyToxIni(file: FileFacts | undefined): string | undefined {
  if (file?.kind !== 'data') return undefined;
  const data: DataFacts = file;
  return str(at(data.documents[0] ?? undefined, 'tool', 'tox', 'legacy_tox_ini'));
}

/** tox.toml / `[tool.tox]`: `env_run_base` and `env.<name>` tables with `commands = [["pytest", "{posargs}"]]`. */
function toxTomlCommands(file: FileFacts | undefined, env: string, posargs: readonly string[], prefix: readonly string[]): string[] | null {
  if (file?.kind !== 'data') return null;
  const root = at(file.documents[0] ?? undefined, ...prefix);
  if (!root) return null;
  const table = at(root, 'env', env) ?? at(root, 'env_run_base');
  const base = at(root, 'env_run_base');
  const commands = at(table, 'commands') ?? at(base, 'commands');
  if (!commands) return null;
  return items(commands).map((command) =>
    items(command)
      .map((w) => (str(w) ?? '').replace(/\{posargs(?::([^}]*))?\}/g, (_m, fallback?: string) => (posargs.length > 0 ? posargs.join(' ') : (fallback ?? ''))))
      .filter(Boolean)
      .join(' '),
  );
}

/** tox.toml `env_list`. */
function toxEnvList(file: FileFacts | undefined): string[] {
  if (file?.kind !== 'data') return [];
  return items(at(file.documents[0] ?? undefined, 'env_list')).map((n) => str(n) ?? '').filter(Boolean);
}

export function taskFiles(files: readonly FileFacts[]): TaskFiles {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const text = (path: string): string | undefined => {
    const f = byPath.get(path);
    return f?.kind === 'text' ? f.text : undefined;
  };
  const makefiles = new Map<string, Makefile>();
  const justfiles = new Map<string, Justfile>();
  const makefile = (path: string): Makefile | undefined => {
    let parsed = makefiles.get(path);
    const source = parsed ? undefined : text(path);
    if (!parsed && source !== undefined) {
      parsed = parseMakefile(source);
      makefiles.set(path, parsed);
    }
    return parsed;
  };
  const justfile = (path: string): Justfile | undefined => {
    let parsed = justfiles.get(path);
    const source = parsed ? undefined : text(path);
    if (!parsed && source !== undefined) {
      parsed = parseJustfile(source);
      justfiles.set(path, parsed);
    }
    return parsed;
  };

  const expandMakeCall = (argv: readonly string[], cwd: string, env: ReadonlyMap<string, string>): TaskStep[] | null => {
    const call = makeCall(argv, cwd);
    if (!call) return null;
    const path = call.file || ['GNUmakefile', 'makefile', 'Makefile'].map((n) => joinPath(call.dir, n)).find((p) => text(p) !== undefined) || '';
    const parsed = makefile(path);
    if (!parsed) return null;
    const vars = new Map([...env, ...parsed.vars, ...call.overrides]);
    const out: TaskStep[] = [];
    const done = new Set<string>();
    const visit = (target: string): void => {
      if (done.has(target)) return;
      done.add(target);
      const rule = parsed.rules.get(target);
      if (!rule) return;
      const prerequisites = rule.prerequisites.map((p) => expandMake(p, vars, { target, prerequisites: [] })).flatMap((p) => p.split(/\s+/)).filter(Boolean);
      for (const p of prerequisites) visit(p);
      // Each recipe line runs in a shell of its own.
      for (const line of rule.recipe) out.push({ script: expandMake(line, vars, { target, prerequisites }), cwd: call.dir, via: `${path} ${target}` });
    };
    const targets = call.targets.length > 0 ? call.targets : parsed.first ? [parsed.first] : [];
    for (const t of targets) visit(t);
    return out;
  };

  const expandJustCall = (argv: readonly string[], cwd: string): TaskStep[] | null => {
    if (argv[0] !== 'just') return null;
    let file: string | undefined;
    let dir = cwd;
    let i = 1;
    for (; i < argv.length && (argv[i] ?? '').startsWith('-'); i++) {
      const w = argv[i] ?? '';
      if ((w === '-f' || w === '--justfile') && argv[i + 1]) file = joinPath(cwd, argv[i + 1] ?? '');
      if ((w === '-d' || w === '--working-directory') && argv[i + 1]) dir = joinPath(cwd, argv[i + 1] ?? '');
      if (JUST_VALUE_OPTIONS.has(w)) i++;
    }
    let path = file;
    if (!path) {
      // just looks for its file in the folder it runs in and then upwards.
      for (let d = cwd; ; d = dirOf(d)) {
        path = ['justfile', 'Justfile', '.justfile'].map((n) => joinPath(d, n)).find((p) => text(p) !== undefined);
        if (path || d === '.') break;
      }
    }
    const parsed = path ? justfile(path) : undefined;
    if (!parsed || !path) return null;
    const where = file || dir !== cwd ? dir : dirOf(path);
    const name = argv[i] ?? (parsed.recipes.has('default') ? 'default' : parsed.first);
    if (!name) return [];
    const args = argv.slice(i + 1);
    const out: TaskStep[] = [];
    const done = new Set<string>();
    const visit = (recipeName: string, recipeArgs: readonly string[]): void => {
      if (done.has(recipeName)) return;
      done.add(recipeName);
      const recipe = parsed.recipes.get(recipeName);
      if (!recipe) return;
      for (const dep of recipe.dependencies) visit(dep, []);
      const vars = new Map(parsed.vars);
      recipe.params.forEach((p, index) => vars.set(p.name, p.variadic ? recipeArgs.slice(index).join(' ') : (recipeArgs[index] ?? p.fallback ?? '')));
      const interpolate = (line: string): string => line.replace(/\{\{\s*([A-Za-z_][\w-]*)\s*\}\}/g, (whole, v: string) => vars.get(v) ?? whole);
      const via = `${path} ${recipeName}`;
      if (recipe.shebang) out.push({ script: recipe.body.map(interpolate).join('\n'), cwd: where, via });
      else for (const line of recipe.body) out.push({ script: interpolate(line), cwd: where, via });
    };
    visit(name, args);
    return out;
  };

  const expandToxCall = (argv: readonly string[], cwd: string): TaskStep[] | null => {
    const call = toxCall(argv);
    if (!call) return null;
    const iniPath = joinPath(cwd, 'tox.ini');
    const iniText = text(iniPath) ?? legacyToxIni(byPath.get(joinPath(cwd, 'pyproject.toml')));
    const tomlFile = byPath.get(joinPath(cwd, 'tox.toml'));
    if (iniText !== undefined) {
      const sections = parseIni(iniText);
      const listed = (sections.get('tox')?.get('envlist')?.value ?? []).join(',').split(/[,\s]+/).filter(Boolean).flatMap(expandFactors);
      const declared = [...sections.keys()].filter((s) => s.startsWith('testenv:')).map((s) => s.slice('testenv:'.length));
      const envs = call.envs ?? (listed.length > 0 ? listed : declared.length > 0 ? declared : ['py']);
      const where = iniText === text(iniPath) ? iniPath : joinPath(cwd, 'pyproject.toml');
      return envs.flatMap((env) => toxCommands(sections, env, call.posargs).map((script) => ({ script, cwd, via: `${where} ${env}` })));
    }
    const envs = call.envs ?? toxEnvList(tomlFile);
    const commands = (envs.length > 0 ? envs : ['']).flatMap((env) => toxTomlCommands(tomlFile, env, call.posargs, []) ?? []);
    return commands.length > 0 ? commands.map((script) => ({ script, cwd, via: joinPath(cwd, 'tox.toml') })) : null;
  };

  const expandNoxCall = (argv: readonly string[], cwd: string): TaskStep[] | null => {
    if (argv[0] !== 'nox') return null;
    const fileOption = argv.findIndex((w) => w === '-f' || w === '--noxfile');
    const path = joinPath(cwd, fileOption !== -1 ? (argv[fileOption + 1] ?? 'noxfile.py') : 'noxfile.py');
    const file = byPath.get(path);
    if (file?.kind !== 'code') return null;
    const { sessions, defaults } = noxSessions(file);
    const wanted: string[] = [];
    for (let i = 1; i < argv.length; i++) {
      if (!['-s', '--session', '--sessions', '-e'].includes(argv[i] ?? '')) continue;
      for (let j = i + 1; j < argv.length && !(argv[j] ?? '').startsWith('-'); j++) wanted.push(argv[j] ?? '');
    }
    const names = wanted.length > 0 ? wanted : (defaults ?? [...sessions.keys()]);
    return names.flatMap((name) => (sessions.get(name.replace(/\(.*$/, '')) ?? []).map((run) => ({ script: run.map((w) => (/\s/.test(w) ? `'${w}'` : w)).join(' '), cwd, via: `${path} ${name}` })));
  };

  const expandJsTaskCall = (argv: readonly string[], cwd: string): TaskStep[] | null => {
    const tool = argv[0];
    if (tool !== 'gulp' && tool !== 'grunt') return null;
    const names = tool === 'gulp' ? GULPFILES : GRUNTFILES;
    const path = names.map((n) => joinPath(cwd, n)).find((p) => byPath.get(p)?.kind === 'code');
    const file = path ? byPath.get(path) : undefined;
    if (!path || file?.kind !== 'code') return null;
    const tasks = jsTasks(file);
    const wanted = argv.slice(1).filter((w) => !w.startsWith('-'));
    return (wanted.length > 0 ? wanted : ['default']).flatMap((task) => tasks(task).map((script) => ({ script, cwd, via: `${path} ${task}` })));
  };

  return {
    expand(argv, cwd, vars) {
      return expandMakeCall(argv, cwd, vars) ?? expandJustCall(argv, cwd) ?? expandToxCall(argv, cwd) ?? expandNoxCall(argv, cwd) ?? expandJsTaskCall(argv, cwd);
    },
  };
}
