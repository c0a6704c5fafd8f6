/**
 * Helm templates are Go templates, not YAML. They are read here as text, line by line: `if`/`else`/`with`/`range`
 * blocks are tracked and their simple conditions (`.Values.x`, `not`, `and`, `or`, `eq`, `ne`) evaluated against
 * the chart's default values.yaml. For each object a template declares this says whether it renders, and for the
 * fields that matter in production (replicas, resources, probes, securityContext, Ingress TLS, volumes) whether
 * they render with content and which `.Values` entries drive them. What cannot be told is `unknown`, never a guess.
 */
import type { LNode } from '../../facts/types.js';
import { at, isMap, isScalar, isSeq, str, toPlain } from '../../facts/located.js';

export type Tri = 'yes' | 'no' | 'unknown';

export interface HelmValueRef {
  /** Dotted path under `.Values`. */
  path: string;
  /** Its line in values.yaml; null when values.yaml does not set it. */
  line: number | null;
  /** Whether the default value is truthy (set and not empty/false/0). */
  truth: Tri;
}

export type HelmFieldName =
  | 'replicas'
  | 'resources'
  | 'securityContext'
  | 'podSecurityContext'
  | 'livenessProbe'
  | 'readinessProbe'
  | 'startupProbe'
  | 'tls'
  | 'volumeClaimTemplates'
  | 'volumes';

export interface HelmProbeTarget {
  path: string;
  port?: string;
  /** Where the path is written: in the template, or in values.yaml under `valuesPath`. */
  file: 'template' | 'values';
  line: number;
  valuesPath?: string;
}

export interface HelmField {
  /** Template line of the key. */
  line: number;
  /** `set`: renders with content; `empty`: renders empty or not at all; `unknown`: cannot be told from the defaults. */
  state: 'set' | 'empty' | 'unknown';
  /** The `.Values` entries that fill the field. */
  drivers: HelmValueRef[];
  /** The field's content when it comes from values (plain data). */
  content?: unknown;
  /** The literal template text of the field's block, when it is written in the template. */
  literal?: string;
  /** For probes: the HTTP GET target. */
  httpGet?: HelmProbeTarget;
}

export interface HelmObject {
  template: string;
  /** Line of `kind:`. */
  line: number;
  kind: string;
  renders: Tri;
  /** Values that decide whether the object renders at all (`{{- if .Values.ingress.enabled }}`). */
  conditions: HelmValueRef[];
  fields: Partial<Record<HelmFieldName, HelmField>>;
  /** The number of replicas rendered with the default values, when it is a number. */
  replicas?: number;
}

interface Frame {
  cond: Tri;
  seen: Tri[];
  refs: HelmValueRef[];
  /** `.` inside `with .Values.x`: the values path; null inside `range` or a `with` of something else. */
  dot?: string | null;
}

interface Operand {
  truth: Tri;
  /** A known scalar value (for eq/ne). */
  scalar?: string | number | boolean | null;
  refs: HelmValueRef[];
  /** A plain `.Values` path (for `with`). */
  path?: string;
}

interface LineInfo {
  text: string;
  indent: number;
  /** The line is rendered with the default values. */
  active: Tri;
  conditions: HelmValueRef[];
  /** `.Values` entries printed by the line's output actions (`{{ .Values.x }}`, `toYaml .Values.x`, `toYaml .` in a with). */
  outputs: HelmValueRef[];
  /** Output actions whose value cannot be traced to values (include, template, .Release …). */
  opaque: boolean;
  /** The text left when every action is removed. */
  content: string;
}

const ACTION = /\{\{-?\s*([\s\S]*?)\s*-?\}\}/g;
const TOKEN = /"(?:[^"\\]|\\.)*"|'[^']*'|\(|\)|\||[^\s()|]+/g;
const FUNCTIONS = new Set(['not', 'and', 'or', 'eq', 'ne', 'empty']);

function and(values: Tri[]): Tri {
  if (values.includes('no')) return 'no';
  return values.includes('unknown') ? 'unknown' : 'yes';
}

