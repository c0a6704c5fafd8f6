import type { CallFact, CodeFacts, ValueFact } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import { importedNames, isDevOnlyPath, moduleAliases, NETWORK_INPUT, REQUEST_INPUT, splitCallee } from '../shared.js';

type MessageId = 'pickle' | 'yaml' | 'evalInput' | 'nodeSerialize';

/** Loaders that run code or build arbitrary objects from their input. */
const PICKLE_LIKE: Record<string, RegExp> = {
  pickle: /^(loads|load|Unpickler)$/,
  _pickle: /^(loads|load|Unpickler)$/,
  cPickle: /^(loads|load|Unpickler)$/,
  dill: /^(loads|load)$/,
  cloudpickle: /^(loads|load)$/,
  marshal: /^(loads|load)$/,
  jsonpickle: /^decode$/,
  shelve: /^open$/,
};

const UNSAFE_YAML_LOADER = /(^|\.)(Loader|UnsafeLoader|FullLoader|CLoader|CUnsafeLoader|CFullLoader)$/;

interface Hit {
  messageId: MessageId;
  call: CallFact;
  data: Record<string, string>;
  origin: 'external' | 'unknown';
}

const RECEIVING_METHOD = /(^|\.)(recv|recvfrom|get|hget|getdel|lpop|rpop|blpop|brpop|poll|receive|receive_messages|consume|body|read|json)$/;
const RECEIVING_OWNER = /redis|cache|queue|consumer|sqs|sock|socket|channel|request|session|resp|response|http|kafka|amqp|pika|pubsub|memcache/i;

/** `data = redis_client.get(key)`, `raw = await request.body()`, `payload = sock.recv(4096)`. */
function readsExternal(source: CallFact): boolean {
  const text = `${source.callee}(${source.args.map((a) => a.text).join(', ')})`;
  if (REQUEST_INPUT.test(text) || NETWORK_INPUT.test(`${source.callee}(`)) return true;
  return RECEIVING_METHOD.test(source.callee) && RECEIVING_OWNER.test(source.callee.slice(0, source.callee.lastIndexOf('.')));
}

