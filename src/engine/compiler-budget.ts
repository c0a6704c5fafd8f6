/**
 * V8's optimising compiler inlines up to 920 bytes of bytecode into each hot function. An audit is a few seconds
 * long and each worker thread compiles the fact walk afresh, re-optimising it every time a new object shape shows
 * up, so compiling is a large share of the work: measured on saleor (878k lines), TurboFan spent 7.1 s over the
 * three threads with the default budget and 3.4 s with 150, while the walk itself ran no slower. V8 flags are
 * process-wide and are read when a function is compiled, so setting this before the workers start covers them and
 * the main thread.
 */
import { setFlagsFromString } from 'node:v8';

const INLINE_BUDGET = 150;

let applied = false;

export function limitInlining(): void {
  if (applied) return;
  applied = true;
  setFlagsFromString(`--max-inlined-bytecode-size-cumulative=${INLINE_BUDGET}`);
}
