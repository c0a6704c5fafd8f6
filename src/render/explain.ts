/**
 * `seaworthy explain`: why a finding exists and how to check it, and where every point of the score went.
 * Pure functions of the report (and, for a finding, the text of its rule's docs.md, which the command reads).
 */
import { CATEGORIES, type Finding, type Report } from '../model/report.js';
import { CATEGORY_MAX, REPEAT_FACTOR, RISK_PER_POINT, countsForScore, type PointsLost } from '../score/model.js';
import { traceScore, unanalysedNote } from '../score/trace.js';
import { markdownSection } from '../util/markdown-section.js';
import { plural } from '../util/text.js';
import { at } from './review/data.js';
import { where } from './review/findings.js';
import { shellQuote, verifyCommands } from './review/verify.js';

function indent(text: string, by = '  '): string {
  return text
    .split('\n')
    .map((l) => (l === '' ? l : `${by}${l}`))
    .join('\n');
}

function section(title: string, body: string): string[] {
  return [title, indent(body), ''];
}

function ordinal(n: number): string {
  const suffix = n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th';
  return `${n}${suffix}`;
}

/** Why a finding costs what it does, in words. */
function costReason(f: Finding, lost: PointsLost | undefined): string {
  if (f.severity === 'info') return 'costs nothing: info findings are inventory, not risk';
  if (f.preview) return 'costs nothing: preview rules have not yet earned their place by measured precision (docs/precision.md)';
  if (!countsForScore(f)) return 'costs nothing: low confidence (unconfirmed) findings do not move the score';
  if (!lost) return `costs nothing: the ${REPEAT_FACTOR}× discount for repeats of one rule brought it below 0.01`;
  if (lost.points === 0) return `costs nothing: ${f.category} is already at 0`;
  const repeat = lost.repeat === 0 ? 'the costliest finding of its rule, full cost' : `the ${ordinal(lost.repeat + 1)} finding of ${f.code}: ×${REPEAT_FACTOR}^${lost.repeat}`;
  const floor = lost.points < lost.nominal ? `; ${lost.nominal} nominal, cut at the category floor of 0` : '';
  return `costs ${lost.points} of the ${CATEGORY_MAX} points of ${f.category} (${f.severity} × ${f.confidence} confidence, ${repeat}${floor})`;
}

export function explainFinding(report: Report, f: Finding, ruleDocs?: string): string {
  const component = report.profile.components.find((c) => c.path === f.component);
  const lost = traceScore(report)?.lost.find((l) => l.fingerprint === f.fingerprint);
  const out = [
    `${f.code} ${f.title} — ${f.severity}, confidence ${f.confidence}, category ${f.category}`,
    `${where(f)} · component ${f.component}${component ? ` (${component.archetype})` : ''} · fingerprint ${f.fingerprint}`,
    '',
    ...section('What was found', f.message),
  ];
  const why = (ruleDocs === undefined ? undefined : markdownSection(ruleDocs, 'Why is this bad?')) ?? f.impact;
  if (why) out.push(...section('Why it matters', why));
  const width = Math.min(48, Math.max(...f.locations.map((l) => at(l.path, l.line).length)));
  out.push(...section('Evidence', f.locations.map((l) => `${at(l.path, l.line).padEnd(width)}  ${l.snippet}`).join('\n')));
  const verify = verifyCommands(f, Infinity);
  out.push(...section(`Verify by hand`, [`cd ${shellQuote(report.target.path)}`, ...verify.commands].join('\n')));
  out.push(...section('Fix', f.fix));
  if (f.acceptance) out.push(...section('Done when', f.acceptance));
  const notApply = ruleDocs === undefined ? undefined : markdownSection(ruleDocs, 'When it does not apply');
  if (notApply) out.push(...section('When it does not apply (check this if the finding looks wrong)', notApply));
  out.push(...section('Score', costReason(f, lost)));
  if (f.references.length) out.push(...section('References', f.references.map((r) => `- ${r}`).join('\n')));
  out.push(`The rule's full documentation: seaworthy rules ${f.code}`);
  return `${out.join('\n')}\n`;
}

function signed(n: number): string {
  return n === 0 ? '0' : `−${n.toFixed(2)}`;
}

export function explainScore(report: Report): string {
  const trace = traceScore(report);
  const { score } = report;
  const head = `Score ${score.overall}/100 (${score.grade}) — model ${score.model} (docs/scoring.md)`;
  if (!trace) return `${head}\nThis report was scored by another model version; audit again to see the breakdown.\n`;
  const applicable = trace.categories.filter((c) => c.score !== null);
  const parts = applicable.filter((c) => c.risk > 0).map((c) => `${c.category} ${c.risk.toFixed(2)}`);
  const out = [
    head,
    `Risk = Σ points lost × category weight × ${RISK_PER_POINT} = ${trace.risk.toFixed(2)}${parts.length > 0 ? ` (${parts.join(' + ')})` : ''}`,
    `Overall = 100 × e^(−risk / 100) = ${trace.uncapped} (rounded)`,
  ];
  for (const cap of trace.caps) out.push(`Capped at ${cap.max} by ${plural(cap.fingerprints.length, `${cap.severity} finding`)} (${cap.fingerprints.slice(0, 5).join(', ')}${cap.fingerprints.length > 5 ? ', …' : ''}): strengths cannot make up for a ${cap.severity}.`);
  if (trace.unanalysed.length > 0) out.push(unanalysedNote(trace.unanalysed));
  out.push('');
  const byFingerprint = new Map(report.findings.map((f) => [f.fingerprint, f]));
  const clean: string[] = [];
  for (const c of applicable) {
    const costing = trace.lost.filter((l) => l.category === c.category && l.points > 0);
    if (costing.length === 0) {
      clean.push(`${c.category} ${c.score ?? ''}${c.findings ? ` (${plural(c.findings, 'finding')}, none costing points)` : ''}`);
      continue;
    }
    out.push(`${c.category}  ${c.score}/10  weight ×${c.weight}  ${signed(c.lost)} points (${c.risk.toFixed(2)} risk) from ${plural(costing.length, 'finding')}`);
    for (const l of costing) {
      const f = byFingerprint.get(l.fingerprint);
      const repeat = l.repeat > 0 ? `  (${ordinal(l.repeat + 1)} of ${l.code}: ×${REPEAT_FACTOR}^${l.repeat})` : '';
      const floor = l.points < l.nominal ? `  (cut from ${l.nominal} at the floor)` : '';
      out.push(`  ${signed(l.points).padStart(6)}  ${`${l.severity}/${l.confidence}`.padEnd(14)} ${l.code.padEnd(8)} ${f ? where(f) : ''}  ${l.fingerprint}${repeat}${floor}`);
    }
    const sum = costing.reduce((n, l) => n + Math.round(l.points * 100), 0) / 100;
    out.push(`  ${`= ${sum.toFixed(2)}`.padStart(8)}  points lost in ${c.category}`);
    const free = c.findings - costing.length;
    if (free > 0) out.push(`  ${plural(free, 'more finding')} in ${c.category} cost nothing (info, low confidence, repeats rounded to 0 or the floor reached: seaworthy explain FINGERPRINT says which)`);
    out.push('');
  }
  if (clean.length) out.push(`No points lost: ${clean.join(', ')}`);
  const na = CATEGORIES.filter((c) => score.categories[c]?.score === null);
  if (na.length) out.push(`Not applicable (no rule that ran judges them here; they do not count): ${na.join(', ')}`);
  return `${out.join('\n')}\n`;
}
