/** The parts of the HTML review, each a function of the report returning escaped HTML. */
import { CATEGORIES, SEVERITIES, type Finding, type Report } from '../../model/report.js';
import { countsForScore, noPointsMark, type ScoreResult } from '../../score/model.js';
import { at } from '../review/data.js';
import { CHECKLIST_TIERS, SEVERITY_RANK, checklist, listPlaces, severityCounts, topRisks, where } from '../review/findings.js';
import { alsoPresentText, groupNonGoals } from '../review/non-goals.js';
import { categoryScores, formatScore, notApplicable } from '../review/scores.js';
import { verifyCommands } from '../review/verify.js';
import { plural } from '../../util/text.js';
import { esc, proseHtml } from './escape.js';

export function header(report: Report): string {
  const commit = report.target.commit ? ` · commit <code>${esc(report.target.commit)}</code>` : '';
  return `<header><h1>Production-readiness review</h1><p class="meta"><code>${esc(report.target.path)}</code>${commit} · seaworthy ${esc(report.tool.version)} · score model <code>${esc(report.score.model)}</code></p></header>`;
}

function scoreCard(report: Report): string {
  const { overall, grade } = report.score;
  if (overall === null || grade === null) return `<div class="card score none"><span class="value">No score</span><span class="meta">nothing to judge: ${esc(report.score.nothingToJudge ?? '')}</span></div>`;
  return `<div class="card score"><span class="value">${overall}<small>/100</small></span><span class="grade grade-${esc(grade)}" title="grade">${esc(grade)}</span></div>`;
}

/** Findings by severity as bars, the longest for the most frequent severity. */
function severityChart(report: Report): string {
  const counts = severityCounts(report.findings);
  const most = Math.max(1, ...counts.map(([, n]) => n));
  const rows = counts
    .map(([s, n]) => `<span class="sev sev-${s}">${s}</span><div class="chart-bar sev-bg-${s}" role="img" aria-label="${s}: ${n} findings"><span style="width:${Math.round((n / most) * 100)}%"></span></div><span class="num">${n}</span>`)
    .join('');
  return `<div class="card"><div id="severity-chart" class="sev-chart">${rows}</div></div>`;
}

export function summary(report: Report, trace: ScoreResult | undefined, points: ReadonlyMap<string, number>): string {
  const chips = severityCounts(report.findings)
    .map(([s, n]) => `<li><button type="button" class="chip" data-set-severity="${s}"><span class="sev sev-${s}">${s}</span> ${n}</button></li>`)
    .join('');
  const caps = (trace?.caps ?? [])
    .map((c) => `<p>Capped at ${c.max} (uncapped ${trace?.uncapped ?? '?'}) by ${c.fingerprints.length} ${esc(c.severity)} finding${c.fingerprints.length === 1 ? '' : 's'}.</p>`)
    .join('');
  const risks = topRisks(report, points);
  const riskList = risks.length
    ? `<ol>${risks.map((r) => `<li><strong>${esc(r.group.title)}</strong> (${esc(r.group.code)}, <span class="sev sev-${r.group.severity}">${r.group.severity}</span>): ${proseHtml(r.text)}</li>`).join('')}</ol>`
    : '<p>No confirmed blocker, high or medium findings.</p>';
  const unconfirmed = report.findings.filter((f) => !countsForScore(f)).length;
  const coverage = `Covers ${categoryScores(report).length} of ${Object.keys(report.score.categories).length} categories; the rest are not applicable.`;
  return `<section id="summary" class="summary">
${scoreCard(report)}
${severityChart(report)}
<div class="card"><ul class="counts">${chips}</ul>${caps}<p class="meta">${esc(coverage)}</p>${unconfirmed ? `<p class="meta">${unconfirmed} low-confidence finding${unconfirmed === 1 ? '' : 's'}: unconfirmed, no points.</p>` : ''}</div>
</section>
<section id="risks"><h2>Top risks</h2>${riskList}</section>`;
}

export function categories(report: Report): string {
  const rows = categoryScores(report)
    .map((c) => {
      const cls = c.score >= 9 ? '' : c.score >= 6 ? ' mid' : ' bad';
      return `<div class="cat-row"><span>${esc(c.category)}</span><div class="bar${cls}" role="img" aria-label="${esc(c.category)} ${formatScore(c.score)} of 10"><span style="width:${Math.round(c.score * 10)}%"></span></div><span>${formatScore(c.score)}/10</span><span class="meta">${c.findings} found</span></div>`;
    })
    .join('\n');
  const na = notApplicable(report);
  return `<section id="categories"><h2>Score by category</h2><div class="bars">${rows}</div>${na.length ? `<p class="na">Not applicable: ${na.map(esc).join(', ')}.</p>` : ''}</section>`;
}

/** A component's findings: "3 findings: 1 high · 2 medium", or "none". */
function componentFindings(report: Report, component: string): string {
  const mine = report.findings.filter((f) => f.component === component);
  if (mine.length === 0) return '<span class="meta">none</span>';
  const counts = severityCounts(mine).filter(([, n]) => n > 0);
  return `${plural(mine.length, 'finding')}: ${counts.map(([s, n]) => `<span class="sev sev-${s}">${n} ${s}</span>`).join(' · ')}`;
}

