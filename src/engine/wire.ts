/**
 * How call facts cross from a worker thread to the main thread. Structured cloning costs per object key, and calls
 * are most of the facts (on saleor 167k calls, each with a dozen keys), so a worker sends each call as a tuple and
 * each plain argument (`{ kind, text }`) as a pair; the main thread rebuilds the same objects. Measured on saleor:
 * main-thread deserialisation fell from about 2 s to about 1 s.
 */
import type { CallFact, FileFacts, ValueFact, ValueKind } from '../facts/types.js';

type PackedValue = ValueFact | [ValueKind, string];

type PackedCall = [
  callee: string,
  line: number,
  endLine: number,
  flags: number,
  args: PackedValue[],
  kwargs: [string, PackedValue][],
  fn: number,
  guardedBy: string[],
  assignedTo: string | 0,
  chainedWith: string[] | 0,
  calleeText: string | 0,
];

export type PackedCalls = PackedCall[];

const IS_NEW = 1;
const HAS_SPREAD = 2;
const AWAITED = 4;
const IS_STATEMENT = 8;
const IN_LOOP = 16;

function packValue(value: ValueFact): PackedValue {
  return Object.keys(value).length === 2 ? [value.kind, value.text] : value;
}

function unpackValue(value: PackedValue): ValueFact {
  return Array.isArray(value) ? { kind: value[0], text: value[1] } : value;
}

export function packCalls(calls: readonly CallFact[]): PackedCalls {
  return calls.map((c) => [
    c.callee,
    c.line,
    c.endLine,
    (c.isNew ? IS_NEW : 0) | (c.hasSpread ? HAS_SPREAD : 0) | (c.awaited ? AWAITED : 0) | (c.isStatement ? IS_STATEMENT : 0) | (c.inLoop ? IN_LOOP : 0),
    c.args.map(packValue),
    Object.entries(c.kwargs).map(([k, v]) => [k, packValue(v)]),
    c.fn,
    c.guardedBy,
    c.assignedTo ?? 0,
    c.chainedWith ?? 0,
    c.calleeText ?? 0,
  ]);
}

export function unpackCalls(packed: PackedCalls): CallFact[] {
  return packed.map(([callee, line, endLine, flags, args, kwargs, fn, guardedBy, assignedTo, chainedWith, calleeText]) => {
    const call: CallFact = {
      callee,
      line,
      endLine,
      isNew: (flags & IS_NEW) !== 0,
      args: args.map(unpackValue),
      kwargs: Object.fromEntries(kwargs.map(([k, v]) => [k, unpackValue(v)])),
      hasSpread: (flags & HAS_SPREAD) !== 0,
      awaited: (flags & AWAITED) !== 0,
      isStatement: (flags & IS_STATEMENT) !== 0,
      fn,
      inLoop: (flags & IN_LOOP) !== 0,
      guardedBy,
    };
    if (assignedTo !== 0) call.assignedTo = assignedTo;
    if (chainedWith !== 0) call.chainedWith = chainedWith;
    if (calleeText !== 0) call.calleeText = calleeText;
    return call;
  });
}

/** The calls of code facts, taken out for sending (the facts keep an empty list); null for other files. */
export function takeCalls(facts: FileFacts | null): PackedCalls | null {
  if (facts?.kind !== 'code') return null;
  const packed = packCalls(facts.calls);
  facts.calls = [];
  return packed;
}

/** Put calls taken by `takeCalls` back. */
export function restoreCalls(facts: FileFacts | null, packed: PackedCalls | null | undefined): void {
  if (facts?.kind === 'code' && packed) facts.calls = unpackCalls(packed);
}
