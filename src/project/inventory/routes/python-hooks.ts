/**
 * Code Python web frameworks run before a route's handler: Flask/Quart `before_request` and
 * `url_value_preprocessor` (on a blueprint or the app; `before_app_request` for every blueprint), FastAPI/Starlette
 * middleware (`@app.middleware("http")`, `add_middleware(X)`, `Starlette(middleware=[Middleware(X)])`), aiohttp
 * `middlewares=[...]`, Sanic `@app.middleware("request")`.
 */
import type { CodeFacts } from '../../../facts/types.js';
import type { Hook } from './model.js';

const REQUEST_HOOK = /^(before_request|before_app_request|url_value_preprocessor|app_url_value_preprocessor)$/;
const APP_WIDE = /^(before_app_request|app_url_value_preprocessor)$/;

function names(text: string): string[] {
  return [...text.replace(/^\[|\]$/g, '').matchAll(/(?:Middleware\(\s*)?([A-Za-z_][\w.]*)/g)].map((m) => m[1] ?? '').filter((n) => n !== '' && n !== 'Middleware');
}

export function pythonHooks(file: CodeFacts): Hook[] {
  const out: Hook[] = [];
  for (const fn of file.functions) {
    for (const d of fn.decorators) {
      const dot = d.name.lastIndexOf('.');
      if (dot === -1) continue;
      const owner = `${file.path}#${d.name.slice(0, dot)}`;
      const method = d.name.slice(dot + 1);
      if (REQUEST_HOOK.test(method)) out.push({ path: file.path, line: d.line, owner, text: fn.name, fnLine: fn.line, ordered: false, ...(APP_WIDE.test(method) ? { appWide: true } : {}), kind: 'hook' });
      else if (method === 'middleware' && (d.args[0] === undefined || /^(http|request)$/.test(String(d.args[0].value ?? '')))) out.push({ path: file.path, line: d.line, owner, text: fn.name, fnLine: fn.line, ordered: false, kind: 'middleware' });
    }
  }
  for (const call of file.calls) {
    const dot = call.callee.lastIndexOf('.');
    const method = call.callee.slice(dot + 1);
    const owner = `${file.path}#${call.callee.slice(0, dot)}`;
    const first = call.args[0];
    if (dot !== -1 && REQUEST_HOOK.test(method) && first && (first.kind === 'identifier' || first.kind === 'attribute')) {
      out.push({ path: file.path, line: call.line, owner, text: first.text, ordered: false, ...(APP_WIDE.test(method) ? { appWide: true } : {}), kind: 'hook' });
    } else if (dot !== -1 && method === 'add_middleware' && first) {
      out.push({ path: file.path, line: call.line, owner, text: first.text, ordered: false, kind: 'middleware' });
    } else if (dot !== -1 && /^middlewares\.(append|insert)$/.test(call.callee.slice(call.callee.lastIndexOf('.', dot - 1) + 1)) && call.args.length > 0) {
      const arg = call.args[call.args.length - 1];
      if (arg) out.push({ path: file.path, line: call.line, owner: `${file.path}#${call.callee.slice(0, call.callee.lastIndexOf('.', dot - 1))}`, text: arg.text, ordered: false, kind: 'middleware' });
    } else if (call.assignedTo && /(^|\.)(Application|Starlette|FastAPI)$/.test(call.callee)) {
      const list = call.kwargs['middlewares'] ?? call.kwargs['middleware'];
      for (const name of names(list?.text ?? '')) out.push({ path: file.path, line: call.line, owner: `${file.path}#${call.assignedTo}`, text: name, ordered: false, kind: 'middleware' });
    }
  }
  return out;
}
