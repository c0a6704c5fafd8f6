/**
 * What each console script and `bin` entry starts: a server (its own function starts one: `uvicorn.Server(…)` in
 * `lnbits.server:main`), a daemon (a control script with `start`/`stop` and a PID file that runs a program in the
 * background), or a command. Read from the entry's target file, never by running it.
 */
import type { CallFact, CodeFacts } from '../../facts/types.js';
import { SERVER_CALLEE, startsServer } from '../knowledge/frameworks.js';
import type { EntryPoint, Manifest } from '../manifests/types.js';
import { joinPath } from '../../util/paths.js';

export interface EntryKind {
  kind: 'server' | 'daemon' | 'command';
  detail: string;
  at: { path: string; line: number };
}

/** A control script: `start)` and `stop)` branches, a PID file, and the program it runs. */
const DAEMON_PROGRAM = /^\s*\w+=["']?((node|python3?|bun|deno)\s[^"'\n]+)/m;

function daemonOf(path: string, text: string): EntryKind | undefined {
  if (!/^\s*['"]?start['"]?\)/m.test(text) || !/^\s*['"]?stop['"]?\)/m.test(text) || !/pid/i.test(text)) return undefined;
  const program = DAEMON_PROGRAM.exec(text);
  const line = program ? text.slice(0, program.index).split('\n').length + 1 : 1;
  return { kind: 'daemon', detail: program ? `starts \`${(program[1] ?? '').trim()}\` and keeps its PID` : 'start/stop script with a PID file', at: { path, line } };
}

function serverCall(call: CallFact): boolean {
  return SERVER_CALLEE.test(call.callee) || startsServer(call.callee, call.fn === -1);
}

/** The file of a Python entry target `pkg.module:function` under the manifest's folder (or its `src/`). */
function pythonTarget(m: Manifest, target: string, code: readonly CodeFacts[]): { file: CodeFacts; fn: string } | undefined {
  const [module = '', fn = ''] = target.split(':').map((s) => s.trim());
  const stem = module.replace(/\./g, '/');
  const base = m.dir === '.' ? '' : `${m.dir}/`;
  const candidates = [`${base}${stem}.py`, `${base}${stem}/__init__.py`, `${base}src/${stem}.py`, `${base}src/${stem}/__init__.py`];
  const file = code.find((f) => candidates.includes(f.path));
  return file ? { file, fn: fn.split('.').pop() ?? fn } : undefined;
}

export function entryKinds(manifests: readonly Manifest[], code: readonly CodeFacts[], readText: (path: string) => string | null): Map<EntryPoint, EntryKind> {
  const out = new Map<EntryPoint, EntryKind>();
  for (const m of manifests) {
    for (const script of m.scripts) {
      if (m.ecosystem === 'python') {
        const target = pythonTarget(m, script.target, code);
        if (!target) continue;
        const index = target.file.functions.findIndex((f) => f.name === target.fn && f.parent === -1);
        const call = target.file.calls.find((c) => (c.fn === index || (index === -1 && c.fn === -1)) && serverCall(c));
        if (call) out.set(script, { kind: 'server', detail: `\`${call.callee}(…)\` at ${target.file.path}:${call.line}`, at: { path: target.file.path, line: call.line } });
        continue;
      }
      const path = joinPath(m.dir, script.target);
      const file = code.find((f) => f.path === path);
      if (file) {
        const call = file.calls.find((c) => c.fn === -1 && serverCall(c));
        if (call) out.set(script, { kind: 'server', detail: `\`${call.callee}(…)\` at ${file.path}:${call.line}`, at: { path: file.path, line: call.line } });
        continue;
      }
      const text = readText(path);
      const daemon = text === null ? undefined : daemonOf(path, text);
      if (daemon) out.set(script, daemon);
    }
  }
  return out;
}
