import { defineRule } from '../../../engine/rule.js';
import { isChangelog } from '../../../project/inventory/env.js';
import { byCodePoint } from '../../../util/order.js';
import { pushTo } from '../../../util/group.js';

/** Variables every platform or shell defines, and the conventional ones: documenting them would be noise. */
const CONVENTIONAL = new Set([
  'NODE_ENV',
  'CI',
  'HOME',
  'PATH',
  'PWD',
  'USER',
  'USERNAME',
  'LOGNAME',
  'SHELL',
  'TERM',
  'LANG',
  'LANGUAGE',
  'LC_ALL',
  'TZ',
  'TMPDIR',
  'TEMP',
  'TMP',
  'APPDATA',
  'LOCALAPPDATA',
  'USERPROFILE',
  'PROGRAMFILES',
  'SYSTEMROOT',
  'COMSPEC',
  'COLUMNS',
  'LINES',
  'NO_COLOR',
  'FORCE_COLOR',
  'HOSTNAME',
  'EDITOR',
  'VISUAL',
  'PAGER',
  'PYTHONPATH',
  'VIRTUAL_ENV',
  'GITHUB_ACTIONS',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'NODE_OPTIONS',
  'NODE_PATH',
  'DJANGO_SETTINGS_MODULE',
  'PYTHONUNBUFFERED',
  'PYTHONDONTWRITEBYTECODE',
  'http_proxy',
  'https_proxy',
  'no_proxy',
]);

const MAX_SEPARATE = 10;

function conventional(name: string): boolean {
  return CONVENTIONAL.has(name) || name.startsWith('XDG_') || name.startsWith('npm_') || name.startsWith('VSCODE_');
}

export default defineRule({
  meta: {
    code: 'DOC001',
    name: 'undocumented-env-var',
    category: 'docs',
    severity: 'low',
    confidence: 'high',
    title: 'Environment variable documented nowhere',
    description: 'The code reads an environment variable that no document, env example file or README mentions.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend'],
    messages: {
      undocumented: '`{{name}}` changes behaviour ({{how}}) but is documented nowhere: not in the {{docs}} nor in an env example file.',
      many: '{{count}} environment variables read by `{{component}}` are documented nowhere in this repository (searched the {{docs}} and env example files): {{names}}.',
    },
    fix: 'Document the variable where users configure the component: the README or docs page on configuration, and an `.env.example` entry with a safe example value.',
    acceptance: 'Every environment variable the shipped code reads appears in the documentation or an env example file.',
    references: ['The Twelve-Factor App: III. Config'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    const { env } = project.inventory;
    const documented = new Set(env.documented.filter((d) => d.where.some((w) => w.kind === 'docs' || w.kind === 'env-file')).map((d) => d.name));
    const docCount = project.files.filter((f) => f.kind === 'text' && f.language === 'markdown' && !isChangelog(f.path)).length;
    const docs = docCount === 0 ? 'documentation (the repository has no Markdown or reStructuredText files)' : `${docCount} Markdown/reStructuredText file${docCount === 1 ? '' : 's'} (changelogs excluded)`;
    const byComponent = new Map<string, Array<{ read: (typeof env.read)[number]; first: { path: string; line: number } }>>();
    for (const read of env.read) {
      if (!read.production || documented.has(read.name) || conventional(read.name)) continue;
      const first = read.locations.find((l) => l.production) ?? read.locations[0];
      if (!first) continue;
      const component = project.componentOf(first.path)?.path ?? '.';
      pushTo(byComponent, component, { read, first });
    }
    for (const [component, list] of byComponent) {
      // Past a handful, one finding per variable is noise: one finding lists them all (the profile has each location).
      if (list.length > MAX_SEPARATE) {
        const sorted = [...list].sort((a, b) => byCodePoint(a.first.path, b.first.path) || a.first.line - b.first.line);
        const head = sorted[0];
        if (!head) continue;
        report({
          messageId: 'many',
          data: { count: list.length, component, docs, names: list.map((x) => x.read.name).join(', ') },
          path: head.first.path,
          line: head.first.line,
          related: sorted.slice(1, 10).map((x) => x.first),
        });
        continue;
      }
      for (const { read, first } of list) {
        const how = read.required ? 'required' : read.default !== undefined ? `default ${read.default === '' ? '""' : read.default}` : 'optional';
        report({
          messageId: 'undocumented',
          data: { name: read.name, how, docs },
          path: first.path,
          line: first.line,
          related: read.locations.filter((l) => l !== first && l.production).slice(0, 5).map((l) => ({ path: l.path, line: l.line })),
        });
      }
    }
  },
});
