import { defineRule } from '../../../engine/rule.js';
import { sqliteUses } from '../../../project/data-access.js';

type MessageId = 'noPrePing' | 'pgPoolDefaults';

const ENGINE = /(^|\.)(create_engine|create_async_engine)$/;
const PG_POOL_KEYS = ['max', 'connectionTimeoutMillis', 'idleTimeoutMillis'];

export default defineRule<MessageId>({
  meta: {
    code: 'DB005',
    name: 'db-pool-unconfigured',
    category: 'database',
    severity: 'low',
    confidence: 'medium',
    title: 'Database connection pool left at its defaults',
    description: 'A long-lived process pools database connections with defaults that hand out stale connections or wait forever for a free one.',
    archetypes: ['service', 'worker'],
    messages: {
      noPrePing:
        '`{{callee}}(…)` pools connections without `pool_pre_ping` or `pool_recycle`: after the database restarts, fails over or a proxy drops idle connections, the next request on each stale pooled connection fails.',
      pgPoolDefaults:
        '`new {{callee}}({{args}})` sets none of `max`, `connectionTimeoutMillis`, `idleTimeoutMillis`: at most 10 connections, and when they are busy a query waits for a free one with no time limit (connectionTimeoutMillis 0).',
    },
    fix: 'SQLAlchemy: `create_engine(url, pool_pre_ping=True)` (and `pool_recycle` below the server/proxy idle timeout). pg: `new Pool({ max, connectionTimeoutMillis, idleTimeoutMillis })` sized for the number of processes.',
    acceptance: 'The pool validates or recycles connections, and waiting for a connection is bounded.',
    references: ['https://docs.sqlalchemy.org/en/20/core/pooling.html#disconnect-handling-pessimistic', 'https://node-postgres.com/apis/pool'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    const sqlite = new Set(sqliteUses(project).filter((u) => !u.conditional).map((u) => `${u.path}:${u.line}`));
    for (const file of project.code()) {
      if (file.role !== 'source') continue;
      const pgPool = new Set(file.imports.filter((i) => i.module === 'pg').flatMap((i) => [...i.names.filter((n) => n === 'Pool'), ...(i.alias ? [`${i.alias}.Pool`] : [])]));
      for (const call of file.calls) {
        if (file.language === 'python') {
          if (!ENGINE.test(call.callee) || call.hasSpread || sqlite.has(`${file.path}:${call.line}`)) continue;
          // The application's engine lives for the whole process: created at import time or by a cached factory.
          // Engines made for one task (a migration check, a backup export) are disposed before connections go stale.
          const fn = file.functions[call.fn];
          if (fn && !fn.decorators.some((d) => /(^|\.)(lru_cache|cache|cached)$/.test(d.name))) continue;
          const keys = Object.keys(call.kwargs);
          if (keys.some((k) => k === 'pool_pre_ping' || k === 'pool_recycle' || k === 'poolclass')) continue;
          const url = call.args[0];
          if (url?.kind === 'string' && /^sqlite/.test(String(url.value))) continue;
          report({ messageId: 'noPrePing', data: { callee: call.callee }, path: file.path, line: call.line });
        } else if (call.isNew && pgPool.has(call.callee) && !call.hasSpread) {
          const options = call.args[0];
          if (options && (options.kind !== 'object' || options.spread)) continue;
          if (PG_POOL_KEYS.some((k) => options?.props?.[k] !== undefined)) continue;
          report({ messageId: 'pgPoolDefaults', data: { callee: call.callee, args: options ? '{ … }' : '' }, path: file.path, line: call.line });
        }
      }
    }
  },
});
