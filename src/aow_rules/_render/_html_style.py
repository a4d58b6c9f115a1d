"""The stylesheet and the one small script of the HTML sample report (kept inline so that the
page needs nothing from the network)."""

from __future__ import annotations

import base64
import hashlib

__all__ = ["SCRIPT", "SCRIPT_HASH", "STYLE"]

STYLE = """
:root{--ink:#1c2430;--muted:#5a6472;--rule:#d8dde4;--soft:#f4f6f9;--accent:#1f3a5f;
--accent2:#7d98bf;--warn:#8a5a00;--bad:#a4262c}
*{box-sizing:border-box}
html{scroll-padding-top:3.2rem}
body{margin:0;color:var(--ink);background:#fff;line-height:1.45;
font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.page{max-width:1160px;margin:0 auto;padding:1.5rem 2rem 3rem}
h1{font-size:1.65rem;line-height:1.25;margin:.2rem 0 .4rem;color:var(--accent)}
h2{font-size:1.3rem;margin:2.6rem 0 .6rem;padding-bottom:.3rem;
border-bottom:2px solid var(--accent);color:var(--accent)}
h3{font-size:1.05rem;margin:1.6rem 0 .5rem}
h4{font-size:.95rem;margin:1rem 0 .4rem}
a{color:#1a4f8b}
a:hover{color:#0b2e57}
code{font:.85em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--soft);
padding:0 .2em;border-radius:2px}
.muted{color:var(--muted)}
.nowrap{white-space:nowrap}
.block{display:block}
.small{font-size:.8rem;margin:.2rem 0}
.warn{color:var(--warn)}
.bad{color:var(--bad);font-weight:700}
.flag{color:var(--bad);font-weight:700}
.eyebrow{text-transform:uppercase;letter-spacing:.08em;font-size:.75rem;color:var(--muted);
margin:0}
.synthetic{border:2px solid #8a5a00;color:#3d2a00;padding:.6rem 1rem;margin:0 0 1.2rem;
background:repeating-linear-gradient(135deg,#fff4d6 0 14px,#ffeab3 14px 28px);
-webkit-print-color-adjust:exact;print-color-adjust:exact}
.synthetic strong{letter-spacing:.14em;font-size:1.15rem;margin-right:.6rem}
.sub{margin:.1rem 0 1rem;color:var(--muted)}
dl.keyfacts{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));
gap:.5rem 1.5rem;margin:1rem 0;padding:.8rem 1rem;background:var(--soft);
border-left:4px solid var(--accent)}
dl.keyfacts dt{font-size:.75rem;text-transform:uppercase;letter-spacing:.05em;
color:var(--muted)}
dl.keyfacts dd{margin:0;font-weight:600;overflow-wrap:anywhere}
.summary{max-width:60rem}
nav.toc{position:sticky;top:0;z-index:2;background:#fffffff2;
border-bottom:1px solid var(--rule);margin:0 -2rem;padding:.45rem 2rem;font-size:.85rem}
nav.toc a{margin-right:1.1rem;text-decoration:none;white-space:nowrap}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:.8rem;
margin:1rem 0}
.card{border:1px solid var(--rule);border-top:4px solid var(--accent);padding:.55rem .8rem;
text-decoration:none;color:inherit;display:block}
.card:hover{background:var(--soft)}
.card .big{display:block;font-size:1.9rem;font-weight:700;color:var(--accent);line-height:1.2}
.card .what{display:block;font-size:.85rem;font-weight:600}
.card .n{font-size:.78rem;color:var(--muted)}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(500px,100%),1fr));
gap:1.2rem 2.2rem}
figure{margin:.6rem 0}
figcaption{font-size:.8rem;color:var(--muted);margin-top:.2rem}
figure h3{margin:.4rem 0 .2rem;font-size:.95rem}
svg.chart{width:100%;max-width:560px;height:auto;display:block}
svg.chart text{font-family:inherit}
.chart .bar{fill:var(--accent2)}
.chart .bar.strong{fill:var(--accent)}
.chart .label{font-size:12px;fill:var(--ink)}
.chart .row.strong .label{font-weight:700}
.chart .grid{stroke:#e4e8ed}
.chart .axis{stroke:#8a94a3}
.chart .tick,.chart .axis-title,.chart .guide-label{font-size:11px;fill:var(--muted)}
.chart .value{font-size:12px;font-weight:600;fill:var(--ink)}
.chart .mark{font-weight:400;fill:var(--bad)}
.chart .none{font-size:11.5px;font-style:italic;fill:var(--muted)}
.chart .ref{stroke:#111;stroke-width:1.5}
.chart .ref-avg{fill:#fff;stroke:#111;stroke-width:1.5}
.chart .guide{stroke:#8a94a3;stroke-dasharray:3 3}
.legend{font-size:.8rem;color:var(--muted)}
.scroll{overflow-x:auto}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.86rem}
caption{text-align:left;color:var(--muted);font-size:.8rem;padding:.2rem 0}
th,td{padding:.32rem .55rem;border-bottom:1px solid var(--rule);text-align:left;
vertical-align:top}
thead th{border-bottom:2px solid var(--ink);font-size:.78rem;color:#333;vertical-align:bottom}
table.data{width:100%}
table.compact{font-size:.8rem}
table.compact td,table.compact th{padding:.2rem .45rem}
tbody th{font-weight:400}
table.data>tbody>tr>th:first-child{min-width:15rem}
table.compact>tbody>tr>th:first-child{min-width:9rem}
tbody th .gid{font-weight:700;margin-right:.3rem}
tbody tr:hover{background:#f8fafc}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.score{font-weight:700;white-space:nowrap}
.mini{display:inline-block;width:56px;height:8px;background:#e6eaef;margin-left:.45rem;
vertical-align:middle}
.mini>span{display:block;height:100%;background:var(--accent2)}
.n{color:var(--muted);font-size:.85em;font-weight:400}
tbody.standard>tr:first-child>*{background:var(--soft);border-top:2px solid var(--rule)}
.rating{display:inline-block;padding:.05rem .5rem;border-radius:3px;color:#fff;font-weight:600;
font-size:.85em;white-space:nowrap;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.lvl-0{background:#1e6b45}
.lvl-1{background:#3d7a23}
.lvl-2{background:#9a5b00}
.lvl-3{background:#a4262c}
.rating.none{background:#fff;color:var(--muted);border:1px solid var(--rule)}
.lowest{color:var(--bad);font-weight:600;white-space:nowrap}
.overall{display:flex;flex-wrap:wrap;gap:1rem 2.5rem;align-items:center;padding:.9rem 1.1rem;
border:1px solid var(--rule);border-left:6px solid var(--accent);margin:1rem 0}
.overall .big .rating{font-size:1.25rem;padding:.2rem .8rem}
.overall .pts{font-size:1.1rem;font-weight:600}
ol.bands{list-style:none;display:flex;flex-wrap:wrap;gap:.3rem 1rem;padding:0;margin:0;
font-size:.85rem}
table.grid td,table.grid th{text-align:center;min-width:5.5rem}
table.grid tbody th{text-align:left}
table.grid td a{text-decoration:none;color:inherit;display:block}
details.drill>summary{cursor:pointer;color:#1a4f8b;white-space:nowrap;font-size:.85em}
ol.caselist{columns:3 7rem;margin:.2rem 0 .4rem;padding-left:1.6rem;font-size:.8rem}
details.case{border:1px solid var(--rule);margin:.35rem 0;border-radius:3px}
details.case>summary{padding:.4rem .7rem;cursor:pointer;background:var(--soft)}
details.case[open]>summary{border-bottom:1px solid var(--rule)}
details.case:target{outline:3px solid #e8a33d}
.case-id{font-weight:700}
.case-body{padding:.3rem 1rem .8rem}
dl.facts{display:flex;flex-wrap:wrap;gap:.2rem 1.2rem;font-size:.82rem;margin:.4rem 0}
dl.facts dt{color:var(--muted)}
dl.facts dt::after{content:":"}
dl.facts dd{margin:0 0 0 -.9rem}
table.scores{font-size:.8rem}
table.scores td{border:0;padding:.1rem .6rem .1rem 0}
table.scores th{border:0;padding:.1rem .8rem .1rem 0;color:var(--muted)}
table.questions tbody th{background:var(--soft);font-weight:400}
table.questions i,table.scores i{color:var(--muted)}
table.questions td:nth-child(3){text-align:right}
tr.st-not_applicable td,tr.st-answered_na td,tr.st-unscored td{color:var(--muted)}
tr.st-unanswered td,tr.st-condition_error td{background:#fdf0e6}
ul.findings{padding-left:1.2rem;font-size:.85rem}
.sev{font-size:.72rem;text-transform:uppercase;letter-spacing:.05em;font-weight:700}
.sev-error{color:var(--bad)}
.sev-warning{color:var(--warn)}
section#qa table{width:100%;font-size:.8rem}
section#qa tr.flag td{background:#fdf0e6}
section#qa table th{font-weight:600;font-size:.78rem;background:var(--soft)}
details.disagreement{margin:.3rem 0}
details.disagreement>summary{cursor:pointer;font-weight:600;font-size:.9rem}
footer{margin-top:3rem;padding-top:.8rem;border-top:1px solid var(--rule);font-size:.8rem;
color:var(--muted)}
@media print{nav.toc{display:none}details.drill{display:none}}
"""

# Opens the <details> that a followed link points into, so drill-down works with one click;
# without scripts the page still works (the target's summary is shown; a click opens it).
SCRIPT = (
    "(function(){function show(){var h=location.hash.slice(1);if(!h)return;"
    "var t=document.getElementById(h);for(var n=t;n;n=n.parentElement)"
    "{if(n.tagName==='DETAILS')n.open=true;}if(t)t.scrollIntoView();}"
    "window.addEventListener('hashchange',show);show();})();"
)
SCRIPT_HASH = "sha256-" + base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()
