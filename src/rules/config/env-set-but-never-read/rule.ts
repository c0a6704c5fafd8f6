import { defineRule } from '../../../engine/rule.js';

/** Read by runtimes, servers and frameworks rather than by the application's code. */
const CONSUMED_ELSEWHERE = /^(NODE_ENV|NODE_OPTIONS|NODE_EXTRA_CA_CERTS|TZ|LANG|LC_ALL|PATH|HOME|PORT|HOST|PYTHON\w*|UV_\w+|PIP_\w+|DJANGO_SETTINGS_MODULE|UVICORN_\w+|GUNICORN_CMD_ARGS|WEB_CONCURRENCY|FORWARDED_ALLOW_IPS|MAX_WORKERS|WORKERS_PER_CORE|TIMEOUT|GRACEFUL_TIMEOUT|KEEP_ALIVE|LOG_LEVEL|NPM_CONFIG_\w+|npm_config_\w+|CI|DEBIAN_FRONTEND|VIRTUAL_HOST|LETSENCRYPT_\w+|TRAEFIK_\w+)$/;

export default defineRule({
  meta: {
    code: 'CFG002',
    name: 'env-set-but-never-read',
    category: 'config',
    severity: 'info',
    confidence: 'medium',
    title: 'Environment variable set but never read',
    description: 'A compose service built from this repository sets an environment variable that the component\'s code, scripts and Dockerfile never read.',
    archetypes: ['service', 'worker'],
    messages: {
      unread: '`{{service}}` in {{compose}} sets `{{name}}`, but nothing in `{{component}}` reads it (code, settings classes, shell scripts, Dockerfile): a leftover, or a setting that silently does nothing.',
    },
    fix: 'Remove the variable, or rename it to what the code reads (a renamed setting that deployments still set under the old name does nothing).',
    acceptance: 'Every variable a deployment sets is read by the component.',
    references: ['The Twelve-Factor App: III. Config'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    const { infra, env } = project.inventory;
    const read = new Set(env.read.map((r) => r.name));
    if (env.dynamicReads.length > 0) return;
    for (const compose of infra.compose) {
      for (const service of compose.services) {
        const built = service.dockerfile ?? service.build;
        if (built === undefined) continue;
        const component = project.componentOf(built === '.' ? 'x' : `${built}/x`);
        if (!component || (component.archetype !== 'service' && component.archetype !== 'worker')) continue;
        const base = component.path === '.' ? '' : `${component.path}/`;
        const scripts = project.files
          .filter((f) => f.path.startsWith(base) && (f.kind === 'dockerfile' || (f.kind === 'text' && /\.(sh|bash)$|(^|\/)(Procfile|Makefile)$/.test(f.path))))
          .map((f) => (f.kind === 'text' ? f.text : f.kind === 'dockerfile' ? f.instructions.map((i) => i.args).join('\n') : ''))
          .join('\n');
        for (const variable of service.environment) {
          if (read.has(variable.name) || CONSUMED_ELSEWHERE.test(variable.name) || new RegExp(`\\$\\{?${variable.name}\\b`).test(scripts)) continue;
          report({
            messageId: 'unread',
            data: { service: service.name, compose: compose.path, name: variable.name, component: component.path },
            path: compose.path,
            line: variable.line,
          });
        }
      }
    }
  },
});
