/** The review's inline stylesheet: no web fonts, no images, light and dark, laptop and phone widths. */
export const CSS = `
:root{--bg:#fff;--fg:#1c2024;--muted:#5b6470;--line:#d8dde3;--card:#f6f8fa;--code:#eef1f4;--good:#1a7f37;--blocker:#8b0000;--high:#c62828;--medium:#b26a00;--low:#1565c0;--info:#6b7280}
@media (prefers-color-scheme:dark){:root{--bg:#0f1115;--fg:#e6e8eb;--muted:#9aa3ad;--line:#2c323a;--card:#171a20;--code:#1f242c;--good:#3fb950;--blocker:#ff6b6b;--high:#f47067;--medium:#e0a100;--low:#6cb6ff;--info:#9aa3ad}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:1180px;margin:0 auto;padding:16px}
h1{font-size:1.5rem;margin:.2em 0}h2{font-size:1.2rem;margin:1.6em 0 .5em;border-bottom:1px solid var(--line);padding-bottom:.2em}h3{font-size:1rem;margin:1em 0 .3em}
code,pre{font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--code);border-radius:4px}
code{padding:0 .25em;overflow-wrap:anywhere}pre{padding:.5em .7em;overflow-x:auto;margin:.4em 0;white-space:pre}
.meta{color:var(--muted);overflow-wrap:anywhere}
.summary{display:flex;flex-wrap:wrap;gap:16px;align-items:stretch}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 16px}
.score{display:flex;align-items:center;gap:14px}
.score .value{font-size:2.6rem;font-weight:700;line-height:1}.score .grade{font-size:2rem;font-weight:700;border:3px solid currentColor;border-radius:8px;padding:0 .35em}
.grade-A,.grade-B{color:var(--good)}.grade-C,.grade-D{color:var(--medium)}.grade-F{color:var(--high)}
.counts{display:flex;flex-wrap:wrap;gap:8px;list-style:none;margin:0;padding:0}
.chip{border:1px solid var(--line);border-radius:999px;padding:2px 10px;background:var(--bg);color:inherit;font:inherit;cursor:pointer}
.sev{font-weight:700;text-transform:uppercase;font-size:.78rem;letter-spacing:.02em}
.sev-blocker{color:var(--blocker)}.sev-high{color:var(--high)}.sev-medium{color:var(--medium)}.sev-low{color:var(--low)}.sev-info{color:var(--info)}
.sev-chart{display:grid;grid-template-columns:max-content minmax(6em,1fr) max-content;gap:4px 10px;align-items:center;min-width:14em}
.chart-bar{height:10px;background:var(--code);border-radius:5px;overflow:hidden}.chart-bar span{display:block;height:100%}
.sev-bg-blocker span{background:var(--blocker)}.sev-bg-high span{background:var(--high)}.sev-bg-medium span{background:var(--medium)}.sev-bg-low span{background:var(--low)}.sev-bg-info span{background:var(--info)}
.bars .cat-row{display:contents}
.bars{display:grid;grid-template-columns:minmax(8em,max-content) 1fr max-content max-content;gap:4px 12px;align-items:center;white-space:nowrap}
.bar{height:10px;background:var(--code);border-radius:5px;overflow:hidden}.bar span{display:block;height:100%;background:var(--good)}
.bar.mid span{background:var(--medium)}.bar.bad span{background:var(--high)}.na{color:var(--muted)}
.filters{display:none;flex-wrap:wrap;gap:8px;align-items:center;margin:.5em 0;padding:6px 0;position:sticky;top:0;z-index:1;background:var(--bg);border-bottom:1px solid var(--line)}.js .filters{display:flex}
.filters select,.filters input{font:inherit;color:inherit;background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:4px 6px;max-width:100%}
.filters input{flex:1 1 14em}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
th button{font:inherit;font-weight:600;background:none;border:0;color:inherit;cursor:pointer;padding:0}
th[aria-sort=ascending] button::after{content:" ▲"}th[aria-sort=descending] button::after{content:" ▼"}
td.loc{overflow-wrap:anywhere;min-width:14em;max-width:26em}td.num{text-align:right;white-space:nowrap}td.nowrap{white-space:nowrap}
.scroll{overflow-x:auto}
table.findings pre{white-space:pre-wrap;overflow-wrap:anywhere}table.findings td:nth-child(6){width:60%}
.fix{color:var(--muted);margin:.3em 0 0}
details summary{cursor:pointer;color:var(--muted)}
ul.plain{padding-left:1.2em}
@media (max-width:720px){
  main{padding:10px}.bars{display:block}.bars .cat-row{display:grid;grid-template-columns:1fr max-content max-content;gap:2px 12px;margin:0 0 8px}.bars .cat-row .bar{grid-row:2;grid-column:1/-1}
  table.findings,table.findings tbody{display:block;width:100%}table.findings thead{display:none}table.findings tr{display:block;border:1px solid var(--line);border-radius:8px;margin:0 0 10px;padding:6px}
  table.findings td,table.findings td:nth-child(6){display:block;border:0;padding:2px 4px;max-width:none;min-width:0;width:auto}table.findings td[data-label]::before{content:attr(data-label) ": ";color:var(--muted);font-size:.85em}
  pre{white-space:pre-wrap;overflow-wrap:anywhere}
}
`;
