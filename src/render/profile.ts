/** `seaworthy profile` as text: components with their evidence, then each inventory, each line checkable. */
import type { Report } from '../model/report.js';
import type { Inventory } from '../project/inventory/index.js';
import type { Manifest } from '../project/manifests/types.js';
import type { ComponentSurface, SurfaceRoute } from '../project/surface/model.js';

export interface ProfileView {
  target: string;
  commit?: string;
  components: Report['profile']['components'];
  languages: Record<string, { files: number; lines: number }>;
  fileRoles: Record<string, { files: number; examples: Array<{ path: string; reason: string; at?: string }> }>;
  manifests: readonly Manifest[];
  lockfiles: readonly string[];
  inventory: Inventory;
  metrics: Record<string, unknown>;
  /** The service surface of each service component: who can call what. */
  surfaces?: readonly ComponentSurface[];
}

function at(path: string, line: number | null | undefined): string {
  return line ? `${path}:${line}` : path;
}

function authCell(r: SurfaceRoute): string {
  if (r.auth.publicByDesign) return `public (${r.auth.publicByDesign})`;
  return r.auth.by ? `${r.auth.state}: ${r.auth.by.via}` : r.auth.state;
}

function authzCell(r: SurfaceRoute): string {
  return r.authz.state === 'enforced' || r.authz.state === 'placeholder' ? `${r.authz.state}: ${r.authz.kind ?? 'check'}` : r.authz.state;
}

function inputCell(r: SurfaceRoute): string {
  const open = (r.input.fields ?? []).filter((f) => !f.bounded).length;
  if (!r.input.model) return r.input.validated ? 'validated' : '-';
  return `${r.input.model}${r.input.validated ? '' : ' (unchecked)'}${open ? `, ${open} unbounded` : ''}`;
}

/** One table per service: method, path, auth, authz, rate limit, input, writes, handler. */
function surfaceTable(surface: ComponentSurface): string[] {
  const exposure = surface.exposure.evidence[0];
  const head = `  ${surface.component === '.' ? '(root)' : surface.component} — exposure ${surface.exposure.level}${exposure ? ` (${exposure.detail}, ${at(exposure.path, exposure.line)})` : ''}${surface.appRateLimit && surface.appRateLimit.scope !== 'none' ? ` · rate limit ${surface.appRateLimit.scope}` : ''}`;
  const rows = surface.routes.map((r) => [r.method, `${r.prefixUnknown ? '…' : ''}${r.path}`, authCell(r), authzCell(r), r.rateLimit.scope, inputCell(r), r.changesData ? 'yes' : 'no', at(r.declared.path, r.declared.line)]);
  const table = [['METHOD', 'PATH', 'AUTH', 'AUTHZ', 'RATE LIMIT', 'INPUT', 'WRITES', 'DECLARED'], ...rows];
  const widths = table[0]?.map((_, i) => Math.max(...table.map((row) => (row[i] ?? '').length))) ?? [];
  return [head, ...table.map((row) => `    ${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')}`)];
}