export function components(report: Report): string {
  const rows = report.profile.components
    .map((c) => `<tr><td><code>${esc(c.path)}</code></td><td>${esc(c.archetype)}</td><td>${esc(c.exposure)}</td><td>${componentFindings(report, c.path)}</td><td>${esc(c.confidence)}</td><td>${c.evidence.map((e) => `${esc(e.detail)} (<code>${esc(at(e.path, e.line))}</code>)`).join('; ')}</td></tr>`)
    .join('');
  return `<section id="components"><h2>Components</h2><div class="scroll"><table><thead><tr><th>component</th><th>archetype</th><th>exposure</th><th>findings</th><th>confidence</th><th>evidence</th></tr></thead><tbody>${rows}</tbody></table></div></section>`;
}

/** A filter's options, each with the number of findings it selects. */
function options(values: readonly string[], all: string, count: (value: string) => number): string {
  return `<option value="">${esc(all)}</option>${values.map((v) => `<option value="${esc(v)}">${esc(v)} (${count(v)})</option>`).join('')}`;
}

function findingRow(f: Finding, order: number, points: ReadonlyMap<string, number>): string {
  const l = f.locations[0];
  const cost = points.get(f.fingerprint) ?? 0;
  const text = [f.code, f.id, f.title, f.message, f.category, f.component, f.fingerprint, ...f.locations.map((x) => `${x.path}:${x.line} ${x.snippet}`)].join(' ').toLowerCase();
  // A tab sorts before every character a path can show (controls are escaped), and is no control sequence.
  const sortLoc = l ? `${l.path}\t${String(l.line).padStart(8, '0')}` : '';
  const verify = verifyCommands(f);
  const evidence = f.locations.map((x) => `${at(x.path, x.line)}  ${x.snippet}`).join('\n');
  const details = [
    f.locations.length > 1 ? `<p>All locations:</p><pre>${esc(evidence)}</pre>` : '',
    f.impact ? `<p><strong>Impact.</strong> ${proseHtml(f.impact)}</p>` : '',
    f.acceptance ? `<p><strong>Done when.</strong> ${proseHtml(f.acceptance)}</p>` : '',
    `<p><strong>Verify by hand</strong> (from the audited folder):</p><pre>${esc(verify.commands.join('\n'))}</pre>`,
    `<p class="meta">confidence ${esc(f.confidence)}${noPointsMark(f) ? ` (${noPointsMark(f)}: no points)` : ''} · fingerprint <code>${esc(f.fingerprint)}</code></p>`,
  ].join('');
  return `<tr class="finding" data-order="${order}" data-severity="${f.severity}" data-rank="${SEVERITY_RANK[f.severity]}" data-category="${esc(f.category)}" data-component="${esc(f.component)}" data-rule="${esc(f.code)}" data-loc="${esc(sortLoc)}" data-points="${cost}" data-text="${esc(text)}">
<td data-label="severity" class="nowrap"><span class="sev sev-${f.severity}">${f.severity}</span></td>
<td data-label="rule" class="nowrap"><code>${esc(f.code)}</code></td>
<td data-label="category" class="nowrap">${esc(f.category)}</td>
<td data-label="location" class="loc"><code>${esc(where(f))}</code>${f.locations.length > 1 ? ` <span class="meta">+${f.locations.length - 1}</span>` : ''}</td>
<td data-label="component"><code>${esc(f.component)}</code></td>
<td data-label="finding"><strong>${esc(f.title)}</strong><br>${proseHtml(f.message)}${l?.snippet ? `<pre>${esc(l.snippet)}</pre>` : ''}<p class="fix"><strong>Fix:</strong> ${proseHtml(f.fix)}</p><details><summary>Impact, acceptance, how to verify</summary>${details}</details></td>
<td data-label="points" class="num">${cost > 0 ? `−${cost}` : '0'}</td>
</tr>`;
}

