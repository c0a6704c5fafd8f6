import type { CodeFacts } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';

const PY_CODE = /^(import \w|from [\w.]+ import |def \w+\(|class \w+[(:]|return\b|raise\b|if .+:$|elif .+:$|else:$|for .+ in .+:$|while .+:$|try:$|except\b.*:$|with .+:$|print\(|await |[\w.[\]'"]+\s*(\+|-|\*)?=\s*\S|[\w.]+\(.*\)$)/;
const JS_CODE = /^(import .+ from |const \w|let \w|var \w|function \w|return\b|if \(.+\)|} else|for \(|while \(|await |throw |export |console\.\w+\(|[\w.[\]'"]+\s*=\s*[^=]|[\w.]+\(.*\);?$|}\)?;?$)/;
const PROSE = /\b(the|a|an|this|that|is|are|we|you|should|because|todo|note|see|e\.g\.|i\.e\.)\b.*\s.*\s/i;
const MIN_LINES = 3;

/** Comment text without its marker: `# x = 1` → `x = 1`. */
function body(text: string): string {
  return text.replace(/^(#+|\/\/+)\s?/, '').trim();
}

function looksLikeCode(text: string, python: boolean): boolean {
  const t = body(text);
  if (t === '' || t.length > 160) return false;
  if (/^(ruleid|ok|todoruleid|todook|noqa|type:|pragma|eslint|prettier|@ts-|istanbul|pylint|fmt:|seaworthy:)/i.test(t)) return false;
  if (PROSE.test(t) && !/[;{}()=]/.test(t)) return false;
  return (python ? PY_CODE : JS_CODE).test(t);
}

function blocks(file: CodeFacts): Array<{ line: number; endLine: number }> {
  const python = file.language === 'python';
  const out: Array<{ line: number; endLine: number }> = [];
  let start = -1;
  let last = -1;
  let count = 0;
  const close = (): void => {
    if (count >= MIN_LINES) out.push({ line: start, endLine: last });
    start = -1;
    count = 0;
  };
  for (const c of file.comments) {
    if (c.text.startsWith('/*')) continue;
    const code = looksLikeCode(c.text, python);
    if (code && start !== -1 && c.line === last + 1) {
      last = c.line;
      count++;
    } else {
      close();
      if (code) {
        start = c.line;
        last = c.line;
        count = 1;
      }
    }
  }
  close();
  return out;
}

export default defineRule({
  meta: {
    code: 'DEBT004',
    name: 'commented-out-code',
    category: 'debt',
    severity: 'info',
    confidence: 'medium',
    title: 'Commented-out code',
    description: 'Three or more consecutive comment lines that are code, not prose.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend'],
    messages: {
      block: '{{count}} lines of commented-out code: version control keeps old code; comments should explain the current one.',
    },
    fix: 'Delete the block (the history keeps it); if it documents an alternative, say so in prose.',
    acceptance: 'No blocks of commented-out code remain in shipped files.',
    references: ['ruff ERA001 (commented-out-code)', 'SonarQube S125'],
    status: 'preview',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const file of project.code()) {
      for (const b of blocks(file)) report({ messageId: 'block', data: { count: b.endLine - b.line + 1 }, path: file.path, line: b.line, endLine: b.endLine });
    }
  },
});
