import { SHOWN_PREFIXES } from './token-formats.js';

/**
 * The masked form of a secret, and how to replace text without ever masking a masked form again: a masked value
 * keeps a short recognisable prefix and says how long the secret was, so that an owner can recognise it without
 * the report becoming a leak.
 */

/**
 * `shown`: the characters kept (a token format's fixed prefix); by default the first two of a secret of 8 or more
 * characters, none of a shorter one.
 */
export function maskSecret(secret: string, shown = secret.length >= 8 ? secret.slice(0, 2) : ''): string {
  return `${shown}${'*'.repeat(4)} (${secret.length} chars)`;
}

/** A masked form with the prefix it may keep: a token format's, or at most two characters. */
const MASKED = new RegExp(String.raw`(?:${SHOWN_PREFIXES}|[^\s*]{0,2})\*{4} \(\d+ chars\)`, 'g');

/**
 * Apply `replace` to the parts of `text` outside masked forms, so that masking is idempotent and never nests
 * (the value `1` is not found again in `**** (1 chars)`).
 */
export function outsideMasks(text: string, replace: (part: string) => string): string {
  if (!text.includes('****')) return replace(text);
  let out = '';
  let last = 0;
  for (const m of text.matchAll(MASKED)) {
    out += replace(text.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return out + replace(text.slice(last));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Mask every occurrence of each known secret value in `text`. An occurrence inside a longer word is left alone (the
 * secret `pass` does not turn `newPassword` into `new****word`): it is not that value.
 */
export function maskKnown(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length === 0 || !out.includes(secret)) continue;
    const edgeBefore = /^\w/.test(secret) ? '(?<!\\w)' : '';
    const edgeAfter = /\w$/.test(secret) ? '(?!\\w)' : '';
    const pattern = new RegExp(`${edgeBefore}${escapeRegExp(secret)}${edgeAfter}`, 'g');
    out = outsideMasks(out, (part) => part.replace(pattern, () => maskSecret(secret)));
  }
  return out;
}
