/** The Markdown review (`-o review.md`). */
import { SEVERITIES, type Finding, type Report } from '../model/report.js';

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function locationList(f: Finding): string {
  return f.locations.map((l) => `\`${l.path}:${l.line}\``).join(', ');
}

export default function renderMarkdown(report: Report): string {
  const out: string[] = [];
  out.push(`# Production-readiness review: ${report.target.path}`);
  out.push('');
  out.push(`seaworthy ${report.tool.version}${report.target.commit ? ` · commit \`${report.target.commit}\`` : ''}`);
  out.push('');
  out.push('## Components');
  out.push('');
  out.push('| component | archetype | confidence | evidence |');
  out.push('|---|---|---|---|');
  for (const c of report.profile.components) {
    const evidence = c.evidence.map((e) => `${escapeCell(e.detail)}${e.path ? ` (\`${e.path}${e.line ? `:${e.line}` : ''}\`)` : ''}`).join('; ');
    out.push(`| \`${c.path}\` | ${c.archetype} | ${c.confidence} | ${evidence || '—'} |`);
  }
  out.push('');
  out.push('## Summary');
  out.push('');
  out.push(`**Score ${report.score.overall}/100 (${report.score.grade})** · ${SEVERITIES.map((s) => `${report.findings.filter((f) => f.severity === s).length} ${s}`).join(' · ')}`);
  out.push('');
  const b = report.baseline;
  if (b) out.push(`**Baseline \`${b.name}\`:** ${b.new} new · ${b.unchanged} unchanged · ${b.fixed} fixed`, '');
  const suppressed = report.suppressed ?? [];
  if (suppressed.length > 0) out.push(`**Suppressed inline:** ${suppressed.map((f) => `\`${f.code}\` at \`${f.suppression.path}:${f.suppression.line}\` (${escapeCell(f.suppression.reason)})`).join('; ')}`, '');
  for (const severity of SEVERITIES) {
    const list = report.findings.filter((f) => f.severity === severity);
    if (list.length === 0) continue;
    out.push(`## ${severity[0]?.toUpperCase()}${severity.slice(1)} (${list.length})`);
    out.push('');
    for (const f of list) {
      out.push(`### ${f.code} ${f.title} — \`${f.locations[0]?.path}:${f.locations[0]?.line}\`${f.baselineState === 'new' ? ' (new)' : ''}`);
      out.push('');
      out.push(f.message);
      out.push('');
      out.push(`- **Where:** ${locationList(f)}`);
      const snippet = f.locations[0]?.snippet;
      if (snippet) out.push(`- **Code:** \`${snippet.replace(/`/g, "'")}\``);
      out.push(`- **Fix:** ${f.fix}`);
      out.push(`- **Confidence:** ${f.confidence} · **Category:** ${f.category} · **Fingerprint:** \`${f.fingerprint}\``);
      out.push('');
    }
  }
  if (report.strengths.length > 0) {
    out.push('## Done right');
    out.push('');
    for (const s of report.strengths) out.push(`- **${s.title}** — ${s.message} (${s.locations.map((l) => `\`${l.path}:${l.line}\``).join(', ')})`);
    out.push('');
  }
  if (report.nonGoals.length > 0) {
    out.push('## Deliberately not recommended');
    out.push('');
    for (const n of report.nonGoals) out.push(`- \`${n.id}\` for \`${n.component}\` (${n.archetype}): ${n.reason}`);
    out.push('');
  }
  if (report.errors.length > 0) {
    out.push('## Files not (fully) analysed');
    out.push('');
    for (const e of report.errors) out.push(`- \`${e.path}${e.line ? `:${e.line}` : ''}\` — ${e.kind}: ${e.message}`);
    out.push('');
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