function or(values: Tri[]): Tri {
  if (values.includes('yes')) return 'yes';
  return values.includes('unknown') ? 'unknown' : 'no';
}

function not(value: Tri): Tri {
  return value === 'yes' ? 'no' : value === 'no' ? 'yes' : 'unknown';
}

class ValuesView {
  constructor(private readonly doc: LNode | null) {}

  node(path: string): LNode | undefined {
    return this.doc ? at(this.doc, ...path.split('.').filter(Boolean)) : undefined;
  }

  ref(path: string): HelmValueRef {
    return { path, line: this.node(path)?.line ?? null, truth: this.truth(path) };
  }

  truth(path: string): Tri {
    if (!this.doc) return 'unknown';
    const node = this.node(path);
    if (!node) return 'no';
    if (isMap(node)) return node.entries.length > 0 ? 'yes' : 'no';
    if (isSeq(node)) return node.items.length > 0 ? 'yes' : 'no';
    return node.value === null || node.value === false || node.value === 0 || node.value === '' ? 'no' : 'yes';
  }

  scalar(path: string): string | number | boolean | null | undefined {
    const node = this.node(path);
    return isScalar(node) ? node.value : undefined;
  }
}

/** `.Values.a.b`, `$.Values.a.b`, or `.a` relative to the `with` dot. */
function valuesPath(token: string, dot: string | undefined): string | undefined {
  const absolute = /^\$?\.Values\.([\w.]+)$/.exec(token);
  if (absolute?.[1]) return absolute[1];
  if (dot === undefined) return undefined;
  if (token === '.') return dot;
  const relative = /^\.([\w.]+)$/.exec(token);
  return relative?.[1] && !/^(Release|Chart|Capabilities|Template|Files)\b/.test(relative[1]) ? `${dot}.${relative[1]}` : undefined;
}

