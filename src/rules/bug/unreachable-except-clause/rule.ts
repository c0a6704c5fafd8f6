import type { CodeFacts, HandlerFact } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import type { Project } from '../../../project/project.js';
import { ALIASES, BUILTIN_PARENT } from './hierarchy.js';
import { pushTo } from '../../../util/group.js';

type MessageId = 'subclass' | 'duplicate';

interface Shadow {
  type: string;
  base: string;
  earlier: HandlerFact;
  same: boolean;
}

/** Project exception classes by name, with their bases; names defined twice with different bases are left out. */
function projectClasses(project: Project): Map<string, string[]> {
  const seen = new Map<string, string[] | null>();
  for (const file of project.code({ languages: ['python'] })) {
    for (const cls of file.classes) {
      const bases = cls.bases.filter((b) => !b.includes('='));
      const known = seen.get(cls.name);
      if (known === undefined) seen.set(cls.name, bases);
      else if (known !== null && known.join() !== bases.join()) seen.set(cls.name, null);
    }
  }
  const out = new Map<string, string[]>();
  for (const [name, bases] of seen) if (bases) out.set(name, bases);
  return out;
}

/** The name a caught type is known by in the tables: aliases resolved, `from requests import Timeout` not guessed. */
function canonical(type: string, file: CodeFacts): string {
  const aliased = ALIASES[type] ?? type;
  if (BUILTIN_PARENT[aliased] !== undefined || aliased === 'BaseException') return aliased;
  // `from requests.exceptions import Timeout` → requests.exceptions.Timeout.
  const imp = file.imports.find((i) => i.names.includes(type) && !i.relative);
  const full = imp ? ALIASES[`${imp.module}.${type}`] ?? `${imp.module}.${type}` : aliased;
  return BUILTIN_PARENT[full] !== undefined ? full : aliased;
}

export default defineRule<MessageId>({
  meta: {
    code: 'BUG006',
    name: 'unreachable-except-clause',
    category: 'bug',
    severity: 'medium',
    confidence: 'high',
    title: '`except` clause that can never run',
    description: 'An `except` clause whose exception an earlier clause of the same `try` already catches (a base class, or the same class).',
    archetypes: ['service', 'worker', 'cli', 'library'],
    messages: {
      subclass: '`{{clause}}` can never run: `{{type}}` is a subclass of `{{base}}`, which the earlier `{{earlier}}` (line {{line}}) already catches, so its handling code is dead.',
      duplicate: '`{{clause}}` can never run: the earlier `{{earlier}}` (line {{line}}) already catches `{{type}}`, so its handling code is dead.',
    },
    fix: 'Order `except` clauses from the most specific class to the most general, or merge the duplicate clauses.',
    acceptance: 'No `except` clause names a class that an earlier clause of the same `try` catches.',
    references: ['pylint E0701 (bad-except-order)', 'ruff B025 (duplicate-try-block-exception)', 'CodeQL py/unreachable-except', 'CWE-561: Dead Code'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    const classes = projectClasses(project);
    for (const file of project.code({ languages: ['python'] })) {
      const ancestors = (type: string): string[] => {
        const out: string[] = [];
        const queue = [type];
        while (queue.length > 0 && out.length < 30) {
          const t = queue.shift() as string;
          const builtin = BUILTIN_PARENT[t];
          const parents = builtin !== undefined ? [builtin] : (classes.get(t.split('.').pop() ?? t) ?? []).map((b) => canonical(b, file));
          for (const p of parents) {
            if (out.includes(p)) continue;
            out.push(p);
            queue.push(p);
          }
        }
        return out;
      };
      const byTry = new Map<string, HandlerFact[]>();
      for (const h of file.handlers) {
        if (h.form !== 'try' || h.tryLine === undefined) continue;
        const key = `${h.fn}:${h.tryLine}`;
        pushTo(byTry, key, h);
      }
      for (const clauses of byTry.values()) {
        clauses.sort((a, b) => a.line - b.line);
        for (let i = 1; i < clauses.length; i++) {
          const later = clauses[i] as HandlerFact;
          // Every type of the later clause must be caught earlier for the whole clause to be dead.
          let hit: Shadow | null = null;
          let allCaught = later.types.length > 0;
          for (const raw of later.types) {
            const type = canonical(raw, file);
            const up = ancestors(type);
            let found: Shadow | null = null;
            for (const earlier of clauses.slice(0, i)) {
              for (const rawEarlier of earlier.types) {
                const base = canonical(rawEarlier, file);
                if (base === type) found ??= { type: raw, base: rawEarlier, earlier, same: true };
                else if (up.includes(base)) found ??= { type: raw, base: rawEarlier, earlier, same: false };
              }
            }
            if (!found) allCaught = false;
            hit ??= found;
          }
          if (!allCaught || !hit) continue;
          const clause = later.header.replace(/:\s*$/, '');
          const earlier = hit.earlier.header.replace(/:\s*$/, '');
          const builtin = BUILTIN_PARENT[canonical(hit.type, file)] !== undefined;
          report({
            messageId: hit.same ? 'duplicate' : 'subclass',
            data: { clause, type: hit.type, base: hit.base, earlier, line: hit.earlier.line },
            path: file.path,
            line: later.line,
            endLine: later.endLine,
            related: [{ path: file.path, line: hit.earlier.line }],
            confidence: builtin || hit.same ? 'high' : 'medium',
          });
        }
      }
    }
  },
});
