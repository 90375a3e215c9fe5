/// The site's one style sheet: light and dark colours (`prefers-color-scheme`), a sidebar
/// that moves below the content on narrow screens, and a print style without navigation.
enum SiteStyle {
    /// The CSS text.
    static let css = #"""
        :root {
          --bg: #fdfdfb; --fg: #1d1f24; --muted: #5f6672; --line: #dde1e6; --panel: #f3f4f6;
          --accent: #b4410e; --link: #0b57a4; --code-bg: #f6f7f9;
          --pass: #17692f; --pass-bg: #e3f4e8; --fail: #b3261e; --fail-bg: #fde7e5;
          --none: #565c66; --none-bg: #eceef1; --warn-bg: #fff4d6;
          --kw: #a626a4; --ty: #7d5400; --str: #1a6b2d; --com: #60666f; --num: #005cc5; --attr: #a82638;
          --out: #2563eb; --err: #dc2626; --band: rgba(28, 124, 58, 0.18); --band-miss: rgba(179, 38, 30, 0.2);
          --band-end: rgba(11, 87, 164, 0.16);
          color-scheme: light dark;
        }
        @media (prefers-color-scheme: dark) {
          :root {
            --bg: #16181d; --fg: #e4e6eb; --muted: #9aa2ad; --line: #2e333b; --panel: #1e2128;
            --accent: #f08a4b; --link: #7cb7ff; --code-bg: #1b1e24;
            --pass: #6fd08c; --pass-bg: #183522; --fail: #ff8a80; --fail-bg: #3b1a18;
            --none: #a0a7b1; --none-bg: #2a2e35; --warn-bg: #3a3117;
            --kw: #d78bf0; --ty: #e5c07b; --str: #98c379; --com: #9aa2ad; --num: #79b8ff; --attr: #ff7b8a;
            --out: #6ea8ff; --err: #ff6b6b; --band: rgba(111, 208, 140, 0.2); --band-miss: rgba(255, 138, 128, 0.22);
            --band-end: rgba(124, 183, 255, 0.2);
          }
        }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; }
        body {
          margin: 0; background: var(--bg); color: var(--fg);
          font: 17px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", sans-serif;
        }
        a { color: var(--link); }
        code, pre, kbd { font-family: ui-monospace, "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 0.88em; }
        :not(pre) > code { background: var(--code-bg); border: 1px solid var(--line); border-radius: 4px; padding: 0 0.25em; }
        kbd { border: 1px solid var(--line); border-bottom-width: 2px; border-radius: 4px; padding: 0 0.35em; background: var(--panel); }
        .skip { position: absolute; left: -999px; }
        .skip:focus { left: 1rem; top: 0.5rem; background: var(--bg); padding: 0.25rem 0.5rem; z-index: 10; }
        .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
        .muted { color: var(--muted); }

        .top {
          position: sticky; top: 0; z-index: 5; display: flex; gap: 1rem; align-items: center; justify-content: space-between;
          padding: 0.5rem 1.25rem; background: var(--panel); border-bottom: 1px solid var(--line);
        }
        .home { font-weight: 650; color: var(--fg); text-decoration: none; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
        .search { position: relative; flex: 0 1 22rem; }
        .search[hidden] { display: none; }
        .search input {
          width: 100%; font: inherit; font-size: 0.95rem; padding: 0.3rem 0.6rem; color: var(--fg);
          background: var(--bg); border: 1px solid var(--line); border-radius: 6px;
        }
        #search-results {
          position: absolute; right: 0; top: 2.4rem; width: min(34rem, 92vw); max-height: 70vh; overflow: auto;
          margin: 0; padding: 0.25rem; list-style: none; background: var(--bg); border: 1px solid var(--line);
          border-radius: 8px; box-shadow: 0 8px 24px rgba(0, 0, 0, 0.18);
        }
        #search-results[hidden] { display: none; }
        #search-results a { display: block; padding: 0.4rem 0.6rem; border-radius: 6px; text-decoration: none; color: var(--fg); }
        #search-results a:hover, #search-results a:focus { background: var(--panel); outline: none; }
        .result-page { display: block; font-size: 0.8rem; color: var(--muted); }
        .result-text { display: block; font-size: 0.85rem; color: var(--muted); }
        .result-text mark { background: var(--warn-bg); color: var(--fg); padding: 0; }
        .result-none { padding: 0.4rem 0.6rem; color: var(--muted); }

        .layout { display: grid; grid-template-columns: 17rem minmax(0, 1fr); grid-template-areas: "side main"; max-width: 78rem; margin: 0 auto; }
        main { grid-area: main; padding: 1.5rem 2rem 3rem; min-width: 0; max-width: 52rem; }
        .sidebar {
          grid-area: side; position: sticky; top: 3rem; align-self: start; max-height: calc(100vh - 3rem); overflow: auto;
          padding: 1.5rem 1rem; font-size: 0.92rem; border-right: 1px solid var(--line);
        }
        .sidebar h2 { font-size: 0.78rem; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); margin: 1.2rem 0 0.3rem; }
        .side-home { font-weight: 600; }
        .nav-list { list-style: none; margin: 0; padding: 0; }
        .nav-list > li > a { display: flex; gap: 0.35rem; align-items: baseline; padding: 0.2rem 0.4rem; border-radius: 5px; color: var(--fg); text-decoration: none; }
        .nav-list > li > a:hover { background: var(--panel); }
        .nav-list a[aria-current="page"], .side-home[aria-current="page"] { background: var(--panel); font-weight: 600; }
        .num { color: var(--muted); font-variant-numeric: tabular-nums; }
        .nav-title { flex: 1; }
        .dot { flex: none; align-self: center; display: inline-block; width: 0.55em; height: 0.55em; border-radius: 50%; background: var(--none); vertical-align: middle; }
        .dot.pass { background: var(--pass); } .dot.fail, .dot.error { background: var(--fail); }
        .toc { list-style: none; margin: 0.2rem 0 0.4rem 1.4rem; padding: 0; font-size: 0.86rem; }
        .toc a { color: var(--muted); text-decoration: none; }
        .toc a:hover { color: var(--link); }

        h1 { font-size: 2rem; line-height: 1.2; margin: 0.3rem 0 0.6rem; }
        h2 { margin-top: 2.2rem; }
        h1, h2, h3 { scroll-margin-top: 3.5rem; }
        .anchor { margin-left: 0.35em; color: var(--muted); text-decoration: none; font-weight: 400; opacity: 0; }
        h1:hover .anchor, h2:hover .anchor, h3:hover .anchor, .anchor:focus { opacity: 1; }
        .kicker { margin: 0; color: var(--accent); font-weight: 600; font-size: 0.9rem; }
        .lead { font-size: 1.12rem; color: var(--muted); }
        .badge { display: inline-block; font-size: 0.75rem; font-weight: 600; padding: 0 0.5em; border-radius: 999px; background: var(--none-bg); color: var(--none); vertical-align: middle; }
        .badge.pass { background: var(--pass-bg); color: var(--pass); }
        .badge.fail, .badge.error { background: var(--fail-bg); color: var(--fail); }
        .problems { background: var(--fail-bg); border-radius: 8px; padding: 0.5rem 1rem; }
        .problems h2 { margin: 0.3rem 0; font-size: 1rem; }
        .badge.stale { background: var(--warn-bg); color: var(--fg); }
        .recording { margin: 0.5rem 0 1rem; font-size: 0.9rem; color: var(--muted); }
        .stale-note { margin: 0.5rem 0 1rem; padding: 0.5rem 0.75rem; background: var(--warn-bg); border-left: 4px solid var(--accent); border-radius: 6px; font-size: 0.92rem; }
        .trace-note { margin-top: 2.5rem; padding: 0.75rem 1rem; background: var(--panel); border-radius: 8px; font-size: 0.9rem; color: var(--muted); }
        .tally { font-weight: 600; }
        .grade { padding: 0.5rem 0.75rem; border-radius: 6px; background: var(--none-bg); }
        .grade.pass { background: var(--pass-bg); } .grade.fail, .grade.error { background: var(--fail-bg); }
        .when { display: block; color: var(--muted); margin-top: 0.15rem; }
        blockquote { margin: 1rem 0; padding: 0.1rem 1rem; border-left: 3px solid var(--line); color: var(--muted); }
        table { border-collapse: collapse; }
        th, td { border: 1px solid var(--line); padding: 0.2rem 0.5rem; }
        main table:not(.timeline-table):not(.diff) { display: block; max-width: 100%; overflow-x: auto; }
        td code, th code { overflow-wrap: anywhere; }

        .code-wrap { position: relative; margin: 0.8rem 0; }
        pre { overflow-x: auto; line-height: 1.45; }
        pre.code, pre.out { margin: 0; padding: 0.75rem 1rem; background: var(--code-bg); border: 1px solid var(--line); border-radius: 8px; }
        main > pre, article > pre, li pre { background: var(--code-bg); border: 1px solid var(--line); border-radius: 8px; padding: 0.75rem 1rem; }
        .copy {
          display: block; margin: 0 0 0.2rem auto; font: inherit; font-size: 0.75rem; line-height: 1.4; padding: 0 0.5rem; cursor: pointer;
          color: var(--muted); background: var(--bg); border: 1px solid var(--line); border-radius: 5px;
        }
        .copy:hover { color: var(--fg); }
        .kw { color: var(--kw); } .ty { color: var(--ty); } .str { color: var(--str); } .esc { color: var(--num); }
        .com { color: var(--com); font-style: italic; } .num { color: var(--num); } .attr { color: var(--attr); } .dir { color: var(--kw); }
        pre .num { font-variant-numeric: normal; }

        .snippet { margin: 1.5rem 0; padding: 0.75rem 1rem 0.5rem; border: 1px solid var(--line); border-left: 4px solid var(--line); border-radius: 8px; }
        .snippet.status-pass { border-left-color: var(--pass); }
        .snippet.status-fail, .snippet.status-error { border-left-color: var(--fail); }
        .snippet-head { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: baseline; font-size: 0.9rem; }
        .snippet-name { font-weight: 600; color: var(--fg); text-decoration: none; }
        .mode { color: var(--muted); }
        details.prelude { border-style: dashed; }
        details.prelude summary { cursor: pointer; font-weight: 600; }
        .io { display: grid; grid-template-columns: 1fr 1fr; gap: 0.75rem; margin: 0.6rem 0; }
        .io-col { min-width: 0; }
        .io h4 { margin: 0 0 0.25rem; font-size: 0.8rem; font-weight: 600; color: var(--muted); }
        .io h4 small { font-weight: 400; }
        .io .muted { margin: 0; font-size: 0.85rem; }
        pre.out { font-size: 0.82rem; padding: 0.5rem 0.75rem; }
        .t { color: var(--muted); }
        .checks { list-style: none; padding: 0; margin: 0.5rem 0; font-size: 0.85rem; }
        .checks .icon { display: inline-block; width: 1.1em; font-weight: 700; }
        .checks .pass .icon { color: var(--pass); } .checks .fail .icon { color: var(--fail); }
        .checks .fail { color: var(--fail); }
        .run-error { background: var(--fail-bg); padding: 0.4rem 0.75rem; border-radius: 6px; }
        .diff { font-size: 0.8rem; margin: 0.5rem 0; width: 100%; }
        .diff caption { text-align: left; color: var(--muted); }
        .diff td { font-family: ui-monospace, Menlo, Consolas, monospace; white-space: pre-wrap; overflow-wrap: anywhere; }
        .diff .missing td { background: var(--fail-bg); } .diff .unexpected td { background: var(--warn-bg); } .diff .late td { background: var(--warn-bg); }
        .snippet-meta { font-size: 0.78rem; color: var(--muted); margin: 0.4rem 0 0.2rem; }

        .timeline-figure { margin: 0.6rem 0; }
        .timeline { display: block; width: 100%; height: auto; }
        .timeline-narrow { display: none; }
        .timeline .row { fill: var(--panel); }
        .timeline .band { fill: var(--band); stroke: var(--pass); stroke-width: 0.75; }
        .timeline .band-missing { fill: var(--band-miss); stroke: var(--fail); stroke-dasharray: 3 2; }
        .timeline .band-elapsed { fill: var(--band-end); stroke: var(--link); stroke-width: 0.75; stroke-dasharray: 4 2; }
        .timeline .axis { stroke: var(--muted); stroke-width: 1; }
        .timeline .tick { stroke: var(--line); stroke-width: 1; }
        .timeline text { font: 12px ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; fill: var(--fg); }
        .timeline .tick-label { fill: var(--muted); font-family: system-ui, "DejaVu Sans", sans-serif; }
        .timeline .end-label { fill: var(--muted); font-family: system-ui, "DejaVu Sans", sans-serif; }
        .timeline .row-label.missing { fill: var(--fail); }
        .timeline .lane-title { font: 600 13px system-ui, "DejaVu Sans", sans-serif; }
        .timeline .verdict { fill: var(--fail); font: 700 11px system-ui, "DejaVu Sans", sans-serif; }
        .timeline .end { stroke: var(--muted); stroke-width: 1; stroke-dasharray: 3 3; }
        .timeline .end-mark { fill: var(--fg); }
        .timeline .end-mark.off { fill: var(--fail); }
        .timeline .mark-out { fill: var(--out); }
        .timeline .mark-err { fill: var(--err); }
        .timeline .late, .timeline .early { stroke: var(--fail); stroke-width: 2.5; }
        .timeline .unexpected { stroke: var(--fail); stroke-width: 2.5; stroke-dasharray: 1.5 1; }
        figcaption { font-size: 0.8rem; color: var(--muted); }
        .key { display: inline-block; width: 0.7rem; height: 0.7rem; margin: 0 0.25rem 0 0.6rem; vertical-align: -1px; }
        .key-out { border-radius: 50%; background: var(--out); margin-left: 0; }
        .key-err { background: var(--err); }
        .key-band { background: var(--band); border: 1px solid var(--pass); }
        .key-elapsed { background: var(--band-end); border: 1px dashed var(--link); }
        .key-end { width: 0.25rem; background: var(--fg); }
        .key-off { border-radius: 50%; border: 2.5px solid var(--fail); }
        .key-item { white-space: nowrap; margin-right: 0.6rem; }
        .key-item .key { margin-left: 0; }
        .comparison { margin: 1.2rem 0; padding: 0.6rem 1rem; border: 1px solid var(--line); border-radius: 8px; }
        .comparison-title { margin: 0 0 0.3rem; font-size: 0.9rem; font-weight: 600; }
        details.timeline-text { font-size: 0.82rem; margin-top: 0.3rem; }
        details.timeline-text summary { cursor: pointer; color: var(--link); }
        .timeline-table { margin: 0.4rem 0; width: 100%; }
        .timeline-table th { text-align: left; font-weight: 600; }
        .timeline-table code { white-space: pre-wrap; word-break: break-word; }
        .timeline-table tr.off td:last-child { color: var(--fail); font-weight: 600; }
        .timeline-table tr.lane th { background: var(--panel); }
        .timeline-table tr.end td { border-top-width: 2px; }
        section.hints { margin: 1.5rem 0; padding: 0.5rem 1rem; background: var(--panel); border-radius: 8px; }
        section.hints summary { cursor: pointer; font-weight: 600; }
        section.hints details details { margin-top: 0.5rem; }

        .cards { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: 0.8rem; }
        .card { border: 1px solid var(--line); border-radius: 10px; padding: 0.75rem 1rem; }
        .card > a { font-weight: 600; text-decoration: none; }
        .card p { margin: 0.35rem 0 0; font-size: 0.9rem; }
        .card-status { font-size: 0.8rem; }
        .pager { display: flex; justify-content: space-between; gap: 1rem; margin-top: 3rem; padding-top: 1rem; border-top: 1px solid var(--line); }
        .pager a { display: block; max-width: 48%; text-decoration: none; }
        .pager a[rel="next"] { margin-left: auto; text-align: right; }
        .pager span { display: block; font-size: 0.8rem; color: var(--muted); }

        @media screen and (max-width: 860px) {
          body { font-size: 16px; }
          .layout { grid-template-columns: minmax(0, 1fr); grid-template-areas: "main" "side"; }
          main { padding: 1rem 1rem 2rem; }
          .sidebar { position: static; max-height: none; border-right: 0; border-top: 1px solid var(--line); }
          .io { grid-template-columns: minmax(0, 1fr); }
          .top { padding: 0.5rem 1rem; gap: 0.75rem; }
          .home { font-size: 0.95rem; }
          .search { flex: 1 1 7rem; }
          h1 { font-size: 1.6rem; }
        }
        @media screen and (max-width: 600px) {
          .timeline-wide { display: none; }
          .timeline-narrow { display: block; }
        }
        @media print {
          :root { --bg: #fff; --fg: #000; --panel: #fff; --code-bg: #fff; }
          @page { margin: 10mm 12mm; }
          body { font-size: 10pt; line-height: 1.35; }
          h1 { font-size: 18pt; margin: 0.2rem 0 0.3rem; }
          h2 { font-size: 13pt; margin: 1rem 0 0.3rem; }
          h3 { font-size: 11pt; margin: 0.8rem 0 0.2rem; }
          p { margin: 0.4rem 0; }
          .lead { font-size: 10.5pt; }
          .code-wrap { margin: 0.4rem 0; }
          .snippet-head { font-size: 9pt; }
          .timeline-wide { max-width: 36rem; }
          .top, .sidebar, .pager, .copy, .anchor, .skip, section.hints { display: none !important; }
          .layout { display: block; max-width: none; }
          main { max-width: none; padding: 0; }
          a { color: inherit; }
          pre { white-space: pre-wrap; overflow-wrap: anywhere; overflow: visible; }
          main table:not(.timeline-table):not(.diff) { overflow: visible; overflow-wrap: anywhere; }
          details::details-content { display: contents; content-visibility: visible; }
          details > summary { list-style: none; }
          details.prelude > summary .muted::after { content: ", shown in full"; }
          details.timeline-text > summary { display: none; }
          h1, h2, h3, .snippet-head { break-after: avoid; }
          svg.timeline, .io-col, tr, .checks li, .comparison-title { break-inside: avoid; }
          .comparison-title { break-after: avoid; }
          .snippet { padding: 0.4rem 0.6rem 0.3rem; margin: 0.8rem 0; }
          pre.code, pre.out { padding: 0.3rem 0.5rem; font-size: 8pt; line-height: 1.25; }
          .io h4 { margin: 0; }
          .timeline-wide { display: block !important; }
          .timeline-narrow { display: none !important; }
          .trace-note { display: none; }
          .checks { display: flex; flex-wrap: wrap; gap: 0 1rem; }
          .snippet.status-pass .checks, .snippet ~ .snippet figcaption { display: none; }
          .checks .fail { flex-basis: 100%; }
          .io { margin: 0.3rem 0; gap: 0.5rem; }
          details.timeline-text, .timeline-table { font-size: 8pt; margin: 0.2rem 0; }
          .timeline-table td, .timeline-table th { padding: 0 0.3rem; }
          figcaption, .snippet-meta { font-size: 8pt; }
        }
        """#
}