function evaluate(expr: string, values: ValuesView, dot: string | undefined): Operand {
  const tokens = expr.match(TOKEN) ?? [];
  const refs: HelmValueRef[] = [];
  const term = (token: string): Operand => {
    const path = valuesPath(token, dot);
    if (path !== undefined) {
      const ref = values.ref(path);
      refs.push(ref);
      const scalar = values.scalar(path);
      return scalar === undefined ? { truth: values.truth(path), refs: [ref], path } : { truth: values.truth(path), scalar, refs: [ref], path };
    }
    if (/^["']/.test(token)) {
      const value = token.slice(1, -1);
      return { truth: value === '' ? 'no' : 'yes', scalar: value, refs: [] };
    }
    if (/^-?\d+(\.\d+)?$/.test(token)) return { truth: Number(token) === 0 ? 'no' : 'yes', scalar: Number(token), refs: [] };
    if (token === 'true' || token === 'false') return { truth: token === 'true' ? 'yes' : 'no', scalar: token === 'true', refs: [] };
    return { truth: 'unknown', refs: [] };
  };
  // Parse a sequence up to `)` or the end: a function call with its arguments, or a single term.
  const sequence = (start: number): [Operand, number] => {
    const args: Operand[] = [];
    let head: string | undefined;
    let i = start;
    let piped = false;
    while (i < tokens.length && tokens[i] !== ')') {
      const token = tokens[i] ?? '';
      if (token === '(') {
        const [inner, next] = sequence(i + 1);
        args.push(inner);
        i = next + 1;
        continue;
      }
      if (token === '|') piped = true;
      else if (i === start && FUNCTIONS.has(token)) head = token;
      else if (i === start && /^[a-z]\w*$/.test(token) && token !== 'true' && token !== 'false') head = `?${token}`;
      else args.push(term(token));
      i++;
    }
    const unknown: Operand = { truth: 'unknown', refs: [] };
    if (piped) return [unknown, i];
    switch (head) {
      case undefined:
        return [args.length === 1 && args[0] ? args[0] : unknown, i];
      case 'not':
      case 'empty':
        return [{ truth: not(args[0]?.truth ?? 'unknown'), refs: [] }, i];
      case 'and':
        return [{ truth: and(args.map((a) => a.truth)), refs: [] }, i];
      case 'or':
        return [{ truth: or(args.map((a) => a.truth)), refs: [] }, i];
      case 'eq':
      case 'ne': {
        const [a, b] = args;
        if (a?.scalar === undefined || b?.scalar === undefined) return [unknown, i];
        const equal = String(a.scalar) === String(b.scalar);
        return [{ truth: (head === 'eq') === equal ? 'yes' : 'no', refs: [] }, i];
      }
      default:
        return [unknown, i];
    }
  };
  const [operand] = sequence(0);
  return { ...operand, refs };
}

/** Walk the template's lines, tracking blocks, and say for each line whether it renders. */
function readLines(text: string, values: ValuesView): LineInfo[] {
  const frames: Frame[] = [];
  const out: LineInfo[] = [];
  const currentDot = (): string | undefined => {
    for (let i = frames.length - 1; i >= 0; i--) {
      const dot = frames[i]?.dot;
      if (dot !== undefined) return dot ?? undefined;
    }
    return undefined;
  };
  for (const raw of text.split('\n')) {
    const active = and(frames.map((f) => f.cond));
    const conditions = frames.flatMap((f) => f.refs);
    const info: LineInfo = { text: raw, indent: raw.length - raw.trimStart().length, active, conditions, outputs: [], opaque: false, content: raw.replace(ACTION, '').trim() };
    for (const match of raw.matchAll(ACTION)) {
      const action = (match[1] ?? '').replace(/\/\*[\s\S]*?\*\//g, '').trim();
      const keyword = /^(if|else\s+if|else\s+with|else|with|range|define|block|end)\b\s*([\s\S]*)$/.exec(action);
      const dot = currentDot();
      if (!keyword) {
        if (action === '' || /^\$\w+\s*:?=/.test(action)) continue;
        const printed = /^(include|template|tpl)\b/.test(action) ? [] : (action.match(TOKEN) ?? []).map((t) => valuesPath(t, dot)).filter((p): p is string => p !== undefined);
        if (printed.length > 0) info.outputs.push(...printed.map((p) => values.ref(p)));
        else info.opaque = true;
        continue;
      }
      const word = (keyword[1] ?? '').replace(/\s+/g, ' ');
      const rest = keyword[2] ?? '';
      const top = frames[frames.length - 1];
      if (word === 'if') {
        const e = evaluate(rest, values, dot);
        frames.push({ cond: e.truth, seen: [e.truth], refs: e.refs });
      } else if (word === 'with') {
        const e = evaluate(rest, values, dot);
        frames.push({ cond: e.truth, seen: [e.truth], refs: e.refs, dot: e.path ?? null });
      } else if (word === 'range') {
        const e = evaluate(rest.replace(/^\$\w+\s*(,\s*\$\w+\s*)?:=\s*/, ''), values, dot);
        frames.push({ cond: e.truth === 'no' ? 'no' : 'unknown', seen: [], refs: e.refs, dot: null });
      } else if (word === 'define') {
        frames.push({ cond: 'no', seen: [], refs: [] });
      } else if (word === 'block') {
        frames.push({ cond: 'unknown', seen: [], refs: [] });
      } else if ((word === 'else if' || word === 'else with') && top) {
        const e = evaluate(rest, values, dot);
        top.cond = and([not(or(top.seen)), e.truth]);
        top.seen.push(e.truth);
        top.refs.push(...e.refs);
        if (word === 'else with') top.dot = e.path ?? null;
      } else if (word === 'else' && top) {
        top.cond = not(or(top.seen));
        if (top.dot !== undefined) top.dot = null;
      } else if (word === 'end') {
        frames.pop();
      }
    }
    out.push(info);
  }
  return out;
}

const FIELD_KEY = /^(\s*)(?:-\s+)?(replicas|resources|securityContext|livenessProbe|readinessProbe|startupProbe|tls|volumeClaimTemplates|volumes|containers):(.*)$/;

/** The lines of a key's block: until the next line with content at the key's indent or less (list items excepted). */
function blockOf(lines: readonly LineInfo[], index: number): LineInfo[] {
  const key = lines[index];
  if (!key) return [];
  const out: LineInfo[] = [];
  for (let i = index + 1; i < lines.length; i++) {
    const line = lines[i];
    if (!line) break;
    // A block sequence may sit at its key's indent (`containers:` then `- name: app` below it).
    const content = line.content !== '' && !line.content.startsWith('#');
    if (content && (line.indent < key.indent || (line.indent === key.indent && !line.content.startsWith('-')))) break;
    out.push(line);
  }
  return out;
}

function probeTarget(block: readonly LineInfo[], startLine: number, values: ValuesView): HelmProbeTarget | undefined {
  const index = block.findIndex((l) => /^\s*path:/.test(l.text) && l.active !== 'no');
  const line = block[index];
  if (!line) return undefined;
  const lineNo = startLine + 1 + index;
  const port = block.map((l) => /^\s*port:\s*["']?([\w-]+)["']?\s*$/.exec(l.text)?.[1]).find(Boolean);
  const literal = /^\s*path:\s*["']?([^"'{}\s]+)["']?\s*$/.exec(line.text)?.[1];
  if (literal) return port ? { path: literal, port, file: 'template', line: lineNo } : { path: literal, file: 'template', line: lineNo };
  const ref = line.outputs[0];
  const onlyValue = /^\s*path:\s*["']?\{\{-?\s*[$.\w]+\s*-?\}\}["']?\s*$/.test(line.text);
  if (!ref || !onlyValue) return undefined;
  const value = values.scalar(ref.path);
  if (typeof value !== 'string' || ref.line === null) return undefined;
  return { path: value, file: 'values', line: ref.line, valuesPath: ref.path };
}

function probeFromValues(driver: HelmValueRef, values: ValuesView): HelmProbeTarget | undefined {
  const pathKey = `${driver.path}.httpGet.path`;
  const node = values.node(pathKey);
  const value = str(node);
  if (!node || value === undefined) return undefined;
  const port = str(values.node(`${driver.path}.httpGet.port`));
  return port !== undefined ? { path: value, port, file: 'values', line: node.line, valuesPath: pathKey } : { path: value, file: 'values', line: node.line, valuesPath: pathKey };
}

function readField(lines: readonly LineInfo[], index: number, lineOffset: number, name: HelmFieldName, values: ValuesView): HelmField | null {
  const key = lines[index];
  if (!key) return null;
  // Written, but inside a block its values switch off: the field renders empty, driven by those values.
  if (key.active === 'no') {
    const falsy = key.conditions.filter((c) => values.truth(c.path) === 'no');
    const off = falsy.length > 0 ? falsy : key.conditions.filter((c) => values.truth(c.path) !== 'unknown');
    return off.length > 0 ? { line: lineOffset + index + 1, state: 'empty', drivers: off } : null;
  }
  const block = blockOf(lines, index);
  const inline = FIELD_KEY.exec(key.text)?.[3] ?? '';
  const inlineLiteral = inline.replace(ACTION, '').trim();
  const literalLines = block.filter((l) => l.content !== '' && !l.content.startsWith('#') && l.active !== 'no');
  const literalActive: Tri = inlineLiteral !== '' && !inlineLiteral.startsWith('#') ? 'yes' : or(literalLines.map((l) => l.active));
  const drivers = [...key.outputs, ...block.filter((l) => l.active !== 'no').flatMap((l) => l.outputs)];
  const opaque = key.opaque || block.some((l) => l.active !== 'no' && l.opaque);
  const field: HelmField = { line: lineOffset + index + 1, state: 'empty', drivers };
  if (literalActive !== 'no' && (literalLines.length > 0 || inlineLiteral !== '')) {
    field.state = literalActive === 'yes' ? 'set' : 'unknown';
    field.literal = [inlineLiteral, ...literalLines.map((l) => l.content)].filter(Boolean).join('\n');
  } else if (drivers.length > 0) {
    const truths = drivers.map((d) => values.truth(d.path));
    field.state = truths.includes('yes') ? 'set' : truths.includes('unknown') ? 'unknown' : 'empty';
    const first = drivers.find((d) => values.truth(d.path) === 'yes');
    if (first) field.content = toPlain(values.node(first.path));
  } else if (opaque) {
    field.state = 'unknown';
  }
  if (key.active === 'unknown' && field.state === 'set') field.state = 'unknown';
  if (name === 'livenessProbe' || name === 'readinessProbe' || name === 'startupProbe') {
    const target = field.literal !== undefined ? probeTarget(block, lineOffset + index, values) : drivers[0] ? probeFromValues(drivers[0], values) : undefined;
    if (target) field.httpGet = target;
  }
  return field;
}

const RANK: Record<HelmField['state'], number> = { set: 2, unknown: 1, empty: 0 };

/** The objects of one template file. */
export function readHelmObjects(path: string, text: string, valuesFile: { doc: LNode | null } | null): HelmObject[] {
  const values = new ValuesView(valuesFile?.doc ?? null);
  const lines = readLines(text, values);
  const out: HelmObject[] = [];
  let start = 0;
  for (let i = 0; i <= lines.length; i++) {
    if (i < lines.length && !/^---/.test(lines[i]?.text ?? '')) continue;
    const doc = lines.slice(start, i);
    const offset = start;
    start = i + 1;
    const kindIndex = doc.findIndex((l) => /^kind:\s*["']?\w+/.test(l.text));
    const kindLine = doc[kindIndex];
    const kind = /^kind:\s*["']?(\w+)/.exec(kindLine?.text ?? '')?.[1];
    if (!kindLine || !kind) continue;
    const object: HelmObject = { template: path, line: offset + kindIndex + 1, kind, renders: kindLine.active, conditions: kindLine.conditions, fields: {} };
    const containersIndex = doc.findIndex((l) => /^\s*containers:/.test(l.text));
    const containersIndent = doc[containersIndex]?.indent ?? -1;
    const containersEnd = containersIndex === -1 ? -1 : containersIndex + 1 + blockOf(doc, containersIndex).length;
    doc.forEach((line, index) => {
      const match = FIELD_KEY.exec(line.text);
      const key = match?.[2];
      if (!key || key === 'containers') return;
      const inContainers = containersIndex !== -1 && index > containersIndex && index < containersEnd;
      let name: HelmFieldName | null = null;
      if (key === 'securityContext') name = inContainers ? 'securityContext' : containersIndex !== -1 && line.indent <= containersIndent ? 'podSecurityContext' : null;
      else if (key === 'resources' || key === 'livenessProbe' || key === 'readinessProbe' || key === 'startupProbe') name = inContainers ? key : null;
      else if (key === 'volumes') name = containersIndex !== -1 && line.indent === containersIndent ? 'volumes' : null;
      else if (key === 'tls') name = kind === 'Ingress' ? 'tls' : null;
      else if (key === 'replicas' || key === 'volumeClaimTemplates') name = containersIndex === -1 || line.indent < containersIndent ? key : null;
      if (!name) return;
      const field = readField(doc, index, offset, name, values);
      if (!field) return;
      const existing = object.fields[name];
      if (!existing || RANK[field.state] > RANK[existing.state]) object.fields[name] = field;
      if (name === 'replicas' && field.state !== 'empty') {
        const literal = Number(field.literal);
        const driver = field.drivers[0];
        const fromValues = driver ? values.scalar(driver.path) : undefined;
        const count = field.literal !== undefined ? literal : typeof fromValues === 'number' ? fromValues : Number.NaN;
        if (Number.isFinite(count) && field.state === 'set') object.replicas = count;
      }
    });
    out.push(object);
  }
  return out;
}
