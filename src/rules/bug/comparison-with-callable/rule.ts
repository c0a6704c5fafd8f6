import type { CodeFacts, ComparisonFact, ValueFact } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import { escapeRegExp } from '../../../parse/code/common.js';
import type { Project } from '../../../project/project.js';

type MessageId = 'callable';

/** Module functions that read like values: `os.system` looks like `os.name`, `os.platform` like `process.platform`. */
const PY_MODULE_FUNCTIONS: Record<string, readonly string[]> = {
  os: ['system', 'getcwd', 'getpid', 'getppid', 'getuid', 'getgid', 'getlogin', 'cpu_count', 'uname', 'getenv', 'umask'],
  platform: ['system', 'machine', 'platform', 'node', 'release', 'version', 'processor', 'python_version', 'python_implementation', 'architecture', 'mac_ver', 'win32_ver'],
  sys: ['getdefaultencoding', 'getfilesystemencoding', 'getrecursionlimit', 'getsizeof'],
  time: ['time', 'monotonic', 'perf_counter', 'time_ns'],
  getpass: ['getuser'],
  socket: ['gethostname', 'getfqdn'],
  locale: ['getpreferredencoding', 'getlocale'],
  shutil: ['which'],
};
const JS_MODULE_FUNCTIONS: Record<string, readonly string[]> = {
  os: ['platform', 'type', 'arch', 'hostname', 'homedir', 'tmpdir', 'release', 'version', 'endianness', 'machine'],
  process: ['cwd', 'uptime', 'memoryUsage', 'getuid', 'getgid', 'hrtime'],
  Date: ['now'],
  Math: ['random'],
};
const PY_BUILTINS = new Set(['len', 'callable', 'input', 'id', 'hash', 'abs', 'max', 'min', 'sum', 'sorted', 'print', 'open', 'repr', 'iter', 'next', 'vars', 'dir', 'globals', 'locals', 'any', 'all']);
/** String methods: `name.lower == "admin"` compares the bound method, never the text. */
const PY_STR_METHODS = /\.(lower|upper|strip|lstrip|rstrip|casefold|capitalize|swapcase)$/;
const JS_STR_METHODS = /\.(toLowerCase|toUpperCase|toLocaleLowerCase|toLocaleUpperCase|trim|trimStart|trimEnd|toString|toISOString|toFixed|valueOf)$/;
const JS_MODULES: Record<string, readonly string[]> = { os: ['os', 'node:os'], process: ['process', 'node:process'] };

function literal(v: ValueFact): boolean {
  return v.kind === 'string' || v.kind === 'number';
}

function moduleAliases(file: CodeFacts, module: string): Set<string> {
  const modules = file.language === 'python' ? [module] : (JS_MODULES[module] ?? []);
  const out = new Set<string>();
  for (const imp of file.imports) {
    if (!modules.includes(imp.module)) continue;
    if (file.language === 'python' ? imp.names.length === 0 : imp.names.includes('default') || imp.names.includes('*')) out.add(imp.alias ?? module);
  }
  // Globals that need no import.
  if (file.language !== 'python' && (module === 'Date' || module === 'Math' || module === 'process')) out.add(module);
  return out;
}

/** The text of the function the comparison sits in (or the whole file): to see whether a name is rebound there. */
function scopeText(project: Project, file: CodeFacts, c: ComparisonFact): string {
  const text = project.readText(file.path) ?? '';
  const fn = file.functions[c.fn];
  return fn ? text.split('\n').slice(fn.line - 1, fn.endLine).join('\n') : text;
}

function rebound(scope: string, name: string, python: boolean): boolean {
  const n = escapeRegExp(name);
  const assignment = python
    ? new RegExp(`(^|[^.\\w])${n}\\s*(=[^=]|:=|:\\s*\\w)|\\bfor\\s+[^:]*\\b${n}\\b[^:]*\\bin\\b|\\bas\\s+${n}\\b|\\b(global|nonlocal)\\b[^\\n]*\\b${n}\\b|\\b(def|lambda)\\b[^\\n:]*[(,\\s]${n}\\b`)
    : new RegExp(`\\b(const|let|var)\\s+[^;=]*\\b${n}\\b|(^|[^.\\w$])${n}\\s*=[^=>]|[(,]\\s*${n}\\s*[,)=:]`);
  return assignment.test(scope);
}

