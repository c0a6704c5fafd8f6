import type { CallFact, CodeFacts, ValueFact } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import type { Project } from '../../../project/project.js';
import { callSource, firstArgumentSource, importedNames, interpolatedExpressions, isBuiltString, isDevOnlyPath, moduleAliases, REQUEST_INPUT, splitCallee } from '../shared.js';

type MessageId = 'builtCommand' | 'variableCommand';

const SUBPROCESS = /^(run|call|check_call|check_output|Popen)$/;
const ALWAYS_SHELL_PY = /^(os\.system|os\.popen|subprocess\.getoutput|subprocess\.getstatusoutput|commands\.getoutput|asyncio\.create_subprocess_shell)$/;
const CHILD_PROCESS = ['child_process', 'node:child_process'];

/** An interpolated piece that cannot carry shell syntax: quoted, a number, a constant. */
function isSafePiece(expr: string): boolean {
  return /^(shlex\.quote|pipes\.quote|quote|shellescape|shellEscape|escapeShellArg|int|float|len|str\(int)\(/.test(expr) || /^\d+$/.test(expr) || /^[A-Z][A-Z0-9_]*$/.test(expr);
}

interface Hit {
  call: CallFact;
  command: ValueFact;
  how: string;
}

function pythonHits(file: CodeFacts): Hit[] {
  const hits: Hit[] = [];
  const subprocess = moduleAliases(file, 'subprocess');
  const fromSubprocess = importedNames(file, 'subprocess');
  const os = moduleAliases(file, 'os');
  for (const call of file.calls) {
    const [owner, method] = splitCallee(call.callee);
    const normalized = os.has(owner) ? `os.${method}` : subprocess.has(owner) ? `subprocess.${method}` : call.callee;
    const command = call.args[0] ?? call.kwargs['args'] ?? call.kwargs['cmd'] ?? call.kwargs['command'];
    if (!command) continue;
    if (ALWAYS_SHELL_PY.test(normalized)) {
      hits.push({ call, command, how: `\`${call.callee}\` runs it through the shell` });
      continue;
    }
    const isSubprocess = (subprocess.has(owner) || (owner === '' && fromSubprocess.has(method))) && SUBPROCESS.test(method);
    const shell = call.kwargs['shell'];
    if (isSubprocess && shell?.kind === 'bool' && shell.value === true) hits.push({ call, command, how: '`shell=True` runs it through the shell' });
  }
  return hits;
}

function jsHits(file: CodeFacts): Hit[] {
  const hits: Hit[] = [];
  const modules = moduleAliases(file, ...CHILD_PROCESS, 'shelljs');
  const names = importedNames(file, ...CHILD_PROCESS);
  for (const call of file.calls) {
    const [owner, method] = splitCallee(call.callee);
    const known = modules.has(owner) || (owner === '' && names.has(method));
    const command = call.args[0];
    if (!known || !command) continue;
    if (/^(exec|execSync)$/.test(method)) {
      hits.push({ call, command, how: `\`${call.callee}\` runs it through the shell` });
      continue;
    }
    const options = call.args.find((a) => a.kind === 'object');
    const shell = options?.props?.['shell'];
    if (/^(spawn|spawnSync|execFile|execFileSync)$/.test(method) && shell?.kind === 'bool' && shell.value === true) hits.push({ call, command, how: '`shell: true` runs it through the shell' });
  }
  return hits;
}

/** The interpolated pieces of the command, read from the call's full source when the fact's text was clipped. */
function pieces(project: Project, path: string, hit: Hit): string[] {
  const fromFact = interpolatedExpressions(hit.command.text);
  if (!hit.command.text.endsWith('…')) return fromFact;
  const first = firstArgumentSource(callSource(project, path, hit.call));
  return first === '' ? fromFact : interpolatedExpressions(first);
}

/** The call runs inside a click/typer/Flask CLI command: its input is the operator's own command line. */
function cliCommand(file: CodeFacts, call: CallFact): boolean {
  const fn = file.functions[call.fn];
  return fn !== undefined && fn.decorators.some((d) => /(^|\.)(command|group|argument|option)$/.test(d.name));
}

export default defineRule<MessageId>({
  meta: {
    code: 'SEC008',
    name: 'shell-injection',
    category: 'security',
    severity: 'high',
    confidence: 'medium',
    title: 'Shell command built from variables',
    description: 'A command run through a shell (shell=True, os.system, os.popen, child_process.exec) that is assembled from variables by f-string, concatenation, % or format, or template literal.',
    archetypes: ['service', 'worker', 'cli', 'library'],
    nonGoal: 'Browser code cannot start processes.',
    messages: {
      builtCommand: 'The command is built from {{pieces}}, and {{how}}: a value containing `;`, `&&`, `$(…)` or a quote runs extra commands{{origin}}.',
      variableCommand: 'The command comes from `{{variable}}`, and {{how}}: if any part of it comes from outside, it can run extra commands.',
    },
    fix: 'Pass an argument list without a shell (`subprocess.run(["git", "clone", url], check=True)`, `execFile("git", ["clone", url])`); if a shell is truly needed, quote every value with `shlex.quote`.',
    acceptance: 'No shell command is assembled from variables; processes are started with argument lists and shell=False.',
    references: ['ruff S602 (subprocess-popen-with-shell-equals-true), S605 (start-process-with-a-shell)', 'bandit B602, B605, B607', 'CWE-78: OS Command Injection', 'eslint-plugin-security detect-child-process'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const file of project.code()) {
      if (isDevOnlyPath(file.path)) continue;
      const archetype = project.componentOf(file.path)?.archetype;
      const hits = file.language === 'python' ? pythonHits(file) : jsHits(file);
      for (const hit of hits) {
        const { command } = hit;
        if (command.kind === 'string' || command.kind === 'array') continue;
        if (isBuiltString(command)) {
          const exprs = pieces(project, file.path, hit);
          if (exprs.length > 0 && exprs.every(isSafePiece)) continue;
          const external = exprs.some((e) => REQUEST_INPUT.test(e));
          const listed = exprs.length > 0 ? exprs.slice(0, 3).map((e) => `\`${e}\``).join(', ') : 'variables';
          report({
            messageId: 'builtCommand',
            data: { pieces: listed, how: hit.how, origin: external ? ', and the value comes from the request' : '' },
            path: file.path,
            line: hit.call.line,
            endLine: hit.call.endLine,
            severity: external ? 'high' : cliCommand(file, hit.call) || archetype === 'cli' ? 'low' : archetype === 'service' || archetype === 'worker' ? 'high' : 'medium',
            confidence: external ? 'high' : 'medium',
          });
        } else if (command.kind === 'identifier' || command.kind === 'attribute') {
          report({ messageId: 'variableCommand', data: { variable: command.text, how: hit.how }, path: file.path, line: hit.call.line, endLine: hit.call.endLine, severity: 'medium', confidence: 'low' });
        }
      }
    }
  },
});
