/**
 * What a call's callee refers to, when it is a function of the project that returns a promise (JS `async`) or a
 * coroutine (Python `async def`): a function of the same file, a method of the enclosing class through
 * `this.`/`self.`, or a function imported from another file of the project.
 */
import type { CallFact, CodeFacts, FunctionFact } from '../../../facts/types.js';
import type { Project } from '../../../project/project.js';
import { resolveImport } from '../../../project/resolve-import.js';

export interface AsyncTarget {
  fn: FunctionFact;
  path: string;
}

/** A function whose every error is caught inside it: no uncaught throw, and every awaited call inside a `try`. */
export function handlesOwnErrors(file: CodeFacts, fn: FunctionFact): boolean {
  const index = file.functions.indexOf(fn);
  if (fn.throws?.length) return false;
  return file.calls.every((c) => c.fn !== index || !c.awaited || c.guardedBy.length > 0) && file.calls.some((c) => c.fn === index && c.guardedBy.length > 0);
}

/** The one definition a name has among `candidates`, or nothing when the name is defined twice (async and not). */
function single(candidates: readonly FunctionFact[]): FunctionFact | undefined {
  return candidates.length > 0 && candidates.every((c) => c.isAsync === candidates[0]?.isAsync) ? candidates[0] : undefined;
}

function topLevel(file: CodeFacts, name: string): FunctionFact | undefined {
  return single(file.functions.filter((f) => f.parent === -1 && !f.className && f.name === name));
}

function enclosingClass(file: CodeFacts, index: number): string | undefined {
  let i = index;
  while (i >= 0) {
    const fn = file.functions[i];
    if (!fn) return undefined;
    if (fn.className) return fn.className;
    i = fn.parent;
  }
  return undefined;
}

export class AsyncCallables {
  private readonly resolved = new Map<string, CodeFacts | null>();

  constructor(private readonly project: Project) {}

  /** The async function a call invokes, if the call is to one the project defines. */
  targetOf(file: CodeFacts, call: CallFact): AsyncTarget | undefined {
    const callee = call.callee;
    const self = file.language === 'python' ? 'self.' : 'this.';
    if (callee.startsWith(self) && !callee.slice(self.length).includes('.')) {
      const cls = enclosingClass(file, call.fn);
      const name = callee.slice(self.length);
      const fn = cls ? single(file.functions.filter((f) => f.className === cls && f.name === name)) : undefined;
      return fn?.isAsync ? { fn, path: file.path } : undefined;
    }
    if (!/^[A-Za-z_$][\w$]*$/.test(callee)) return this.viaModuleAlias(file, callee);
    // A function nested in an enclosing function shadows the module's.
    for (let scope = call.fn; scope >= 0; scope = file.functions[scope]?.parent ?? -1) {
      const nested = single(file.functions.filter((f) => f.parent === scope && f.name === callee));
      if (nested) return nested.isAsync ? { fn: nested, path: file.path } : undefined;
    }
    const imp = file.imports.find((i) => i.names.includes(callee) || i.alias === callee);
    if (imp) return imp.names.includes(callee) ? this.fromModule(file, imp.module, callee) : undefined;
    const local = topLevel(file, callee);
    return local?.isAsync ? { fn: local, path: file.path } : undefined;
  }

  /** `mail.send()` where `import * as mail from './mail.js'` / `import app.mail as mail`. */
  private viaModuleAlias(file: CodeFacts, callee: string): AsyncTarget | undefined {
    const match = /^([A-Za-z_$][\w$]*)\.([A-Za-z_$][\w$]*)$/.exec(callee);
    if (!match?.[1] || !match[2]) return undefined;
    const [, alias, name] = match;
    const imp = file.imports.find((i) => i.alias === alias && (i.names.length === 0 || i.names.includes('*')));
    return imp ? this.fromModule(file, imp.module, name) : undefined;
  }

  private fromModule(file: CodeFacts, module: string, name: string): AsyncTarget | undefined {
    const key = `${file.path}\u0000${module}`;
    let target = this.resolved.get(key);
    if (target === undefined) {
      target = resolveImport(this.project, file, module) ?? null;
      this.resolved.set(key, target);
    }
    const fn = target ? topLevel(target, name) : undefined;
    return target && fn?.isAsync ? { fn, path: target.path } : undefined;
  }
}
