import type { ClassFact } from '../../../facts/types.js';
import { defineStrength } from '../../../engine/strength.js';
import { callSites } from '../../../project/knowledge/applied.js';
import { byCodePoint } from '../../../util/order.js';

/** A class declared immutable: frozen dataclass or attrs class, pydantic `frozen=True`, `Config.frozen`/`allow_mutation = False`. */
function frozen(cls: ClassFact, configFrozen: boolean): boolean {
  if (cls.decorators.some((d) => (/(^|\.)(dataclass|attr\.s|attrs|define|s)$/.test(d.name) && /frozen\s*=\s*True/.test(d.text)) || /(^|\.)(frozen|attr\.frozen)$/.test(d.name))) return true;
  if (cls.keywords['frozen']?.text === 'True') return true;
  if (cls.fields.some((f) => f.name === 'model_config' && /frozen\s*=\s*True|["']frozen["']\s*:\s*True/.test(f.value?.text ?? ''))) return true;
  return configFrozen;
}

export default defineStrength({
  meta: {
    code: 'STR058',
    name: 'frozen-models',
    category: 'api-design',
    title: 'Immutable models at the boundaries',
    description: 'Credits data models declared immutable (frozen dataclasses, attrs or pydantic models) that the code builds and passes around.',
    condition:
      'Three or more classes of the component are declared immutable (`@dataclass(frozen=True)`, attrs `@frozen`/`frozen=True`, pydantic `frozen=True` or `model_config = ConfigDict(frozen=True)`, an inner `Config` with `frozen = True`/`allow_mutation = False`), and at least two of them are instantiated in production code.',
    archetypes: ['service', 'worker', 'cli', 'library'],
    opposes: [],
    references: ['Python docs: dataclasses (frozen instances)', 'pydantic docs: Models (frozen)'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    const byComponent = new Map<string, Array<{ path: string; cls: ClassFact }>>();
    for (const file of project.code({ languages: ['python'] })) {
      for (const cls of file.classes) {
        const inner = file.classes.find((c) => c.name === 'Config' && c.line > cls.line && c.endLine <= cls.endLine);
        const configFrozen = inner !== undefined && inner.fields.some((f) => (f.name === 'frozen' && f.value?.text === 'True') || (f.name === 'allow_mutation' && f.value?.text === 'False'));
        if (!frozen(cls, configFrozen)) continue;
        const component = project.componentOf(file.path)?.path ?? '.';
        byComponent.set(component, [...(byComponent.get(component) ?? []), { path: file.path, cls }]);
      }
    }
    for (const [, models] of [...byComponent.entries()].sort((a, b) => byCodePoint(a[0], b[0]))) {
      const built = models.filter((m) => callSites(project, m.cls.name) > 0);
      const first = built[0];
      if (models.length < 3 || built.length < 2 || !first) continue;
      credit({ message: `${models.length} models are immutable (${models.slice(0, 4).map((m) => `\`${m.cls.name}\``).join(', ')}${models.length > 4 ? ', …' : ''}): a value handed across a boundary cannot be changed behind its owner's back.`, path: first.path, line: first.cls.line, related: built.slice(1, 3).map((m) => ({ path: m.path, line: m.cls.line })) });
    }
  },
});
