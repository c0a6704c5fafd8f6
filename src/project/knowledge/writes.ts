/**
 * Calls that change state outside the process: database writes (ORM saves, commits, inserts, SQL that modifies),
 * file writes, messages and e-mails sent, jobs enqueued, objects uploaded, HTTP requests with a writing method.
 * A failure of one of these loses data or work; a failure of a read only loses an answer.
 */
import type { CallFact, CodeFacts } from '../../facts/types.js';
import { remoteCalls, splitCallee } from './remote-calls.js';

/** Methods that write whatever they are called on. */
const WRITE_METHOD =
  /^(save|save_all|commit|insert\w*|bulk_create|bulk_update|bulk_insert_mappings|bulk_save_objects|upsert\w*|create_many|createMany|insertOne|insertMany|updateOne|updateMany|replaceOne|findOneAndUpdate|findByIdAndUpdate|put_object|put_item|upload\w*|publish|basic_publish|sendToQueue|enqueue\w*|apply_async|send_mail|send_mass_mail|sendMail|send_email|sendEmail|send_message|sendMessage|write_text|write_bytes|writeFile|writeFileSync|appendFile|appendFileSync)$/;
/**
 * Methods that write only when called on a data-access object (`session.add`, `User.objects.create`, `prisma.user.update`).
 * Not `put`/`get`: `queue.put` is as often an in-process queue (asyncio, multiprocessing) as a remote one.
 */
const STORE_METHOD = /^(add|add_all|create|update|merge|persist|flush|set|hset|lpush|rpush|xadd|send|produce|delay)$/;
/** Data-access objects, one segment of the receiver: ORM managers and sessions, repositories, queues, mailers, storage (`prisma.user`, `this.orders_repo`). */
const STORE_SEGMENT =
  /^_*(objects|session|db|database|conn|connection|cursor|cur|repo|\w*_repo|repository|\w*Repository|collection|table|model|prisma|knex|tx|trx|transaction|em|entityManager|manager|store|storage|bucket|s3|queue|\w*Queue|producer|channel|publisher|mailer|transport|smtp|redis)$/i;
/** SQL that modifies data, as the first argument of `execute`/`query`. */
const MODIFYING_SQL = /^\s*(insert|update|delete|replace|merge|upsert|create|alter|drop|truncate)\b/i;

/** A model class used as the receiver: `User.create(...)`, `Order.update(...)`. */
function isModelName(owner: string): boolean {
  return /^[A-Z][A-Za-z0-9]*$/.test(owner.slice(owner.lastIndexOf('.') + 1)) && !/^(Object|Array|Math|JSON|Promise|Date|String|Number|Reflect|console|Buffer|URL)$/.test(owner);
}

/** Does this call write state outside the process? */
export function isWriteCall(file: CodeFacts, call: CallFact): boolean {
  const [owner, method] = splitCallee(call.callee);
  if (WRITE_METHOD.test(method)) return true;
  if (owner !== '' && STORE_METHOD.test(method) && (owner.split('.').some((segment) => STORE_SEGMENT.test(segment)) || isModelName(owner))) return true;
  if (/^(execute|executemany|query|exec|run)$/.test(method) && owner !== '') {
    const sql = call.args[0];
    if (sql?.kind === 'string' && MODIFYING_SQL.test(String(sql.value))) return true;
  }
  const remote = remoteCalls(file).find((r) => r.call === call);
  return remote !== undefined && ['POST', 'PUT', 'PATCH', 'DELETE'].includes(remote.verb);
}

/** Calls directly in the `try` body of a handler: from the `try` line up to the handler's first line. */
export function callsInTry(file: CodeFacts, fn: number, tryLine: number, handlerLine: number): CallFact[] {
  return file.calls.filter((c) => c.fn === fn && c.line >= tryLine && c.line < handlerLine);
}
