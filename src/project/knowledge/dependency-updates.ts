/**
 * Bots that propose dependency updates: Dependabot (`.github/dependabot.yml`, one entry per ecosystem) and Renovate
 * (its config files, or a `renovate` key in package.json; it covers every ecosystem it detects unless its config
 * says `enabled: false`). Shared by the rule that reports unwatched dependencies and the check that credits bots
 * covering every ecosystem of the repository.
 */
import { at, entries, items, str } from '../../facts/located.js';
import type { FileFacts, LNode } from '../../facts/types.js';
import type { Project } from '../project.js';

export interface UpdateBot {
  tool: 'Dependabot' | 'Renovate';
  path: string;
  line: number;
  /** Dependabot `package-ecosystem` values; `*` for Renovate. */
  ecosystems: Set<string>;
}

const RENOVATE_JSON5 = ['renovate.json5', '.renovaterc.json5', '.github/renovate.json5', '.gitlab/renovate.json5'];
const RENOVATE = /^(renovate\.json5?|\.renovaterc(\.json5?)?|\.github\/renovate\.json5?|\.gitlab\/renovate\.json5?)$/;

/** Dependabot ecosystems that cover each kind of dependency the repository has. */
export const DEPENDABOT_ECOSYSTEMS: Readonly<Record<string, readonly string[]>> = {
  python: ['pip', 'uv', 'poetry', 'pipenv'],
  node: ['npm', 'bun', 'yarn', 'pnpm'],
  docker: ['docker', 'docker-compose'],
  'github-actions': ['github-actions'],
};

/** A Renovate configuration file, or package.json with a `renovate` key. */
function renovateConfig(file: FileFacts): { found: boolean; config?: LNode } {
  if (RENOVATE.test(file.path)) {
    const config = file.kind === 'data' ? (file.documents[0] ?? undefined) : undefined;
    return config ? { found: true, config } : { found: true };
  }
  if (file.kind !== 'data' || !/(^|\/)package\.json$/.test(file.path)) return { found: false };
  const config = at(file.documents[0] ?? undefined, 'renovate');
  return config ? { found: true, config } : { found: false };
}

function disabled(config: LNode | undefined): boolean {
  const enabled = at(config, 'enabled');
  return enabled?.t === 'scalar' && enabled.value === false;
}

export function updateBots(project: Project): UpdateBot[] {
  const out: UpdateBot[] = [];
  for (const file of project.files) {
    if (file.kind === 'data' && /^\.github\/dependabot\.ya?ml$/.test(file.path)) {
      const updates = items(at(file.documents[0] ?? undefined, 'updates'));
      const ecosystems = new Set(updates.map((u) => str(at(u, 'package-ecosystem'))).filter((e): e is string => e !== undefined));
      if (ecosystems.size > 0) out.push({ tool: 'Dependabot', path: file.path, line: updates[0]?.line ?? 1, ecosystems });
    }
    const renovate = renovateConfig(file);
    if (renovate.found && !disabled(renovate.config)) out.push({ tool: 'Renovate', path: file.path, line: entries(renovate.config)[0]?.line ?? 1, ecosystems: new Set(['*']) });
  }
  // A JSON5 configuration is not parsed: that it exists is what is known.
  const json5 = RENOVATE_JSON5.find((path) => project.exists(path) && !project.file(path));
  if (json5) out.push({ tool: 'Renovate', path: json5, line: 1, ecosystems: new Set(['*']) });
  return out;
}

/** The bots watch a kind of dependency (`python`, `node`, `docker`, `github-actions`). */
export function watched(bots: readonly UpdateBot[], kind: string): boolean {
  const names = DEPENDABOT_ECOSYSTEMS[kind] ?? [kind];
  return bots.some((b) => b.ecosystems.has('*') || names.some((n) => b.ecosystems.has(n)));
}