export default function renderProfile(view: ProfileView): string {
  const out: string[] = [];
  const { tests, ci, infra, env, runtime } = view.inventory;
  out.push(`Profile of ${view.target}${view.commit ? ` @ ${view.commit.slice(0, 12)}` : ''}`);
  out.push('');
  out.push('Components');
  for (const c of view.components) {
    out.push(`  ${c.path === '.' ? '(root)' : c.path} — ${c.archetype} (${c.confidence} confidence, ${c.exposure})${c.frameworks.length ? ` · ${c.frameworks.join(', ')}` : ''}${c.languages.length ? ` · ${c.languages.join(', ')}` : ''}`);
    for (const e of c.evidence) out.push(`      evidence: ${e.detail} (${at(e.path, e.line)})`);
    for (const r of (c.roles ?? []).slice(1)) {
      out.push(`      also ${r.archetype}${r.exposure ? ` (${r.exposure})` : ''}`);
      for (const e of r.evidence.slice(0, 3)) out.push(`        evidence: ${e.detail} (${at(e.path, e.line)})`);
    }
    for (const t of c.traits ?? []) {
      out.push(`      trait ${t.name}: ${t.detail}`);
      for (const e of t.evidence) out.push(`        evidence: ${e.detail} (${at(e.path, e.line)})`);
    }
    for (const e of c.entryPoints) out.push(`      entry point: ${e.detail} (${at(e.path, e.line)})`);
  }
  out.push('');
  out.push('File roles');
  for (const [role, r] of Object.entries(view.fileRoles)) {
    out.push(`  ${role.padEnd(11)} ${String(r.files).padStart(6)} files`);
    for (const e of r.examples) out.push(`      ${e.path}: ${e.reason}${e.at ? ` (${e.at})` : ''}`);
  }
  out.push('');
  out.push('Languages');
  for (const [language, n] of Object.entries(view.languages)) out.push(`  ${language.padEnd(11)} ${String(n.files).padStart(6)} files ${String(n.lines).padStart(9)} lines`);
  out.push('');
  out.push('Manifests');
  for (const m of view.manifests) {
    const kinds = ['runtime', 'dev', 'optional', 'peer', 'build'].map((k) => [k, m.dependencies.filter((d) => d.kind === k).length] as const).filter(([, n]) => n > 0);
    out.push(`  ${m.path} (${m.kind}${m.name ? `, ${m.name}` : ''}): ${kinds.map(([k, n]) => `${n} ${k}`).join(', ') || 'no dependencies'}${m.runtime ? ` · runtime ${m.runtime.constraint}` : ''}`);
  }
  if (view.lockfiles.length) out.push(`  lock files: ${view.lockfiles.join(', ')}`);
  out.push('');
  out.push(`Tests: ${tests.files.length} files (${(['unit', 'integration', 'e2e'] as const).map((t) => `${tests.byTier[t].files} ${t}`).join(', ')}), ${tests.files.reduce((n, f) => n + f.tests, 0)} tests · ${tests.frameworks.join(', ') || 'no framework found'}`);
  for (const f of tests.files) out.push(`  ${f.tier.padEnd(11)} ${String(f.tests).padStart(4)}  ${f.path}`);
  for (const s of tests.skips) out.push(`  skip (${s.kind}, ${s.scope}) ${at(s.path, s.line)}: ${s.text}${s.envVars.length ? ` — env: ${s.envVars.join(', ')}` : ''}`);
  for (const m of tests.markers) out.push(`  marker ${m.name}: ${m.count} uses${m.declared ? ', declared' : ''}`);
  if (tests.pytestAddopts) out.push(`  pytest addopts: ${tests.pytestAddopts.value} (${at(tests.pytestAddopts.path, tests.pytestAddopts.line)})`);
  out.push('');
  out.push(`CI: ${ci.workflows.length} workflows, ${ci.preCommit.length} pre-commit hooks`);
  for (const w of ci.workflows) {
    out.push(`  ${w.path}${w.name ? ` "${w.name}"` : ''}: on ${w.triggers.join(', ') || '(nothing)'}${w.schedules.length ? ` (cron ${w.schedules.join('; ')})` : ''}${w.manualOnly ? ' — manual only' : ''}${w.neverRuns ? ` — never runs: ${w.neverRuns}` : ''}`);
    for (const j of w.jobs) {
      const kinds = [...new Set(j.steps.flatMap((s) => s.kinds))].filter((k) => k !== 'other');
      out.push(`    job ${j.id}${j.if ? ` (if: ${j.if})` : ''}${j.continueOnError ? ' continue-on-error' : ''}${j.matrix ? ` matrix ${j.matrix.combinations}` : ''}: ${kinds.join(', ') || 'other'}${j.secrets.length ? ` · secrets ${j.secrets.join(', ')}` : ''}`);
      for (const s of j.steps) for (const t of s.tests) out.push(`      test step ${at(w.path, s.line)}: ${t.runner}${t.paths.length ? ` ${t.paths.join(' ')}` : ''}${t.markers ? ` -m "${t.markers}"` : ''}${s.continueOnError ? ' (continue-on-error)' : ''}`);
    }
  }
  for (const h of ci.preCommit) out.push(`  pre-commit ${h.id}${h.runsTests ? ' (runs tests)' : ''} (${at(h.path, h.line)})`);
  out.push('');
  out.push('Infrastructure');
  for (const d of infra.dockerfiles) {
    const final = d.stages[d.stages.length - 1];
    out.push(`  ${d.path}: ${d.stages.length} stage(s), final FROM ${final ? `${final.image}${final.tag ? `:${final.tag}` : ''}` : '?'} · USER ${final?.user?.value ?? '(none: root)'} · HEALTHCHECK ${final?.healthcheck ? 'yes' : 'no'}${final?.cmd ? ` · CMD ${final.cmd.value.slice(0, 60)}` : ''}`);
  }
  for (const c of infra.compose) out.push(`  ${c.path}${c.override ? ' (override: local development only)' : ''}: ${c.services.map((s) => s.name).join(', ')}`);
  for (const k of infra.kubernetes) out.push(`  ${at(k.path, k.line)}: ${k.kind} ${k.name}${k.containers.length ? ` (${k.containers.map((c) => `${c.name}: probes ${c.probes.map((p) => p.kind).join('/') || 'none'}, resources ${c.resources.requests ? 'requests' : 'no requests'}/${c.resources.limits ? 'limits' : 'no limits'}`).join('; ')})` : ''}`);
  for (const h of infra.helm) out.push(`  Helm chart ${h.name} (${h.path}): ${h.templates.length} templates, values ${h.values?.path ?? 'none'}`);
  for (const p of infra.procfiles) out.push(`  Procfile ${p.process}: ${p.command} (${at(p.path, p.line)})`);
  out.push('');
  const production = env.read.filter((r) => r.production);
  out.push(`Environment variables: ${production.length} read by production code`);
  const documented = new Map(env.documented.map((d) => [d.name, d.where]));
  const ciNames = new Set(env.providedInCi.map((p) => p.name));
  for (const r of production) {
    const docs = (documented.get(r.name) ?? []).filter((w) => w.kind !== 'ci');
    out.push(`  ${r.name.padEnd(32)} ${r.hasDefault ? `default ${r.default ?? '(set)'}` : r.required ? 'required' : 'optional'} · ${docs.length ? `documented in ${docs.map((d) => d.path).join(', ')}` : 'undocumented'}${ciNames.has(r.name) ? ' · set in CI' : ''} · read at ${at(r.locations[0]?.path ?? '', r.locations[0]?.line)}`);
  }
  out.push('');
  out.push('Runtime');
  out.push(`  frameworks: ${runtime.frameworks.map((f) => f.name).join(', ') || 'none'}`);
  out.push(`  routes: ${runtime.routes.length}; health endpoints: ${runtime.health.map((r) => `${r.method} ${r.route} (${at(r.path, r.line)})`).join(', ') || 'none'}`);
  out.push(`  HTTP clients: ${runtime.httpClients.map((c) => c.name).join(', ') || 'none'}`);
  out.push(`  data: ${runtime.data.libraries.map((l) => l.name).join(', ') || 'none'}${runtime.data.migrations.length ? ` · migrations: ${[...new Set(runtime.data.migrations.map((m) => m.path))].slice(0, 3).join(', ')}` : ''}`);
  for (const e of runtime.data.engines) out.push(`  engine ${e.detail} (${at(e.path, e.line)})${e.kwargs.length ? ` with ${e.kwargs.join(', ')}` : ''}`);
  for (const c of runtime.data.createAll) out.push(`  create_all at ${at(c.path, c.line)}`);
  out.push(`  logging setup: ${runtime.logging.map((l) => `${l.detail} (${at(l.path, l.line)})`).join(', ') || 'none'}`);
  out.push(`  observability: ${runtime.observability.map((o) => `${o.name} (${o.kind})`).join(', ') || 'none'}`);
  const surfaces = (view.surfaces ?? []).filter((x) => x.routes.length > 0);
  if (surfaces.length > 0) {
    out.push('');
    out.push('Service surface');
    for (const surface of surfaces) out.push(...surfaceTable(surface));
  }
  out.push('');
  out.push('Code metrics: see `metrics` in `seaworthy audit --format json`.');
  return `${out.join('\n')}\n`;
}
