import type { TextFacts } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';

const RUN_COMMAND = /\b(npm|npx|pnpm|yarn|bun|pip|pipx|uv|poetry|python3?|node|docker|docker-compose|podman|make|go|cargo|deno|helm|kubectl|brew|apt-get|curl|http|seaworthy)\s+\S/;
const TEST_COMMAND = /\b(pytest|tox|nox|npm\s+(run\s+)?test|pnpm\s+(run\s+)?test|yarn\s+test|bun\s+test|vitest|jest|make\s+test|go\s+test|cargo\s+test|python\s+-m\s+(pytest|unittest)|manage\.py\s+test|scripts\/test)/;
const HEADING = /^#{1,6}\s*(install|installation|usage|getting started|quick ?start|run|running|setup|set up|development|develop|local)/im;

function codeBlocks(text: string): string[] {
  return [...text.matchAll(/```[^\n]*\n([\s\S]*?)```/g)].map((m) => m[1] ?? '').concat([...text.matchAll(/^( {4}|\t)\S.*$/gm)].map((m) => m[0]));
}

type MessageId = 'noReadme' | 'noRun' | 'noTest';

export default defineRule<MessageId>({
  meta: {
    code: 'DOC002',
    name: 'missing-run-instructions',
    category: 'docs',
    severity: 'low',
    confidence: 'high',
    title: 'No instructions to run or test',
    description: 'The repository has no README, or no document says how to install and run it, or how to run its tests.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend'],
    messages: {
      noReadme: 'There is no README at the repository root: nothing tells a newcomer what this is, how to run it or how to test it.',
      noRun: '{{readme}} has no install or run instructions (no command in a code block, no "Install"/"Usage"/"Getting started" section).',
      noTest: 'No document says how to run the tests: searched {{count}} Markdown/reStructuredText files for a test command (pytest, npm test, make test …).',
    },
    fix: 'Add to the README the commands to install, run and test the project, in code blocks, and keep them working (CI can run them).',
    acceptance: 'A newcomer can install, run and test the project from the README alone.',
    references: ['OpenSSF Best Practices: basics (documentation)'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    const docs = project.files.filter((f): f is TextFacts => f.kind === 'text' && f.language === 'markdown');
    const readme = docs.find((d) => /^readme(\.[a-z]+)?$/i.test(d.path));
    const anchor = project.manifests.find((m) => m.dir === '.') ?? project.manifests[0];
    const tests = project.inventory.tests.files.length > 0;
    if (!readme) {
      if (anchor) report({ messageId: 'noReadme', data: {}, path: anchor.path, line: 1 });
      return;
    }
    const title = readme.text.split('\n').findIndex((l) => /^#\s/.test(l)) + 1 || 1;
    // The README may point to a guide (docs/installing-and-running.md): any document with run commands counts.
    const documented = docs.some((d) => codeBlocks(d.text).some((b) => RUN_COMMAND.test(b)) || HEADING.test(d.text) || /`[^`]*\b(npm|pip|uv|docker|make|python|node)\s[^`]*`/.test(d.text));
    if (!documented) {
      report({ messageId: 'noRun', data: { readme: readme.path }, path: readme.path, line: title });
    }
    if (tests && !docs.some((d) => TEST_COMMAND.test(d.text))) {
      report({ messageId: 'noTest', data: { count: docs.length }, path: readme.path, line: title, confidence: 'medium' });
    }
  },
});