/** Why `v` names a function, or null. */
function callableName(project: Project, file: CodeFacts, c: ComparisonFact, v: ValueFact, other: ValueFact): string | null {
  const python = file.language === 'python';
  if (v.kind === 'attribute') {
    // Only against a string: `bounds.lower == 0` is a range bound, not `str.lower`.
    if ((python ? PY_STR_METHODS : JS_STR_METHODS).test(v.text)) return other.kind === 'string' ? 'a string method' : null;
    const dot = v.text.lastIndexOf('.');
    const owner = v.text.slice(0, dot);
    const name = v.text.slice(dot + 1);
    for (const [module, names] of Object.entries(python ? PY_MODULE_FUNCTIONS : JS_MODULE_FUNCTIONS)) {
      if (names.includes(name) && moduleAliases(file, module).has(owner)) return `a function of \`${module}\``;
    }
    return null;
  }
  if (v.kind !== 'identifier') return null;
  const name = v.text;
  const scope = scopeText(project, file, c);
  if (python && PY_BUILTINS.has(name) && !rebound(project.readText(file.path) ?? '', name, true)) return 'a built-in function';
  const defined = file.functions.filter((f) => f.parent === -1 && !f.className && f.name === name);
  if (defined.length === 0 || file.bindings.some((b) => b.fn === -1 && b.name === name)) return null;
  if (file.functions[c.fn]?.params.some((p) => p.name === name) || rebound(scope, name, python)) return null;
  return `the function defined at line ${defined[0]?.line ?? 0}`;
}

export default defineRule<MessageId>({
  meta: {
    code: 'BUG001',
    name: 'comparison-with-callable',
    category: 'bug',
    severity: 'medium',
    confidence: 'high',
    title: 'Function compared with a literal',
    description: 'A function object (not its result) compared with a string or number: `os.system == "nt"`, `name.lower == "admin"`. The comparison is always false.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend'],
    messages: {
      callable: '`{{text}}` compares `{{callable}}` — {{why}}, not a value — with {{literal}}: the comparison is always {{result}}. {{hint}}',
    },
    fix: 'Compare the value you meant: call the function (`name.lower() == "admin"`, `os.platform() === "win32"`) or use the attribute that holds the value (`os.name == "nt"`, `process.platform`).',
    acceptance: 'No function object is compared with a literal.',
    references: ['pylint W0143 (comparison-with-callable)', 'CWE-480: Use of Incorrect Operator', 'CWE-570: Expression is Always False'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const file of project.code()) {
      for (const c of file.comparisons ?? []) {
        if (c.operator === 'is' || c.operator === 'is not') continue;
        const [fnSide, litSide] = literal(c.right) ? [c.left, c.right] : [c.right, c.left];
        if (!literal(litSide)) continue;
        const why = callableName(project, file, c, fnSide, litSide);
        if (!why) continue;
        const negated = c.operator.startsWith('!');
        const hint =
          fnSide.text === 'os.system' ? 'Use `os.name` (or `sys.platform`) to test the platform.' : file.language !== 'python' && fnSide.text.endsWith('.platform') ? 'Use `process.platform`, or call `os.platform()`.' : `Did you mean \`${fnSide.text}()\`?`;
        report({
          messageId: 'callable',
          data: {
            text: `${c.left.text} ${c.operator} ${c.right.text}`,
            callable: fnSide.text,
            why,
            literal: `\`${litSide.text}\``,
            result: negated ? 'true' : 'false',
            hint,
          },
          path: file.path,
          line: c.line,
        });
      }
    }
  },
});
