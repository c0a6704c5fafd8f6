/**
 * Secrets recognisable by their own shape, wherever they appear. Each format is written once here, with the page
 * that documents it. `shown` is the format's fixed prefix, kept in the masked form so that a reader can tell which
 * kind of credential it was (`ghp_**** (40 chars)`); the random part is never shown.
 *
 * Lower bounds on the random part are below the documented lengths on purpose: a token cut by a clipped snippet
 * (`ghp_abc…`) is still masked.
 */
export interface TokenFormat {
  name: string;
  /** Global; the whole match is the secret. */
  pattern: RegExp;
  /** The format's fixed prefix, shown in the masked form. */
  shown: (match: string) => string;
  /** Where the format is documented. */
  source: string;
  /** Extra check on a match, for formats whose prefix alone is too common. */
  accept?: (match: string) => boolean;
}

const prefix =
  (re: RegExp) =>
  (match: string): string =>
    re.exec(match)?.[0] ?? '';

/** Random parts mix digits and letters; words and identifiers (`sk-learn-estimator-docs`) do not. */
function looksRandom(match: string): boolean {
  return /\d/.test(match) && /[A-Za-z]/.test(match);
}

export const TOKEN_FORMATS: readonly TokenFormat[] = [
  {
    name: 'GitHub token',
    pattern: /\bgh[pousr]_[A-Za-z0-9]{20,255}\b/g,
    shown: prefix(/^gh[pousr]_/),
    source: 'https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/about-authentication-to-github#githubs-token-formats',
  },
  {
    name: 'GitHub fine-grained personal access token',
    pattern: /\bgithub_pat_[A-Za-z0-9_]{22,255}/g,
    shown: prefix(/^github_pat_/),
    source: 'https://github.blog/security/application-security/introducing-fine-grained-personal-access-tokens-for-github/',
  },
  {
    name: 'GitLab token',
    pattern: /\b(?:glpat|gloas|gldt|glrt|glrtr|glcbt|glptt|glft|glimt|glagent|glsoat|glffct|glwt)-[A-Za-z0-9_-]{20,}/g,
    shown: prefix(/^[a-z]+-/),
    source: 'https://docs.gitlab.com/security/tokens/#token-prefixes',
  },
  {
    name: 'Slack token',
    pattern: /\bxox[abeoprs]-[A-Za-z0-9-]{10,}|\bxapp-\d-[A-Za-z0-9-]{10,}/g,
    shown: prefix(/^x[a-z]+-/),
    source: 'https://api.slack.com/concepts/token-types',
  },
  {
    name: 'Stripe secret or restricted key, webhook signing secret',
    pattern: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}|\bwhsec_[A-Za-z0-9+/=]{20,}/g,
    shown: prefix(/^(?:[sr]k_(?:live|test)_|whsec_)/),
    source: 'https://docs.stripe.com/keys',
  },
  {
    name: 'Google API key',
    pattern: /\bAIza[0-9A-Za-z_-]{30,}/g,
    shown: () => 'AIza',
    source: 'https://cloud.google.com/docs/authentication/api-keys',
  },
  {
    name: 'AWS access key id',
    pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/g,
    shown: (match) => match.slice(0, 4),
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids',
  },
  {
    name: 'JSON Web Token',
    pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g,
    shown: () => 'eyJ',
    source: 'https://datatracker.ietf.org/doc/html/rfc7519#section-3 (a header and claims set that are JSON objects: base64url of `{"`)',
  },
  {
    name: 'npm access token',
    pattern: /\bnpm_[A-Za-z0-9]{30,}\b/g,
    shown: () => 'npm_',
    source: 'https://docs.npmjs.com/about-access-tokens',
  },
  {
    name: 'OpenAI or Anthropic API key',
    pattern: /\bsk-(?:ant-[a-z]+\d*-|proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g,
    shown: prefix(/^sk-(?:ant-|proj-|svcacct-|admin-)?/),
    source: 'https://platform.openai.com/docs/api-reference/authentication, https://docs.anthropic.com/en/api/overview',
    accept: looksRandom,
  },
  {
    name: 'PyPI API token',
    pattern: /\bpypi-AgE[A-Za-z0-9_-]{50,}/g,
    shown: () => 'pypi-',
    source: 'https://pypi.org/help/#apitoken',
  },
  {
    name: 'SendGrid API key',
    pattern: /\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/g,
    shown: () => 'SG.',
    source: 'https://www.twilio.com/docs/sendgrid/ui/account-and-settings/api-keys',
  },
  {
    name: 'Hugging Face access token',
    pattern: /\bhf_[A-Za-z0-9]{30,}\b/g,
    shown: () => 'hf_',
    source: 'https://huggingface.co/docs/hub/security-tokens',
    accept: looksRandom,
  },
];

/** Every prefix `shown` keeps, as a pattern: how a masked token starts (mask.ts recognises masked forms by it). */
export const SHOWN_PREFIXES = String.raw`gh[pousr]_|github_pat_|gl[a-z]+-|x[a-z]+-|[sr]k_(?:live|test)_|whsec_|AIza|A[SKBC][IC]A|eyJ|npm_|sk-(?:ant-|proj-|svcacct-|admin-)?|pypi-|SG\.|hf_`;

/**
 * A private key in PEM (RFC 7468) or OpenPGP armour (RFC 4880 §6.2): the header stays, everything after it up to
 * the footer (or the end of the quoted string or of the text, when the snippet holds only its first line) is masked.
 */
export const PRIVATE_KEY = /(-----BEGIN[A-Z0-9 ]* PRIVATE KEY(?: BLOCK)?-----)([\s\S]*?(?:-----END[A-Z0-9 ]* PRIVATE KEY(?: BLOCK)?-----|(?=["'`])|$))/g;

/** A Slack incoming-webhook URL: its path is the credential (https://api.slack.com/messaging/webhooks). */
export const SLACK_WEBHOOK = /(hooks\.slack\.com\/(?:services|workflows|triggers)\/)([A-Za-z0-9_/-]{10,})/g;
