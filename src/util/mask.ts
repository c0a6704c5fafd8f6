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

const ASSIGNMENT = /(?<!\$\{)\b([A-Za-z_][A-Za-z0-9_]*(?:PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY)[A-Za-z0-9_]*)(\s*[=:]\s*)(["']?)([^\s"'$]{4,})\3/gi;

/** Mask the values in `NAME=value` / `NAME: value` text where the name says it is a secret (`DB_PASSWORD=…`). */
export function maskAssignments(text: string): string {
  return text.replace(ASSIGNMENT, (_whole, name: string, sep: string, quote: string, value: string) => `${name}${sep}${quote}${maskSecret(value)}${quote}`);
}
