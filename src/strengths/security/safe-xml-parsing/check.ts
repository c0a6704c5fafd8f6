import { defineStrength } from '../../../engine/strength.js';

export default defineStrength({
  meta: {
    code: 'STR032',
    name: 'safe-xml-parsing',
    category: 'security',
    title: 'Untrusted XML parsed safely',
    description: 'Credits XML parsed with defusedxml, which refuses entity expansion and external entities.',
    condition: 'A production module imports defusedxml and calls one of its parsers (`parse`, `fromstring`, `parseString`, …).',
    archetypes: ['service', 'worker', 'cli', 'library'],
    opposes: [{ rule: 'unsafe-deserialization', scope: 'file' }],
    references: ['Python docs: XML vulnerabilities', 'CWE-611', 'CWE-776'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    for (const file of project.code()) {
      const defused = file.imports.filter((i) => /^defusedxml(\.|$)/.test(i.module));
      if (defused.length === 0) continue;
      const names = new Set(defused.flatMap((i) => [...i.names, i.alias ?? i.module.split('.').pop() ?? '']));
      const use = file.calls.find((c) => /(^|\.)(parse|fromstring|parseString|iterparse|XML|XMLParser)$/.test(c.callee) && (names.has(c.callee.split('.')[0] ?? '') || names.has(c.callee) || /^defusedxml\./.test(c.callee)));
      if (!use) continue;
      credit({ message: `XML is parsed with defusedxml (\`${use.callee}\`), which refuses entity expansion and external entities (billion laughs, XXE).`, path: file.path, line: use.line, related: [{ path: file.path, line: defused[0]?.line ?? 1 }] });
    }
  },
});