/** Where the loaded data comes from, as far as this file can tell: the request, the network, a cache or a queue. */
function originOf(file: CodeFacts, call: CallFact, value: ValueFact | undefined): 'external' | 'unknown' | 'literal' {
  if (!value) return 'unknown';
  if (value.kind === 'string' || value.kind === 'number') return 'literal';
  if (REQUEST_INPUT.test(value.text) || NETWORK_INPUT.test(value.text)) return 'external';
  const name = value.kind === 'identifier' ? value.text : /^(\w+)(\.|\[)/.exec(value.text)?.[1];
  if (name) {
    const source = file.calls.find((c) => c.fn === call.fn && c.line <= call.line && c.assignedTo === name);
    if (source && readsExternal(source)) return 'external';
  }
  return 'unknown';
}

function pythonHits(file: CodeFacts): Hit[] {
  const hits: Hit[] = [];
  const aliases = new Map<string, string>();
  for (const module of Object.keys(PICKLE_LIKE)) for (const a of moduleAliases(file, module)) aliases.set(a, module);
  const fromImports = new Map<string, string>();
  for (const module of Object.keys(PICKLE_LIKE)) for (const n of importedNames(file, module)) fromImports.set(n, module);
  const yaml = moduleAliases(file, 'yaml');
  const yamlNames = importedNames(file, 'yaml');
  for (const call of file.calls) {
    const [owner, method] = splitCallee(call.callee);
    const module = aliases.get(owner) ?? (owner === '' ? fromImports.get(method) : undefined);
    if (module && PICKLE_LIKE[module]?.test(method)) {
      const origin = originOf(file, call, call.args[0]);
      if (origin !== 'literal' && !(module === 'shelve' && call.args[0]?.kind === 'string')) hits.push({ messageId: 'pickle', call, data: { call: call.callee, module }, origin });
      continue;
    }
    if (/(^|\.)read_pickle$/.test(call.callee) || (/(^|\.)load$/.test(call.callee) && /^(np|numpy)\./.test(call.callee) && call.kwargs['allow_pickle']?.value === true)) {
      const origin = originOf(file, call, call.args[0]);
      if (origin !== 'literal') hits.push({ messageId: 'pickle', call, data: { call: call.callee, module: 'pickle' }, origin });
      continue;
    }
    const isYaml = (yaml.has(owner) && /^(load|load_all|unsafe_load|unsafe_load_all|full_load)$/.test(method)) || (owner === '' && yamlNames.has(method) && /^(load|load_all|unsafe_load|unsafe_load_all)$/.test(method));
    if (isYaml) {
      const loader = call.kwargs['Loader'] ?? call.args[1];
      const unsafe = /unsafe_load|full_load/.test(method) || (loader !== undefined && UNSAFE_YAML_LOADER.test(loader.text) && !/Safe/.test(loader.text));
      const missing = loader === undefined && /^load(_all)?$/.test(method);
      if (!unsafe && !missing) continue;
      const origin = originOf(file, call, call.args[0]);
      if (origin === 'literal') continue;
      hits.push({ messageId: 'yaml', call, data: { call: call.callee, loader: loader ? `Loader=${loader.text}` : 'no Loader (PyYAML < 6 falls back to an unsafe loader)' }, origin });
      continue;
    }
    if ((call.callee === 'eval' || call.callee === 'exec') && call.args[0] && originOf(file, call, call.args[0]) === 'external') {
      hits.push({ messageId: 'evalInput', call, data: { call: call.callee }, origin: 'external' });
    }
  }
  return hits;
}

function jsHits(file: CodeFacts): Hit[] {
  const hits: Hit[] = [];
  const serialize = new Set([...moduleAliases(file, 'node-serialize', 'serialize-to-js'), ...importedNames(file, 'node-serialize')]);
  for (const call of file.calls) {
    const [owner, method] = splitCallee(call.callee);
    if ((serialize.has(owner) && /^(unserialize|deserialize)$/.test(method)) || (owner === '' && serialize.has(method) && method === 'unserialize')) {
      hits.push({ messageId: 'nodeSerialize', call, data: { call: call.callee }, origin: 'external' });
      continue;
    }
    const evaluator = call.callee === 'eval' || (call.callee === 'Function' && call.isNew) || /^vm\.(runInNewContext|runInThisContext|runInContext|compileFunction)$/.test(call.callee) || (call.callee === 'Script' && call.isNew);
    if (evaluator && call.args.some((a) => REQUEST_INPUT.test(a.text) || originOf(file, call, a) === 'external')) {
      hits.push({ messageId: 'evalInput', call, data: { call: call.isNew ? `new ${call.callee}` : call.callee }, origin: 'external' });
    }
  }
  return hits;
}

export default defineRule<MessageId>({
  meta: {
    code: 'SEC007',
    name: 'unsafe-deserialization',
    category: 'security',
    severity: 'high',
    confidence: 'high',
    title: 'Unsafe deserialization',
    description: 'Data loaded with a deserializer that can run code (pickle, marshal, shelve, jsonpickle, yaml.load with an unsafe loader, node-serialize) or evaluated with eval/exec, from a request, the network, a cache or a queue.',
    archetypes: ['service', 'worker', 'cli', 'library'],
    nonGoal: 'Front-end code has no pickle or YAML loaders, and eval in a browser runs in the user\'s own page.',
    messages: {
      pickle: '`{{call}}(…)` deserializes {{origin}} with {{module}}: a crafted payload runs arbitrary code while it is loaded.',
      yaml: '`{{call}}(…)` with {{loader}} on {{origin}}: YAML tags such as `!!python/object/apply` run code while it is loaded.',
      evalInput: '`{{call}}(…)` evaluates data from the request: the caller can run any code on the server.',
      nodeSerialize: '`{{call}}(…)` (node-serialize) turns `_$$ND_FUNC$$_` strings into functions and runs them: input that reaches it is remote code execution.',
    },
    fix: 'Use a data-only format (JSON, `yaml.safe_load`, msgpack without extension hooks) for anything that crosses a trust boundary; if pickle is unavoidable, sign the payload (HMAC) and verify before loading.',
    acceptance: 'No code-executing deserializer reads data that an outsider, a shared cache or a queue can influence.',
    references: ['ruff S301 (suspicious-pickle-usage), S506 (unsafe-yaml-load), S307 (suspicious-eval-usage)', 'bandit B301, B302, B506, B307', 'CWE-502: Deserialization of Untrusted Data', 'CWE-95: Eval Injection'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const file of project.code()) {
      if (isDevOnlyPath(file.path)) continue;
      const hits = file.language === 'python' ? pythonHits(file) : jsHits(file);
      for (const hit of hits) {
        const external = hit.origin === 'external';
        report({
          messageId: hit.messageId,
          data: { ...hit.data, origin: external ? 'data from the request, network, cache or queue' : 'data whose origin is not visible here' },
          path: file.path,
          line: hit.call.line,
          endLine: hit.call.endLine,
          ...(external ? {} : { severity: 'medium', confidence: 'low' }),
        });
      }
    }
  },
});
