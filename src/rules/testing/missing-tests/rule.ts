import type { ComponentProfile } from '../../../model/report.js';
import { defineRule } from '../../../engine/rule.js';
import type { Project } from '../../../project/project.js';
import { resolveImport } from '../../../project/resolve-import.js';

type MessageId = 'noTests';

/** Below this much code a component is a stub or glue; its lack of tests is not worth a finding. */
const MIN_CODE_LINES = 150;
const JUDGED = new Set(['service', 'worker', 'cli', 'library', 'frontend']);
/** Static documentation sites: their code is page data and theme glue, checked by building the site. */
const DOCS_SITE_GENERATORS = new Set(['vitepress', 'vuepress', '@docusaurus/core', 'nextra', '@astrojs/starlight', 'mkdocs', 'mkdocs-material', 'sphinx']);

function isDocsSite(project: Project, component: ComponentProfile): boolean {
  return project.manifests.some((m) => component.manifests.includes(m.path) && m.dependencies.some((d) => DOCS_SITE_GENERATORS.has(d.normalized)));
}

/** A test file elsewhere in the repository imports the component's code (a top-level tests/ folder for several packages). */
function testedFromElsewhere(project: Project, component: ComponentProfile): string | undefined {
  for (const test of project.inventory.tests.files) {
    const file = project.file(test.path);
    if (file?.kind !== 'code' || project.componentOf(test.path)?.path === component.path) continue;
    for (const i of file.imports) {
      const target = resolveImport(project, file, i.module);
      if (target && project.componentOf(target.path)?.path === component.path) return test.path;
    }
  }
  return undefined;
}

function anchor(project: Project, component: ComponentProfile): { path: string; line: number } {
  const manifest = project.manifests.find((m) => component.manifests.includes(m.path));
  if (manifest) return { path: manifest.path, line: manifest.line };
  const entry = component.entryPoints.find((e) => e.line !== null) ?? component.evidence.find((e) => e.line !== null);
  return { path: entry?.path ?? '.', line: entry?.line ?? 1 };
}

export default defineRule<MessageId>({
  meta: {
    code: 'TST007',
    name: 'missing-tests',
    category: 'testing',
    severity: 'medium',
    confidence: 'high',
    title: 'Component without tests',
    description: 'A service, worker, CLI, library or frontend with a real amount of code and not a single test file.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend'],
    messages: {
      noTests: '{{component}} ({{archetype}}, {{lines}} lines of code in {{files}}) has no test file: searched for test_*.py, *_test.py, tests.py, *.test.*, *.spec.*, __tests__/ files, test folders\' suites and the files its test commands run under `{{root}}`, and for tests elsewhere that import its code{{elsewhere}}.',
    },
    fix: 'Start with tests for the riskiest paths — the request handlers or commands, and the code that talks to the database or other services — and run them in CI.',
    acceptance: 'The component has tests that CI runs on every change.',
    references: ['OpenSSF Scorecard CI-Tests'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    const { tests } = project.inventory;
    for (const component of project.components) {
      if (!JUDGED.has(component.archetype)) continue;
      const own = (path: string): boolean => project.componentOf(path)?.path === component.path;
      if (tests.files.some((f) => own(f.path)) || isDocsSite(project, component) || testedFromElsewhere(project, component)) continue;
      // Files that only declare types or constants have nothing to run, so nothing to test.
      const code = project.code({ roles: ['source'] }).filter((f) => own(f.path) && (f.functions.length > 0 || f.calls.length > 0));
      const lines = code.reduce((n, f) => n + f.codeLines, 0);
      if (lines < MIN_CODE_LINES) continue;
      // Tests elsewhere in the repository that import none of its code may still exercise it (over HTTP, through a CLI).
      const elsewhere = component.path !== '.' && tests.files.some((f) => project.componentOf(f.path)?.path === '.');
      const where = anchor(project, component);
      report({
        messageId: 'noTests',
        data: {
          component: component.path === '.' ? component.name : component.path,
          archetype: component.archetype,
          lines,
          files: `${code.length} file${code.length === 1 ? '' : 's'}`,
          root: component.path === '.' ? '.' : `${component.path}/`,
          elsewhere: elsewhere ? ' (the repository-level tests may exercise it: not verified)' : '',
        },
        path: where.path,
        line: where.line,
        severity: component.archetype === 'frontend' ? 'low' : component.archetype === 'service' || component.archetype === 'worker' ? 'high' : 'medium',
        // A guessed archetype (a folder of templates taken for a library) is not worth points.
        confidence: elsewhere || component.confidence === 'low' ? 'low' : 'high',
      });
    }
  },
});
