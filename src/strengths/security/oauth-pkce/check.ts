import { defineStrength } from '../../../engine/strength.js';

const S256 = /code_challenge_method["']?\s*[:=]\s*["']S256["']|codeChallengeMethod["']?\s*[:=]\s*["']S256["']/;

export default defineStrength({
  meta: {
    code: 'STR047',
    name: 'oauth-pkce',
    category: 'security',
    title: 'OAuth login uses PKCE and a state check',
    description: 'Credits OAuth/OIDC authorisation-code logins that send an S256 code challenge, keep the verifier server-side by state, and send it back on the callback.',
    condition: 'Production code builds an authorisation request with `code_challenge_method: "S256"` and a `state`, and the same file (or module) sends a `code_verifier` when it exchanges the code.',
    archetypes: ['service'],
    opposes: [],
    references: ['RFC 7636 (PKCE)', 'OAuth 2.0 Security Best Current Practice (RFC 9700)'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    for (const file of project.code()) {
      const text = project.readText(file.path);
      if (!text || !S256.test(text) || !/\bstate\b/.test(text) || !/code_verifier|codeVerifier/.test(text)) continue;
      const line = text.split('\n').findIndex((l) => S256.test(l)) + 1;
      credit({ message: 'The OAuth login sends an S256 code challenge with a random `state`, and the callback sends the stored code verifier back: an intercepted authorisation code is useless, and a forged callback is refused.', path: file.path, line });
    }
  },
});
