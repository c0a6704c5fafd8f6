/**
 * Secrets are never printed in full. A masked secret keeps at most its first two characters and says how long
 * it was, so that an owner can recognise it without the report becoming a leak.
 */
export function maskSecret(secret: string): string {
  const shown = secret.length >= 8 ? secret.slice(0, 2) : '';
  return `${shown}${'*'.repeat(4)} (${secret.length} chars)`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Replace every occurrence of each secret in `text` by its masked form. An occurrence inside a longer word is
 * left alone (the secret `pass` does not turn `newPassword` into `new****word`): it is not that value.
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length === 0 || !out.includes(secret)) continue;
    const edgeBefore = /^\w/.test(secret) ? '(?<!\\w)' : '';
    const edgeAfter = /\w$/.test(secret) ? '(?!\\w)' : '';
    out = out.replace(new RegExp(`${edgeBefore}${escapeRegExp(secret)}${edgeAfter}`, 'g'), () => maskSecret(secret));
  }
  return out;
}

const ASSIGNMENT = /(?<!\$\{)\b([A-Za-z_][A-Za-z0-9_]*(?:PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY)[A-Za-z0-9_]*)(\s*[=:]\s*)(["']?)([^\s"'$]{4,})\3/gi;

/** Mask the values in `NAME=value` / `NAME: value` text where the name says it is a secret (`DB_PASSWORD=…`). */
export function maskAssignments(text: string): string {
  return text.replace(ASSIGNMENT, (_whole, name: string, sep: string, quote: string, value: string) => `${name}${sep}${quote}${maskSecret(value)}${quote}`);
}
