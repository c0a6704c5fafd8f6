/**
 * The context of a node during one preorder pass: which function, loop, try body, handler or nesting block
 * encloses it. Nodes arrive in document order (tree-sitter `descendantsOfType`), so enclosing constructs are
 * kept on a stack and popped when a node starts past their end: no parent walks are needed.
 */

export type FrameKind = 'function' | 'class' | 'loop' | 'try' | 'handler' | 'nest' | 'typecheck';

export interface Frame {
  kind: FrameKind;
  start: number;
  end: number;
  /** function: index into functions[]; handler: index into handlers[]; class: index into classes[]; loop: index into loops[]. */
  index: number;
  /** try: the protected body's range and the types its handlers catch (`*` for broad). */
  bodyStart?: number;
  bodyEnd?: number;
  catches?: string[];
  /** try: callees called in the protected body, and whether it only imports. */
  bodyCalls?: string[];
  importOnly?: boolean;
}

export class FrameStack {
  private readonly frames: Frame[] = [];

  /** Drop every frame that ends at or before `position`. */
  advance(position: number): void {
    while (this.frames.length > 0 && position >= (this.frames[this.frames.length - 1]?.end ?? 0)) this.frames.pop();
  }

  push(frame: Frame): void {
    this.frames.push(frame);
  }

  /** Position (in the stack) of the innermost function frame, or -1. */
  private innermostFunctionDepth(): number {
    for (let i = this.frames.length - 1; i >= 0; i--) if (this.frames[i]?.kind === 'function') return i;
    return -1;
  }

  /** Index into functions[] of the innermost enclosing function, or -1. */
  functionIndex(): number {
    const depth = this.innermostFunctionDepth();
    return depth === -1 ? -1 : (this.frames[depth]?.index ?? -1);
  }

  /** Innermost class frame that is not behind a function (i.e. we are in the class body itself). */
  classIndex(): number {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const frame = this.frames[i];
      if (frame?.kind === 'function') return -1;
      if (frame?.kind === 'class') return frame.index;
    }
    return -1;
  }

  /** Innermost class frame anywhere above (methods use it for their qualified name). */
  enclosingClassIndex(): number {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const frame = this.frames[i];
      if (frame?.kind === 'class') return frame.index;
      if (frame?.kind === 'function') return -1;
    }
    return -1;
  }

  inLoop(): boolean {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const kind = this.frames[i]?.kind;
      if (kind === 'function') return false;
      if (kind === 'loop') return true;
    }
    return false;
  }

  /** Indexes into loops[] of the loops around here, innermost first, within the current function. */
  loopIndices(): number[] {
    const out: number[] = [];
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const frame = this.frames[i];
      if (!frame || frame.kind === 'function') break;
      if (frame.kind === 'loop' && frame.index >= 0) out.push(frame.index);
    }
    return out;
  }

  inTypeCheckingBlock(): boolean {
    return this.frames.some((f) => f.kind === 'typecheck');
  }

  /** Types caught by every `try` whose protected body contains `position` (within the current function). */
  guards(position: number): string[] {
    const out: string[] = [];
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const frame = this.frames[i];
      if (!frame || frame.kind === 'function') break;
      if (frame.kind === 'try' && position >= (frame.bodyStart ?? 0) && position < (frame.bodyEnd ?? 0)) {
        out.push(...(frame.catches ?? []));
      }
    }
    return out;
  }

  /** The innermost `try` frame whose protected body holds `position`, within the current function. */
  tryProtecting(position: number): Frame | undefined {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const frame = this.frames[i];
      if (!frame || frame.kind === 'function') return undefined;
      if (frame.kind === 'try' && position >= (frame.bodyStart ?? 0) && position < (frame.bodyEnd ?? 0)) return frame;
    }
    return undefined;
  }

  /** The innermost `try` frame (the one an except/catch clause being visited belongs to). */
  innermostTry(): Frame | undefined {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const frame = this.frames[i];
      if (!frame || frame.kind === 'function') return undefined;
      if (frame.kind === 'try') return frame;
    }
    return undefined;
  }

  /** Index into handlers[] of the innermost handler whose body holds us, without a function in between. */
  handlerIndex(): number {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const frame = this.frames[i];
      if (!frame || frame.kind === 'function') return -1;
      if (frame.kind === 'handler') return frame.index;
    }
    return -1;
  }

  /** Number of nesting blocks between the innermost function and here. */
  nesting(): number {
    let n = 0;
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const kind = this.frames[i]?.kind;
      if (kind === 'function') break;
      if (kind === 'nest' || kind === 'loop' || kind === 'try') n++;
    }
    return n;
  }
}
