import { defineStrength } from '../../../engine/strength.js';
import { resolveImport } from '../../../project/resolve-import.js';

export default defineStrength({
  meta: {
    code: 'STR025',
    name: 'request-validation',
    category: 'validation',
    title: 'Request input validated for every route',
    description: 'Credits request validation applied once for the whole application: a NestJS global ValidationPipe (noting whitelist), registered at bootstrap.',
    condition:
      '`app.useGlobalPipes(new ValidationPipe(…))` is called in production code, so every DTO-typed body, query and parameter is validated; `whitelist: true` (in the call or in the options object it is given) is named. Per-route validation is left to the route model.',
    archetypes: ['service'],
    opposes: [{ rule: 'unbounded-numeric-input', scope: 'component' }],
    references: ['NestJS docs: Validation (global pipes)', 'OWASP ASVS 5.1'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    for (const file of project.code()) {
      for (const call of file.calls) {
        if (!/(^|\.)useGlobalPipes$/.test(call.callee)) continue;
        const pipe = call.args.find((a) => a.kind === 'call' && /ValidationPipe$/.test(a.callee ?? ''));
        if (!pipe) continue;
        const option = /ValidationPipe\(\s*(\w+)\s*\)/.exec(pipe.text)?.[1];
        const imported = option ? file.imports.find((i) => i.names.includes(option) || i.alias === option) : undefined;
        const optionsFile = imported ? resolveImport(project, file, imported.module) : undefined;
        const whitelist = /whitelist\s*:\s*true/.test(`${pipe.text}\n${optionsFile ? (project.readText(optionsFile.path) ?? '') : ''}`);
        credit({
          message: `Every request body, query and parameter typed with a DTO is validated by a global \`ValidationPipe\`${whitelist ? ' with `whitelist: true`, which strips properties the DTOs do not declare' : ''}.`,
          path: file.path,
          line: call.line,
          related: optionsFile ? [{ path: optionsFile.path, line: 1 }] : [],
        });
      }
    }
  },
});
