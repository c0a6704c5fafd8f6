import { defineStrength } from '../../../engine/strength.js';

/** Long-lived async clients and pools. */
const CLIENT = /(^|\.)(AsyncClient|ClientSession|create_pool|create_async_engine|AsyncIOMotorClient|from_url|Redis|AsyncElasticsearch|aioboto3\.Session)$/;
/** Where the client is closed: the close call and the shutdown it runs in. */
const CLOSE = /(^|\.)(aclose|close|dispose|disconnect|terminate)$/;
/** Shutdown hooks: FastAPI/Starlette lifespan, on_event("shutdown"), aiohttp on_cleanup/on_shutdown, atexit, finally. */
const SHUTDOWN = /lifespan|shutdown|cleanup|on_cleanup|on_shutdown|teardown|atexit|__aexit__|close|stop/i;

export default defineStrength({
  meta: {
    code: 'STR053',
    name: 'async-client-lifecycle',
    category: 'resilience',
    title: 'Async clients opened once and closed on shutdown',
    description: 'Credits long-lived async clients and pools (httpx, aiohttp, asyncpg, SQLAlchemy async, Redis) that are created once and closed by the shutdown path.',
    condition: 'Production Python code creates an async client or pool and assigns it to a long-lived name (module, app state, attribute), and a function of the shutdown path (a lifespan, a shutdown or cleanup hook, `__aexit__`, a close method) awaits its close (`aclose`, `close`, `dispose`).',
    archetypes: ['service', 'worker'],
    opposes: [],
    references: ['HTTPX docs: Client instances', 'aiohttp docs: Client session (graceful shutdown)'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    for (const file of project.code({ languages: ['python'] })) {
      const created = file.calls.filter((c) => CLIENT.test(c.callee) && c.assignedTo !== undefined);
      for (const client of created) {
        const name = (client.assignedTo ?? '').split('.').pop() ?? '';
        const closed = file.calls.find((c) => CLOSE.test(c.callee) && c.awaited && c.callee.split('.').slice(-2, -1)[0] === name && SHUTDOWN.test(file.functions[c.fn]?.name ?? ''));
        if (!closed) continue;
        credit({ message: `\`${client.assignedTo ?? name}\` (${client.callee}) is created once and closed in \`${file.functions[closed.fn]?.name ?? 'the shutdown hook'}\`: connections are reused across requests and released cleanly on shutdown.`, path: file.path, line: client.line, related: [{ path: file.path, line: closed.line }] });
        break;
      }
    }
  },
});
