/**
 * Secrets are never printed in full. A masked secret keeps at most its first two characters and says how long
 * it was, so that an owner can recognise it without the report becoming a leak.
 */
export function maskSecret(secret: string): string {
  const shown = secret.length >= 8 ? secret.slice(0, 2) : '';
  return `${shown}${'*'.repeat(4)} (${secret.length} chars)`;
}

/** Replace every occurrence of each secret in `text` by its masked form. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    out = out.split(secret).join(maskSecret(secret));
  }
  return out;
}
