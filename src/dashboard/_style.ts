// The dashboard's style: light and dark by prefers-color-scheme.
// Kept as a string so the package ships the page with no build step and no file reads.

/** The dashboard's style: light and dark by prefers-color-scheme. */
export const styleCss: string = String
  .raw`:root{color-scheme:light dark;--bg:#fff;--fg:#1b1f24;--muted:#59636e;--card:#f6f8fa;--border:#d1d9e0;--grid:#e1e6eb;--focus:#0969da;--warn:#9a6700;--err:#cf222e;--c0:#0969da;--c1:#cf222e;--c2:#1a7f37;--c3:#9a6700;--c4:#8250df;--c5:#bc4c00;--c6:#1b7c83;--c7:#bf3989}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--card:#151b23;--border:#3d444d;--grid:#262c36;--focus:#4493f8;--warn:#d29922;--err:#f85149;--c0:#4493f8;--c1:#f85149;--c2:#3fb950;--c3:#d29922;--c4:#a371f7;--c5:#db6d28;--c6:#39c5cf;--c7:#db61a2}}
body{margin:0;font:14px/1.4 system-ui,sans-serif;background:var(--bg);color:var(--fg)}
header{display:flex;gap:1rem;align-items:center;padding:.5rem 1rem;border-bottom:1px solid var(--border);position:sticky;top:0;background:var(--bg);z-index:1}
h1{font-size:1.1rem;margin:0}h2{font-size:1rem;margin:1.2rem 0 .5rem}h3{font-size:.9rem;margin:.3rem 0}
#status{margin:0;flex:1;color:var(--muted)}
main{padding:0 1rem 1rem}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(330px,1fr));gap:.8rem}
.cols{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:1rem}
.chart{margin:0;background:var(--card);border:1px solid var(--border);border-radius:6px;padding:.5rem;min-width:0}
.name{font-weight:600;overflow-wrap:anywhere}.meta,.muted{color:var(--muted);font-size:.85em}
canvas{width:100%;height:140px;display:block;margin-top:.3rem}
.legend{list-style:none;padding:0;margin:.3rem 0 0;font-size:.85em;max-height:8.5em;overflow:auto}
.empty .legend::before{content:"No data yet";color:var(--muted)}
.legend li{display:flex;justify-content:space-between;gap:.5rem}
button,select{max-width:100%;font:inherit;color:inherit;background:var(--bg);border:1px solid var(--border);border-radius:4px;padding:.1rem .4rem}
.legend button{border:0;background:none;padding:0;text-align:left;cursor:pointer;overflow-wrap:anywhere}
.legend button[aria-pressed=false]{opacity:.5;text-decoration:line-through}
:focus-visible{outline:2px solid var(--focus);outline-offset:2px}
.swatch{display:inline-block;width:.75em;height:.75em;border-radius:2px;margin-right:.3em}
.c0{background:var(--c0)}.c1{background:var(--c1)}.c2{background:var(--c2)}.c3{background:var(--c3)}.c4{background:var(--c4)}.c5{background:var(--c5)}.c6{background:var(--c6)}.c7{background:var(--c7)}
.value{font-variant-numeric:tabular-nums;white-space:nowrap}.tag-key{color:var(--muted)}
#log-lines{font:12px/1.45 ui-monospace,monospace;max-height:22rem;overflow:auto;padding:.5rem;margin:.5rem 0 0;list-style:none;background:var(--card);border:1px solid var(--border);border-radius:6px;white-space:pre-wrap;overflow-wrap:anywhere}
.lvl{font-weight:600;margin-right:.5em}[data-level=warn] .lvl{color:var(--warn)}[data-level=error] .lvl{color:var(--err)}[data-level=debug]{color:var(--muted)}
.alerts{list-style:none;padding:0;margin:0}.alerts li{padding:.2rem 0;border-bottom:1px solid var(--border)}
.sev{font-weight:600;margin-right:.4em}.sev-critical,.state-active{color:var(--err)}.sev-warning{color:var(--warn)}
table{border-collapse:collapse}th,td{padding:.2rem .7rem;text-align:left;border-bottom:1px solid var(--border)}td.num{text-align:right;font-variant-numeric:tabular-nums}
`;
