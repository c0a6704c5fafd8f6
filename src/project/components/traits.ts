/**
 * Traits of a component that change what matters beyond its archetype, each with evidence:
 * - `long-running`: a command that serves (a `serve`/`web` subcommand, a local UI), watches files or runs a
 *   schedule; with its exposure when it serves (localhost by default, or every interface);
 * - `local-state`: the user's data kept in a database or data file in their data directory (with migrations or not);
 * - `batch-remote`: loops over remote calls (a failure in the middle of a batch must be reported, not lost);
 * - `money-moving`: payment or trading libraries;
 * - `destructive`: recursive deletes and dropped tables.
 */
import type { CallFact, CodeFacts } from '../../facts/types.js';
import type { ComponentProfile, ComponentTrait, Evidence, RoleExposure } from '../../model/report.js';
import type { Located, RuntimeInventory } from '../inventory/runtime.js';
import { remoteCalls } from '../knowledge/remote-calls.js';

export interface TraitInput {
  component: ComponentProfile;
  /** Production code of the component. */
  code: readonly CodeFacts[];
  runtime: RuntimeInventory;
  /** Server starts and app objects of the component. */
  servers: readonly Located[];
  owns: (path: string) => boolean;
}

/** A user's data or configuration directory. */
const USER_DIR =
  /(^|\.)(get_app_dir|user_data_dir|user_config_dir|user_data_path|user_config_path|user_state_dir|xdg_data_home|xdg_config_home|homedir|getPath)$|^(Path\.home|envPaths|env_paths)$/;
/** Opening a local database or a data file store. */
const LOCAL_DB = /^(sqlite3\.connect|aiosqlite\.connect|sqlite_utils\.Database|Database|SqliteDatabase|sqlite3\.Database|Low|LowSync|JSONFile|JSONFilePreset|JSONFileSyncPreset|Datastore|Level|Keyv|create_engine)$/;
const WATCHERS = /^(chokidar\.watch|watch|fs\.watch|fs\.watchFile|Observer|watchdog\.observers\.Observer|watchfiles\.watch|awatch)$/;
const SCHEDULERS = /^(apscheduler|schedule|node-cron|node-schedule|cron|croner)(\.|\/|$)/;
const MONEY_MODULES = /^(stripe|braintree|paypalrestsdk|@paypal\/[\w-]+|ccxt|web3|ethers|bitcoinlib|@stripe\/stripe-js|adyen|@adyen\/api-library|mollie|@mollie\/api-client|plaid|coinbase|square|squareup)(\.|\/|$)/;
const DESTRUCTIVE_CALL = /^(shutil\.rmtree|rmtree|fs\.rm|fs\.rmSync|fs\.promises\.rm|fsp\.rm|rimraf|rimrafSync|fse\.remove|fs\.remove|fs\.emptyDir|del)$/;

