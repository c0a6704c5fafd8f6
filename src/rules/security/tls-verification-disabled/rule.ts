import type { CallFact, CodeFacts } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import type { Project } from '../../../project/project.js';
import { importedNames, moduleAliases, splitCallee } from '../shared.js';
import { clip } from '../../../util/text.js';

type MessageId = 'verifyFalse' | 'unverifiedContext' | 'checkHostname' | 'certNone' | 'rejectUnauthorized' | 'rejectUnauthorizedOptIn' | 'nodeTlsEnv' | 'nodeTlsEnvHealthcheck';

const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'send', 'stream']);
const CLIENT_CONSTRUCTORS = /(^|\.)(Client|AsyncClient|Session|AsyncHTTPTransport|HTTPTransport)$/;

interface Hit {
  messageId: MessageId;
  line: number;
  endLine?: number;
  data?: Record<string, string>;
  severity?: 'medium' | 'low';
  confidence?: 'medium';
}

/** A container health-check script: it connects to the service it runs beside, usually over a self-signed certificate. */
const HEALTHCHECK_FILE = /(^|\/)health-?check\.[cm]?[jt]s$/i;

/** Calls that hand `verify=False` (or aiohttp's `ssl=False`) to an HTTP client this file imports. */
function pythonCallHits(file: CodeFacts): Hit[] {
  const hits: Hit[] = [];
  const clients = new Set([...moduleAliases(file, 'requests', 'httpx', 'aiohttp')]);
  const fromClients = importedNames(file, 'requests', 'httpx', 'aiohttp');
  const importsClient = clients.size > 0 || fromClients.size > 0;
  const ssl = moduleAliases(file, 'ssl');
  for (const call of file.calls) {
    const [owner, method] = splitCallee(call.callee);
    const verify = call.kwargs['verify'];
    const aiohttpSsl = call.kwargs['ssl'] ?? call.kwargs['verify_ssl'];
    const known = clients.has(owner) || (owner === '' && fromClients.has(method)) || clients.has(owner.split('.')[0] ?? '');
    const clientCall = known || (importsClient && (HTTP_METHODS.has(method) || CLIENT_CONSTRUCTORS.test(call.callee)));
    if (clientCall && verify?.kind === 'bool' && verify.value === false) {
      hits.push({ messageId: 'verifyFalse', line: call.line, endLine: call.endLine, data: { call: call.callee, option: 'verify=False' } });
    } else if (clientCall && aiohttpSsl?.kind === 'bool' && aiohttpSsl.value === false && (moduleAliases(file, 'aiohttp').size > 0 || importedNames(file, 'aiohttp').size > 0)) {
      hits.push({ messageId: 'verifyFalse', line: call.line, endLine: call.endLine, data: { call: call.callee, option: `${call.kwargs['ssl'] ? 'ssl' : 'verify_ssl'}=False` } });
    }
    if (/(^|\.)_create_unverified_context$/.test(call.callee) && (ssl.has(owner) || owner === '')) {
      hits.push({ messageId: 'unverifiedContext', line: call.line, endLine: call.endLine, data: { call: call.callee } });
    }
    const certReqs = call.kwargs['cert_reqs'];
    if (certReqs && /^(ssl\.)?CERT_NONE$|^['"]CERT_NONE['"]$/.test(certReqs.text)) {
      hits.push({ messageId: 'certNone', line: call.line, endLine: call.endLine, data: { where: `${call.callee}(cert_reqs=${certReqs.text})` } });
    }
  }
  return hits;
}

function pythonBindingHits(file: CodeFacts, project: Project): Hit[] {
  const hits: Hit[] = [];
  for (const b of file.bindings) {
    if (b.via !== 'assign') continue;
    if (/\.check_hostname$/.test(b.name) && b.value.kind === 'bool' && b.value.value === false) hits.push({ messageId: 'checkHostname', line: b.line, data: { name: b.name } });
    else if (/\.verify$/.test(b.name) && b.value.kind === 'bool' && b.value.value === false) hits.push({ messageId: 'verifyFalse', line: b.line, data: { call: b.name.slice(0, -'.verify'.length), option: 'verify = False' } });
    else if (/(^|\.)_create_default_https_context$/.test(b.name) && /_create_unverified_context$/.test(b.value.text)) hits.push({ messageId: 'unverifiedContext', line: b.line, data: { call: b.name } });
  }
  // `ctx.verify_mode = ssl.CERT_NONE` inside a function is not a literal binding: read the words.
  if (moduleAliases(file, 'ssl').size > 0 || importedNames(file, 'ssl').has('CERT_NONE')) {
    const lines = (project.readText(file.path) ?? '').split('\n');
    lines.forEach((text, i) => {
      if (/^\s*[\w.]+\.verify_mode\s*=\s*(ssl\.)?CERT_NONE\s*(#.*)?$/.test(text)) hits.push({ messageId: 'certNone', line: i + 1, data: { where: text.trim() } });
    });
  }
  return hits;
}

/** `rejectUnauthorized: process.env.X === 'true'`: verification only when someone sets X to exactly `true`. */
const OPT_IN = /^process\.env\.(\w+)\s*===?\s*['"`](true|1|yes)['"`]$/;

function jsHits(file: CodeFacts): Hit[] {
  const hits: Hit[] = [];
  for (const b of file.bindings) {
    const key = b.name.replace(/^['"]|['"]$/g, '');
    if (b.via === 'key' && (key === 'rejectUnauthorized' || key === 'strictSSL')) {
      if (b.value.kind === 'bool' && b.value.value === false) hits.push({ messageId: 'rejectUnauthorized', line: b.line, data: { option: `${key}: false` } });
      const optIn = OPT_IN.exec(b.value.text);
      if (optIn?.[1]) hits.push({ messageId: 'rejectUnauthorizedOptIn', line: b.line, data: { option: key, env: optIn[1] }, severity: 'medium', confidence: 'medium' });
    }
    if (/^process\.env(\.|\[['"])NODE_TLS_REJECT_UNAUTHORIZED/.test(b.name) && /^['"`]?0['"`]?$/.test(b.value.text)) {
      if (HEALTHCHECK_FILE.test(file.path)) hits.push({ messageId: 'nodeTlsEnvHealthcheck', line: b.line, severity: 'low' });
      else hits.push({ messageId: 'nodeTlsEnv', line: b.line, data: { where: 'the code' } });
    }
  }
  return hits;
}

/**
 * The setting applies only when a condition holds (`if not config.verify_ssl:`, `elif verify is False:`,
 * `if (config['allow-self-signed'])`, `url.rejectUnauthorized === 'false' ? { rejectUnauthorized: false } : {}`):
 * an opt-out someone has to ask for, not the default. Returns the condition, or undefined.
 */
function optOutCondition(file: CodeFacts, line: number, lineText: string): string | undefined {
  const branch = (file.branches ?? []).filter((b) => b.line <= line && line <= b.endLine && !/^(True|true|1)$/.test(b.condition.trim())).pop();
  if (branch) return branch.condition;
  return /^\s*[?:]/.test(lineText) ? lineText.trim().replace(/^[?:]\s*/, '') : undefined;
}

/** `ctx.check_hostname = False` on a context that trusts only a CA the operator supplies: the certificate is still checked. */
function pinnedCa(file: CodeFacts, line: number): boolean {
  const fn = file.calls.find((c) => c.line === line)?.fn ?? file.bindings.find((b) => b.line === line)?.fn ?? -2;
  return file.calls.some((c) => c.fn === fn && /(^|\.)load_verify_locations$/.test(c.callee));
}

/** `urllib3.disable_warnings()` in the same file: it hides the warning that would have shown the problem. */
function warningsSilenced(file: CodeFacts): CallFact | undefined {
  return file.calls.find((c) => /(^|\.)urllib3\.disable_warnings$|^disable_warnings$/.test(c.callee));
}

export default defineRule<MessageId>({
  meta: {
    code: 'SEC002',
    name: 'tls-verification-disabled',
    category: 'security',
    severity: 'high',
    confidence: 'high',
    title: 'TLS certificate verification disabled',
    description: 'An HTTPS or database client told not to verify the server certificate (verify=False, an unverified SSL context, rejectUnauthorized: false, NODE_TLS_REJECT_UNAUTHORIZED=0).',
    archetypes: ['service', 'worker', 'cli', 'library', 'infra'],
    nonGoal: 'Browser code cannot turn certificate checks off; the browser always verifies.',
    messages: {
      verifyFalse: '`{{call}}` is given `{{option}}`: the server certificate is not checked, so anyone on the network path can impersonate the server.{{note}}',
      unverifiedContext: '`{{call}}` uses an unverified SSL context: certificates and host names are not checked.{{note}}',
      checkHostname: '`{{name}} = False` turns off host-name checking: a valid certificate for any other site is accepted.{{note}}',
      certNone: '`{{where}}` accepts any certificate (CERT_NONE): the connection can be intercepted.{{note}}',
      rejectUnauthorized: '`{{option}}` accepts any certificate: the TLS connection can be intercepted.{{note}}',
      rejectUnauthorizedOptIn: '`{{option}}` comes from `process.env.{{env}} === \'true\'`: certificate verification is off unless someone sets {{env}}=true, so a deployment that forgets it connects without checking the certificate.',
      nodeTlsEnv: 'NODE_TLS_REJECT_UNAUTHORIZED=0 is set in {{where}}: every HTTPS connection of the Node process accepts any certificate.',
      nodeTlsEnvHealthcheck: 'NODE_TLS_REJECT_UNAUTHORIZED=0 is set in this health-check script: harmless while it only calls the local server, but any other HTTPS call it makes accepts any certificate.',
    },
    fix: 'Keep verification on. For a private CA pass its bundle (`verify="/path/ca.pem"`, `ca: fs.readFileSync(...)`, `sslrootcert`) instead of disabling the check; make any opt-out explicit, off by default, and loud.',
    acceptance: 'No client disables certificate or host-name verification by default; private CAs are configured as trusted roots.',
    references: ['ruff S501 (request-with-no-cert-validation), S323 (suspicious-unverified-context-usage)', 'bandit B501, B323', 'CWE-295: Improper Certificate Validation', 'OWASP ASVS 9.2.1'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const file of project.code()) {
      const archetype = project.componentOf(file.path)?.archetype;
      const hits = file.language === 'python' ? [...pythonCallHits(file), ...pythonBindingHits(file, project)] : jsHits(file);
      const silenced = file.language === 'python' ? warningsSilenced(file) : undefined;
      const seen = new Set<number>();
      const lines = hits.length > 0 ? (project.readText(file.path) ?? '').split('\n') : [];
      for (const hit of hits) {
        if (seen.has(hit.line)) continue;
        seen.add(hit.line);
        if (hit.messageId === 'checkHostname' && pinnedCa(file, hit.line)) continue;
        const condition = optOutCondition(file, hit.line, lines[hit.line - 1] ?? '');
        const severity = condition !== undefined ? 'medium' : (hit.severity ?? (archetype === 'cli' ? 'medium' : 'high'));
        report({
          messageId: hit.messageId,
          data: {
            note: `${condition !== undefined ? ` Only when \`${clip(condition, 60)}\`: an opt-out someone has to ask for.` : ''}${silenced ? ` \`${silenced.callee}()\` (line ${silenced.line}) also hides the InsecureRequestWarning that would show it.` : ''}`,
            ...hit.data,
          },
          path: file.path,
          line: hit.line,
          ...(hit.endLine ? { endLine: hit.endLine } : {}),
          ...(silenced ? { related: [{ path: file.path, line: silenced.line }] } : {}),
          severity,
          ...(hit.confidence ? { confidence: hit.confidence } : {}),
          // An opt-out behind a condition (a setting, a parameter) has not shown it is precise enough to be on by default.
          ...(condition !== undefined ? { preview: true } : {}),
        });
      }
    }
    for (const dockerfile of project.inventory.infra.dockerfiles) {
      for (const stage of dockerfile.stages) {
        for (const run of [...stage.runs, ...(stage.cmd ? [stage.cmd] : []), ...(stage.entrypoint ? [stage.entrypoint] : [])]) {
          if (/\bNODE_TLS_REJECT_UNAUTHORIZED=['"]?0\b/.test(run.value)) report({ messageId: 'nodeTlsEnv', data: { where: dockerfile.path }, path: dockerfile.path, line: run.line });
        }
      }
    }
    for (const file of project.dockerfiles()) {
      for (const ins of file.instructions) {
        if (ins.keyword === 'ENV' && /\bNODE_TLS_REJECT_UNAUTHORIZED(=|\s+)['"]?0\b/.test(ins.args)) report({ messageId: 'nodeTlsEnv', data: { where: file.path }, path: file.path, line: ins.line });
      }
    }
    for (const compose of project.inventory.infra.compose) {
      if (compose.override) continue;
      for (const service of compose.services) {
        for (const env of service.environment) {
          if (env.name === 'NODE_TLS_REJECT_UNAUTHORIZED' && env.value !== null && /^['"]?0['"]?$/.test(env.value.trim())) {
            report({ messageId: 'nodeTlsEnv', data: { where: `${compose.path} (service ${service.name})` }, path: compose.path, line: env.line });
          }
        }
      }
    }
  },
});
