import { createHash } from 'node:crypto';

/**
 * The portal's one stylesheet, inlined in every page and allowed by its hash in the CSP
 * (no 'unsafe-inline', no file to fetch). Phone first: one column, tables become stacked
 * rows under 640 px; no web fonts, no framework.
 */
export const PORTAL_CSS = `
:root{color-scheme:light;--ink:#1d2430;--muted:#5b6472;--line:#dfe3ea;--bg:#f5f6f8;--card:#fff;--accent:#1f5fbf;--good:#17703a;--warn:#9a5b00;--bad:#b3261e}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
header.top{background:var(--card);border-bottom:1px solid var(--line)}
.wrap{max-width:60rem;margin:0 auto;padding:0 1rem}
header.top .wrap{display:flex;align-items:center;gap:.75rem;padding-top:.75rem;padding-bottom:.75rem}
header.top img{max-height:2.5rem;max-width:8rem;object-fit:contain}
header.top .business{font-weight:650;font-size:1.15rem}
main{padding:1rem 0 3rem}
h1{font-size:1.5rem;margin:.5rem 0 .25rem}
h2{font-size:1.1rem;margin:0 0 .5rem}
.sub{color:var(--muted);margin:0 0 1rem}
.cards{display:grid;grid-template-columns:1fr;gap:.75rem;margin-bottom:1rem}
@media (min-width:640px){.cards{grid-template-columns:repeat(3,1fr)}}
.card{background:var(--card);border:1px solid var(--line);border-radius:.6rem;padding:1rem}
.big{font-size:1.6rem;font-weight:650;line-height:1.2;margin:.1rem 0 .35rem}
.note{color:var(--muted);font-size:.92rem;margin:.35rem 0 0}
meter{width:100%;height:.7rem}
section.block{background:var(--card);border:1px solid var(--line);border-radius:.6rem;padding:1rem;margin-bottom:1rem}
table{width:100%;border-collapse:collapse;font-size:.95rem}
th,td{text-align:left;padding:.5rem .4rem;border-bottom:1px solid var(--line);vertical-align:top}
th{color:var(--muted);font-weight:600;font-size:.85rem}
td.num,th.num{text-align:right;white-space:nowrap}
td.actions{white-space:nowrap;text-align:right}
tr:last-child td{border-bottom:0}
.status{display:inline-block;padding:0 .45rem;border-radius:1rem;font-size:.82rem;font-weight:600;background:#eef1f5}
.status.paid,.status.active{background:#e3f3e8;color:var(--good)}
.status.open,.status.not_started{background:#fff2dc;color:var(--warn)}
.status.overdue,.status.expired,.status.cancelled{background:#fbe4e2;color:var(--bad)}
a{color:var(--accent)}
.button,button{display:inline-block;font:inherit;font-weight:600;border:1px solid var(--accent);background:var(--accent);color:#fff;border-radius:.45rem;padding:.4rem .75rem;text-decoration:none;cursor:pointer;margin:.15rem .25rem .15rem 0}
.button.quiet{background:#fff;color:var(--accent)}
form.topup{margin-top:.6rem}
.pager{margin-top:.75rem}
.name{display:inline-block}
.kind{display:block;color:var(--muted);font-size:.85rem}
.empty{color:var(--muted)}
.transcript p{margin:.25rem 0}
.transcript .who{font-weight:600}
audio{width:100%;margin:.5rem 0}
.notice{max-width:32rem;margin:4rem auto;background:var(--card);border:1px solid var(--line);border-radius:.6rem;padding:1.5rem}
footer{color:var(--muted);font-size:.85rem;text-align:center;padding:1rem}
@media (max-width:639px){
  table.stack thead{display:none}
  table.stack tr{display:block;border-bottom:1px solid var(--line);padding:.4rem 0}
  table.stack tr:last-child{border-bottom:0}
  table.stack td{display:flex;justify-content:space-between;gap:1rem;border:0;padding:.2rem 0;text-align:right}
  table.stack td::before{content:attr(data-label);color:var(--muted);font-size:.85rem;text-align:left}
  table.stack td.num{text-align:right}
  table.stack td.actions{justify-content:flex-end;gap:.5rem;padding-top:.4rem}
  table.stack td.actions::before{content:none}
  .notice{margin:1.5rem auto}
  table.calls tr{display:grid;grid-template-columns:1fr auto;gap:.1rem 1rem;padding:.45rem 0}
  table.calls td{display:block;padding:0;text-align:left}
  table.calls td::before{content:none}
  table.calls td.num{text-align:right}
  table.calls td.sub{color:var(--muted);font-size:.9rem}
  table.calls td.actions{grid-column:1/-1;padding-top:.1rem;justify-content:flex-start}
}
`;

export const PORTAL_CSS_HASH = `sha256-${createHash('sha256').update(PORTAL_CSS, 'utf8').digest('base64')}`;