/** SQL that drops or empties tables (`DROP TABLE x`, `TRUNCATE TABLE x;`), not prose that starts with "Truncate cells …". */
const DROP_OR_TRUNCATE = /^\s*(DROP\s+(TABLE|DATABASE|SCHEMA)\b|TRUNCATE\s+(TABLE\s+)?[\w."`]+\s*(;|$|\s+(CASCADE|RESTART|CONTINUE)\b))/i;

function loc(path: string, line: number | null, detail: string): Evidence {
  return { path, line, detail };
}

/**
 * Where a server binds, from the call that starts it: Python's `host=` keyword (uvicorn and Flask bind 127.0.0.1
 * when it is missing), Node's `.listen(port, host)` (every interface when the host is missing). Unknown when the
 * host is computed.
 */
function bindOf(file: CodeFacts | undefined): { exposure?: RoleExposure; detail: string } {
  const describe = (host: string): { exposure: RoleExposure; detail: string } =>
    /^(127\.0\.0\.1|localhost|::1)$/.test(host) ? { exposure: 'local', detail: `binds ${host} by default` } : { exposure: 'public', detail: `binds ${host === '' ? 'every interface' : host} by default` };
  for (const call of file?.calls ?? []) {
    if (file?.language === 'python' && /^(uvicorn\.run|(app|application|server)\.run|web\.run_app|uvicorn\.Config)$/.test(call.callee)) {
      const host = call.kwargs['host'];
      if (!host) return { exposure: 'local', detail: 'binds 127.0.0.1 (the default: no host given)' };
      if (host.kind === 'string') return describe(String(host.value));
    }
    if (file?.language !== 'python' && /\.listen$/.test(call.callee) && call.args.length > 0) {
      const host = call.args[1];
      if (!host || host.kind === 'lambda') return { exposure: 'public', detail: 'listens on every interface (no host given)' };
      if (host.kind === 'string') return describe(String(host.value));
    }
  }
  return { detail: 'where it binds is not read from the code' };
}

function longRunning(input: TraitInput): ComponentTrait | undefined {
  const { code, servers } = input;
  const start = servers[0];
  if (start) {
    const bind = bindOf(code.find((f) => f.path === start.path));
    const trait: ComponentTrait = { name: 'long-running', detail: `serves HTTP (${start.detail}); ${bind.detail}`, evidence: [loc(start.path, start.line, `${start.detail}: ${bind.detail}`)] };
    if (bind.exposure) trait.exposure = bind.exposure;
    return trait;
  }
  for (const file of code) {
    const watch = file.calls.find((c) => WATCHERS.test(c.callee) && file.imports.some((i) => /^(chokidar|watchdog|watchfiles)(\.|$)|^(node:)?fs$/.test(i.module)));
    if (watch) return { name: 'long-running', detail: `watches files (\`${watch.callee}\`)`, evidence: [loc(file.path, watch.line, `\`${watch.callee}(…)\``)] };
  }
  for (const file of code) {
    const scheduler = file.imports.find((i) => !i.relative && SCHEDULERS.test(i.module));
    if (scheduler) return { name: 'long-running', detail: `runs a schedule (\`${scheduler.module}\`)`, evidence: [loc(file.path, scheduler.line, `imports ${scheduler.module}`)] };
  }
  return undefined;
}

export function localState(input: Pick<TraitInput, 'code' | 'runtime' | 'owns'>): ComponentTrait | undefined {
  let dir: { file: CodeFacts; call: CallFact } | undefined;
  let db: { file: CodeFacts; call: CallFact } | undefined;
  for (const file of input.code) {
    dir ??= firstCall(file, (c) => USER_DIR.test(c.callee) && (c.callee !== 'getPath' || c.args[0]?.value === 'userData'));
    db ??= firstCall(file, (c) => LOCAL_DB.test(c.isNew ? c.callee : c.callee) && (c.callee !== 'create_engine' || /sqlite/.test(c.args[0]?.text ?? '')) && (c.callee !== 'Database' || c.isNew || file.imports.some((i) => /sqlite/.test(i.module))));
  }
  if (!dir || !db) return undefined;
  const migrations = input.code.find((f) => /(^|\/)\w*migrations?\.(py|[jt]s)$/.test(f.path)) ?? input.runtime.data.migrations.find((m) => input.owns(m.path));
  return {
    name: 'local-state',
    detail: `keeps the user's data in a local database in their data directory${migrations ? ', with migrations' : ''}`,
    evidence: [
      loc(dir.file.path, dir.call.line, `user data directory: \`${dir.call.callee}(…)\``),
      loc(db.file.path, db.call.line, `database: \`${db.call.callee}(…)\``),
      ...(migrations ? [loc(migrations.path, 'line' in migrations ? migrations.line : 1, 'migrations')] : []),
    ],
  };
}

function firstCall(file: CodeFacts, test: (c: CallFact) => boolean): { file: CodeFacts; call: CallFact } | undefined {
  const call = file.calls.find(test);
  return call ? { file, call } : undefined;
}

function batchRemote(input: TraitInput): ComponentTrait | undefined {
  const looped = input.code.flatMap((f) => remoteCalls(f).filter((r) => r.call.inLoop).map((r) => ({ file: f, call: r.call })));
  const first = looped[0];
  if (!first) return undefined;
  return { name: 'batch-remote', detail: `${looped.length} remote calls inside loops`, evidence: [loc(first.file.path, first.call.line, `\`${first.call.callee}(…)\` in a loop`)] };
}

function moneyMoving(input: TraitInput): ComponentTrait | undefined {
  for (const file of input.code) {
    const imp = file.imports.find((i) => !i.relative && MONEY_MODULES.test(i.module));
    if (imp) return { name: 'money-moving', detail: `uses a payment or trading library (\`${imp.module}\`)`, evidence: [loc(file.path, imp.line, `imports ${imp.module}`)] };
  }
  return undefined;
}

function destructive(input: TraitInput): ComponentTrait | undefined {
  for (const file of input.code) {
    const call = file.calls.find((c) => DESTRUCTIVE_CALL.test(c.callee) || c.args.some((a) => a.kind === 'string' && DROP_OR_TRUNCATE.test(String(a.value))));
    if (call) return { name: 'destructive', detail: `deletes recursively or drops tables (\`${call.callee}\`)`, evidence: [loc(file.path, call.line, `\`${call.callee}(…)\``)] };
  }
  return undefined;
}

export function traitsOf(input: TraitInput): ComponentTrait[] {
  const { archetype } = input.component;
  if (archetype === 'infra' || archetype === 'frontend') return [];
  const commandLike = archetype === 'cli' || archetype === 'library';
  const found = [
    commandLike ? longRunning(input) : undefined,
    commandLike ? localState(input) : undefined,
    archetype === 'cli' || archetype === 'worker' ? batchRemote(input) : undefined,
    moneyMoving(input),
    archetype === 'cli' || archetype === 'worker' ? destructive(input) : undefined,
  ];
  return found.filter((t): t is ComponentTrait => t !== undefined);
}