export function findings(report: Report, points: ReadonlyMap<string, number>): string {
  const present = <T extends string>(all: readonly T[], pick: (f: Finding) => T): T[] => all.filter((v) => report.findings.some((f) => pick(f) === v));
  const componentNames = [...new Set(report.findings.map((f) => f.component))].sort();
  const count = (pick: (f: Finding) => boolean): number => report.findings.filter(pick).length;
  const head = [
    ['severity', 'rank', true],
    ['rule', 'rule', false],
    ['category', 'category', false],
    ['location', 'loc', false],
    ['component', 'component', false],
    ['finding', '', false],
    ['points', 'points', true],
  ] as const;
  const th = head.map(([label, key, numeric]) => (key ? `<th scope="col" data-key="${key}" data-numeric="${numeric}"><button type="button">${label}</button></th>` : `<th scope="col">${label}</th>`)).join('');
  const rows = report.findings.map((f, i) => findingRow(f, i, points)).join('\n');
  return `<section id="findings-section"><h2>Findings (${report.findings.length})</h2>
<div class="filters" role="search">
<label>Severity <select id="filter-severity">${options(present(SEVERITIES, (f) => f.severity), 'all', (v) => count((f) => f.severity === v))}</select></label>
<label>Category <select id="filter-category">${options(present(CATEGORIES, (f) => f.category), 'all', (v) => count((f) => f.category === v))}</select></label>
<label>Component <select id="filter-component">${options(componentNames, 'all', (v) => count((f) => f.component === v))}</select></label>
<input id="filter-text" type="search" placeholder="Filter by text, path, rule, fingerprint" aria-label="Filter findings by text">
<span id="shown-count" class="meta" aria-live="polite">${report.findings.length} findings</span>
</div>
<table id="findings" class="findings"><thead><tr>${th}</tr></thead><tbody>
${rows}
</tbody></table>
<p id="no-match" class="card" hidden>No finding matches these filters. <button type="button" class="chip">Show all findings</button></p>${report.findings.length === 0 ? '<p>No findings.</p>' : ''}</section>`;
}

export function strengths(report: Report): string {
  if (report.strengths.length === 0) return '<section id="strengths"><h2>Done right</h2><p>The rules that ran recorded no strengths for this repository.</p></section>';
  const items = report.strengths
    .map((s) => `<li><strong>${esc(s.title)}</strong> (${esc(s.category)}): ${proseHtml(s.message)}<br><span class="meta">${s.locations.map((l) => `<code>${esc(at(l.path, l.line))}</code>`).join(', ')}</span>${s.locations[0]?.snippet ? `<pre>${esc(s.locations[0].snippet)}</pre>` : ''}</li>`)
    .join('');
  return `<section id="strengths"><h2>Done right (${report.strengths.length})</h2><ul class="plain">${items}</ul></section>`;
}

export function nonGoals(report: Report): string {
  const groups = groupNonGoals(report);
  if (groups.length === 0) return '<section id="non-goals"><h2>Non-goals</h2><p>Every rule that ran applies to every component found.</p></section>';
  const body = groups
    .map((g) => {
      const items = g.explained
        .map((n) => {
          const places = `${n.evidence.map((l) => `<code>${esc(at(l.path, l.line))}</code>`).join(', ')}${n.matches > n.evidence.length ? ` and ${n.matches - n.evidence.length} more` : ''}`;
          const snippet = n.evidence[0]?.snippet ? `<pre>${esc(n.evidence[0].snippet)}</pre>` : '';
          return `<li><code>${esc(n.code)}</code> ${esc(n.id)} — present at ${places}. ${proseHtml(n.reason)}${n.unless ? ` ${proseHtml(n.unless)}` : ''}${snippet}</li>`;
        })
        .join('');
      const rest = [
        g.alsoPresent.length > 0 ? `Also present, not judged here: ${esc(alsoPresentText(g.alsoPresent))}.` : '',
        g.notApplicable.length > 0 ? `Also not applied to ${esc(g.archetype)} components: ${esc(g.notApplicable.join(', '))}.` : '',
      ].filter(Boolean);
      const list = items ? `<ul class="plain">${items}</ul>` : '<p class="meta">No pattern that only matters for other kinds of component was found here.</p>';
      return `<h3><code>${esc(g.component)}</code> (${esc(g.archetype)})</h3>${list}${rest.map((r) => `<p class="meta">${r}</p>`).join('')}`;
    })
    .join('');
  return `<section id="non-goals"><h2>Non-goals</h2><p class="meta">Patterns a reviewer would react to, present here but deliberately not recommended: each with its evidence, the reason it does not fit the component and what would change that.</p>${body}</section>`;
}

export function checklistSection(report: Report): string {
  const items = checklist(report.findings);
  const body = CHECKLIST_TIERS.map(({ tier, title }) => {
    const list = items.filter((i) => i.tier === tier);
    const lis = list.map((i) => `<li><label><input type="checkbox"> <code>${esc(i.code)}</code> ${esc(i.title)}${i.component === '.' ? '' : ` in <code>${esc(i.component)}</code>`}${i.unconfirmed ? ' (unconfirmed)' : ''} — ${esc(listPlaces(i.places, 3))}</label></li>`).join('');
    return `<h3>${esc(title)} (${list.length})</h3>${list.length ? `<ul class="plain">${lis}</ul>` : '<p class="meta">Nothing here.</p>'}`;
  }).join('');
  return `<section id="checklist"><h2>Checklist</h2>${body}</section>`;
}

export function errors(report: Report): string {
  if (report.errors.length === 0) return '';
  const rows = report.errors.map((e) => `<tr><td><code>${esc(at(e.path, e.line))}</code></td><td>${esc(e.kind)}</td><td>${esc(e.message)}</td></tr>`).join('');
  return `<section id="errors"><h2>Files not analysed (${report.errors.length})</h2><div class="scroll"><table><thead><tr><th>file</th><th>problem</th><th>detail</th></tr></thead><tbody>${rows}</tbody></table></div></section>`;
}
