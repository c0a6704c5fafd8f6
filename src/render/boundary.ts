/**
 * The output boundary: the one place where everything seaworthy is about to write passes through the secret
 * detector (src/redact/detect.ts), and, for text-like formats, has its control characters made visible. Every
 * function of render/index.ts applies it to its whole input (report, profile, finding) before any renderer lays it
 * out: masking after layout would miss a secret that a renderer clipped, wrapped or escaped.
 *
 * Strings are masked wherever they sit; values bound to secret-named keys are masked by the key as well
 * (`{ "DB_PASSWORD": "hunter2" }`, `{ name: "API_TOKEN", value: "…" }`, `{ name: "SECRET_KEY", default: "…" }`),
 * which is how a profile's workflow `with:`/`env:`, compose environment and environment defaults are kept safe.
 */
import { looksLikeSecretValue, secretWordOf } from '../project/knowledge/secrets.js';
import { escapeControls, escapeControlsInJson } from '../redact/controls.js';
import { isTemplate, maskSecretsIn } from '../redact/detect.js';
import { maskSecret } from '../redact/mask.js';

/** `text`: terminal, Markdown, HTML (controls made visible); `json`: JSON and SARIF (JSON escapes them itself). */
export type OutputKind = 'text' | 'json';

/** The fields that hold the value of a `{ name, value }` / `{ name, default }` record. */
const VALUE_FIELDS = new Set(['value', 'default']);

/** Names are few and repeat (every finding has the same keys): their secret word is looked up once. */
class SecretNames {
  private readonly words = new Map<string, string | null>();

  word(name: string): string | null {
    let word = this.words.get(name);
    if (word === undefined) {
      word = secretWordOf(name);
      this.words.set(name, word);
    }
    return word;
  }

  /** `{ "API_TOKEN": "…" }`: the value of a secret-named key, when it looks like a secret. */
  boundByKey(key: string, value: string): boolean {
    const word = this.word(key);
    return word !== null && looksLikeSecretValue(value, word);
  }

  /** `{ name: "DB_PASSWORD", value: "…" }`: a secret variable's value, whatever it is, unless a reference or null. */
  valueOf(name: unknown, value: string): boolean {
    return typeof name === 'string' && this.word(name) !== null && !isTemplate(value) && !/\s/.test(value) && !/^(?:none|null|nil|undefined)$/i.test(value);
  }
}

/** A deep copy of `value` fit to be written: see the module comment. Shared objects stay shared in the copy. */
export function forOutput<T>(value: T, kind: OutputKind): T {
  const strings = new Map<string, string>();
  const names = new SecretNames();
  const copies = new WeakMap<object, unknown>();
  const text = (s: string): string => {
    let out = strings.get(s);
    if (out === undefined) {
      out = maskSecretsIn(s);
      if (kind === 'text') out = escapeControls(out);
      strings.set(s, out);
    }
    return out;
  };
  const secret = (s: string): string => (kind === 'text' ? escapeControls(maskSecret(s)) : maskSecret(s));
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return text(v);
    if (v === null || typeof v !== 'object') return v;
    const seen = copies.get(v);
    if (seen !== undefined) return seen;
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      copies.set(v, out);
      for (const item of v) out.push(walk(item));
      return out;
    }
    const record = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    copies.set(v, out);
    const name = record['name'] ?? record['key'];
    for (const [k, field] of Object.entries(record)) {
      const bound = typeof field === 'string' && (names.boundByKey(k, field) || (VALUE_FIELDS.has(k) && names.valueOf(name, field)));
      out[text(k)] = bound ? secret(field) : walk(field);
    }
    return out;
  };
  return walk(value) as T;
}

/** One line of text for the terminal (an error message that may quote an audited file). */
export function forTerminal(text: string): string {
  return escapeControls(maskSecretsIn(text));
}

/** JSON text of `value` (already passed through `forOutput(…, 'json')`): two-space indentation, newline at the end. */
export function jsonText(value: unknown): string {
  return `${escapeControlsInJson(JSON.stringify(value, null, 2))}\n`;
}
