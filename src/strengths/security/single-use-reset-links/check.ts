import { defineStrength } from '../../../engine/strength.js';
import type { Project } from '../../../project/project.js';

/**
 * Reset links that die with the password: a token verified with a secret built from the user's current password
 * hash (`secret: this.getForgotSecret(user)` → `${forgotSecret}${user.password}`), and sessions revoked on reset.
 */
function singleUseResetLinks(project: Project): { path: string; line: number; revoked?: { path: string; line: number } } | undefined {
  for (const file of project.code()) {
    for (const call of file.calls) {
      if (!/(^|\.)(verify|verifyAsync|decode|sign|signAsync|encode|loads)$/.test(call.callee)) continue;
      const texts = [...call.args, ...Object.values(call.kwargs)].flatMap((a) => [a.text, ...Object.values(a.props ?? {}).map((p) => p.text)]);
      const helper = texts.map((t) => /(?:this\.|self\.)?(\w*(secret|key)\w*)\(/i.exec(t)?.[1]).find(Boolean);
      const fn = helper ? file.functions.find((f) => f.name === helper) : undefined;
      if (!fn) continue;
      const body = (project.readText(file.path) ?? '').split('\n').slice(fn.line - 1, fn.endLine).join('\n');
      if (!/\.(password|hashed_password|password_hash|passwordHash)\b/.test(body)) continue;
      const usesHelper = (f: { line: number; endLine: number }): boolean =>
        file.calls.some((c) => c.line >= f.line && c.line <= f.endLine && [...c.args, ...Object.values(c.kwargs)].some((a) => a.text.includes(`${helper ?? ''}(`)));
      const reset = file.functions.find((f) => /reset/i.test(f.name) && usesHelper(f));
      const revoke = reset ? file.calls.find((c) => c.line >= reset.line && c.line <= reset.endLine && /(delete|revoke|invalidate|logout)\w*(session|token)s?\w*|session\w*\.(delete|revoke)\w*/i.test(c.callee)) : undefined;
      return { path: file.path, line: fn.line, ...(revoke ? { revoked: { path: file.path, line: revoke.line } } : {}) };
    }
  }
  return undefined;
}

export default defineStrength({
  meta: {
    code: 'STR031',
    name: 'single-use-reset-links',
    category: 'security',
    title: 'Password-reset links are single-use',
    description: 'Credits reset tokens signed with a secret that includes the user\'s current password hash, so a link stops working once the password changes; session revocation on reset is named.',
    condition:
      'A token is signed or verified with a secret produced by a helper whose body reads the user\'s password hash (`${secret}${user.password}`); sessions revoked in the reset function are named.',
    archetypes: ['service'],
    opposes: [],
    references: ['OWASP Forgot Password Cheat Sheet', 'OWASP ASVS 2.5.x'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    const resetLinks = singleUseResetLinks(project);
    if (!resetLinks) return;
    credit({
      message: `Reset tokens are verified with a secret that includes the user's current password hash, so every link stops working once the password changes${resetLinks.revoked ? `, and the reset revokes the user's sessions (${resetLinks.revoked.path}:${resetLinks.revoked.line})` : ''}.`,
      path: resetLinks.path,
      line: resetLinks.line,
      ...(resetLinks.revoked ? { related: [resetLinks.revoked] } : {}),
    });
  },
});
