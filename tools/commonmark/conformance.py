#!/usr/bin/env python3
"""CommonMark conformance harness.

Runs every example of a CommonMark (or GFM) spec through a markdown-to-HTML
renderer given as a shell command, normalises expected and actual HTML the way
the spec's own test/normalize.py does, and prints per-section pass counts and a
total line:

    commonmark: N/M passed (P%)

Two ways to drive a renderer (see README.md):

  --cmd 'CMD'     one process per example: markdown (UTF-8) on stdin,
                  HTML (UTF-8) on stdout.  Runs in parallel (-j).
  --batch 'CMD'   one process for many examples: a JSON array of markdown
                  strings on stdin, a JSON array of HTML strings (same length,
                  same order) on stdout.  If a batch fails (non-zero exit,
                  bad JSON, wrong length, timeout) its examples are retried
                  one per process, so one crashing input costs one example.

Examples:
  conformance.py --batch 'python3 my_renderer.py --batch'
  conformance.py --cmd 'cmark' --sections 'Tabs,Links'
  conformance.py --batch ./render --sections focus --failures 20
  conformance.py --spec gfm.json --batch ./render-gfm
"""
import argparse
import concurrent.futures
import difflib
import json
import os
import re
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from normalize_html import normalize_html  # noqa: E402

# The sections of the CommonMark spec that matter most to us; `--sections focus`
# expands to this list.  (Not included: Precedence, Link reference
# definitions, Inlines.)
FOCUS_SECTIONS = [
    "Tabs", "Thematic breaks", "ATX headings", "Setext headings",
    "Indented code blocks", "Fenced code blocks", "HTML blocks", "Paragraphs",
    "Blank lines", "Block quotes", "List items", "Lists", "Backslash escapes",
    "Entity and numeric character references", "Code spans",
    "Emphasis and strong emphasis", "Links", "Images", "Autolinks",
    "Raw HTML", "Hard line breaks", "Soft line breaks", "Textual content",
]


# ---------------------------------------------------------------------------
# loading and selecting examples

def load_examples(path):
    if path.endswith(".txt"):
        from extract_spec import parse_spec
        with open(path, "r", encoding="utf-8", newline="\n") as f:
            return parse_spec(f.read())
    with open(path, "r", encoding="utf-8") as f:
        return json.load(f)


def parse_ranges(spec):
    wanted = set()
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        if "-" in part:
            a, b = part.split("-", 1)
            wanted.update(range(int(a), int(b) + 1))
        else:
            wanted.add(int(part))
    return wanted


def select(examples, sections=None, pattern=None, numbers=None):
    all_sections = []
    for ex in examples:
        if ex["section"] not in all_sections:
            all_sections.append(ex["section"])
    chosen = examples
    if sections:
        names = []
        for item in sections:
            for name in item.split(","):
                name = name.strip()
                if not name:
                    continue
                if name.lower() == "focus":
                    names.extend(FOCUS_SECTIONS)
                else:
                    names.append(name)
        lookup = {s.lower(): s for s in all_sections}
        unknown = [n for n in names if n.lower() not in lookup]
        if unknown:
            sys.exit("unknown section(s): %s\nknown sections:\n  %s"
                     % (", ".join(unknown), "\n  ".join(all_sections)))
        keep = {lookup[n.lower()] for n in names}
        chosen = [ex for ex in chosen if ex["section"] in keep]
    if pattern:
        rx = re.compile(pattern, re.IGNORECASE)
        chosen = [ex for ex in chosen if rx.search(ex["section"])]
    if numbers:
        chosen = [ex for ex in chosen if ex["example"] in numbers]
    return chosen


# ---------------------------------------------------------------------------
# running the renderer

class Outcome:
    __slots__ = ("html", "error")

    def __init__(self, html=None, error=None):
        self.html = html
        self.error = error


def _run(cmd, data, timeout):
    """Run CMD through the shell with DATA (bytes) on stdin."""
    # Own session, so that on timeout the whole process group (the shell and
    # anything it started) can be killed and the pipes close.
    p = subprocess.Popen(cmd, shell=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = p.communicate(input=data, timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        p.communicate()
        return None, "timeout after %gs" % timeout
    if p.returncode != 0:
        lines = err.decode("utf-8", "replace").strip().splitlines()
        tail = (" | " + lines[-1][:200]) if lines else ""
        if p.returncode < 0:
            return None, "killed by signal %d%s" % (-p.returncode, tail)
        return None, "exit status %d%s" % (p.returncode, tail)
    return out, None


def run_per_example(cmd, examples, timeout, jobs):
    def one(ex):
        out, err = _run(cmd, ex["markdown"].encode("utf-8"), timeout)
        if err:
            return Outcome(error=err)
        try:
            return Outcome(html=out.decode("utf-8"))
        except UnicodeDecodeError as e:
            return Outcome(error="output is not UTF-8: %s" % e)

    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(one, examples))


def _run_batch(cmd, markdowns, timeout):
    data = json.dumps(markdowns, ensure_ascii=False).encode("utf-8")
    out, err = _run(cmd, data, timeout)
    if err:
        return None, err
    try:
        result = json.loads(out.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        return None, "bad JSON on stdout: %s" % e
    if not isinstance(result, list) or len(result) != len(markdowns):
        return None, "expected a JSON list of %d strings" % len(markdowns)
    return result, None


def run_batch(cmd, examples, timeout, batch_size, jobs, log):
    n = len(examples)
    size = batch_size or n or 1
    chunks = [list(range(i, min(i + size, n))) for i in range(0, n, size)]
    outcomes = [None] * n

    def do_chunk(idx):
        res, err = _run_batch(cmd, [examples[i]["markdown"] for i in idx], timeout)
        return idx, res, err

    failed = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, min(jobs, len(chunks)))) as pool:
        for idx, res, err in pool.map(do_chunk, chunks):
            if err is None:
                for i, h in zip(idx, res):
                    outcomes[i] = (Outcome(html=h) if isinstance(h, str)
                                   else Outcome(error="renderer returned %s" % type(h).__name__))
            else:
                log("batch of %d failed (%s); retrying one example per process"
                    % (len(idx), err))
                failed.extend(idx)

    if failed:
        def single(i):
            res, err = _run_batch(cmd, [examples[i]["markdown"]], timeout)
            if err:
                return i, Outcome(error=err)
            h = res[0]
            return i, (Outcome(html=h) if isinstance(h, str)
                       else Outcome(error="renderer returned %s" % type(h).__name__))

        with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
            for i, oc in pool.map(single, failed):
                outcomes[i] = oc
    return outcomes


# ---------------------------------------------------------------------------
# reporting

def label_for(spec_path):
    base = os.path.basename(spec_path).lower()
    return "gfm" if base.startswith("gfm") else "commonmark"


def pct(a, b):
    return 100.0 * a / b if b else 0.0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    how = ap.add_mutually_exclusive_group(required=True)
    how.add_argument("--cmd", metavar="CMD",
                     help="shell command: markdown on stdin -> HTML on stdout, one run per example")
    how.add_argument("--batch", metavar="CMD",
                     help="shell command: JSON list of markdown on stdin -> JSON list of HTML on stdout")
    ap.add_argument("--spec",
                    default=os.path.join(HERE, "..", "..", "Tests", "CommonMarkTests", "Fixtures", "spec.json"),
                    help="examples as JSON or a spec .txt "
                         "(default: Tests/CommonMarkTests/Fixtures/spec.json, the CommonMark 0.31.2 examples)")
    ap.add_argument("--sections", action="append", metavar="LIST",
                    help="comma-separated section names (case-insensitive; repeatable); "
                         "'focus' = the sections we care most about")
    ap.add_argument("--pattern", help="only sections matching this regex")
    ap.add_argument("--examples", metavar="RANGES", help="only these example numbers, e.g. '1-20,33'")
    ap.add_argument("--no-normalize", action="store_true", help="compare HTML byte for byte")
    ap.add_argument("--timeout", type=float, default=20.0,
                    help="seconds per process (per example, or per batch) (default 20)")
    ap.add_argument("--batch-size", type=int, default=0,
                    help="examples per batch process (default: all in one)")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 4,
                    help="parallel processes (default: CPU count)")
    ap.add_argument("--failures", type=int, nargs="?", const=10**9, default=0, metavar="N",
                    help="print details of the first N failing examples (all if N omitted)")
    ap.add_argument("--json-out", metavar="FILE",
                    help="write per-example results (status, expected, actual) as JSON")
    ap.add_argument("--compare", metavar="FILE",
                    help="a previous --json-out file: list examples that changed status")
    ap.add_argument("--label", help="name on the total line (default: commonmark, or gfm for gfm*.json)")
    ap.add_argument("--min-pass", type=float, metavar="PCT",
                    help="exit 1 if the pass rate is below PCT")
    ap.add_argument("-q", "--quiet", action="store_true", help="only print the total line(s)")
    args = ap.parse_args(argv)
    if hasattr(signal, "SIGPIPE"):  # let `... | head` end quietly
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)

    def log(msg):
        sys.stderr.write("conformance: %s\n" % msg)

    examples = load_examples(args.spec)
    numbers = parse_ranges(args.examples) if args.examples else None
    chosen = select(examples, args.sections, args.pattern, numbers)
    if not chosen:
        sys.exit("no examples selected")

    t0 = time.perf_counter()
    if args.cmd:
        outcomes = run_per_example(args.cmd, chosen, args.timeout, max(1, args.jobs))
    else:
        outcomes = run_batch(args.batch, chosen, args.timeout, args.batch_size,
                             max(1, args.jobs), log)
    elapsed = time.perf_counter() - t0

    # compare
    results = []
    for ex, oc in zip(chosen, outcomes):
        expected = ex["html"]
        if oc.error is not None:
            status, actual, exp_n, act_n = "error", None, None, None
        else:
            actual = oc.html
            if args.no_normalize:
                exp_n, act_n = expected, actual
            else:
                exp_n, act_n = normalize_html(expected), normalize_html(actual)
            status = "pass" if exp_n == act_n else "fail"
        results.append({
            "example": ex["example"], "section": ex["section"], "status": status,
            "markdown": ex["markdown"], "expected": expected, "actual": actual,
            "error": oc.error, "expected_normalized": exp_n, "actual_normalized": act_n,
        })

    # per-section table, in spec order
    order, stats = [], {}
    for r in results:
        s = r["section"]
        if s not in stats:
            order.append(s)
            stats[s] = [0, 0, 0]  # pass, total, error
        stats[s][1] += 1
        if r["status"] == "pass":
            stats[s][0] += 1
        elif r["status"] == "error":
            stats[s][2] += 1

    passed = sum(v[0] for v in stats.values())
    total = sum(v[1] for v in stats.values())
    errors = sum(v[2] for v in stats.values())
    label = args.label or label_for(args.spec)

    out = sys.stdout
    if not args.quiet:
        width = max(len("section"), max(len(s) for s in order))
        out.write("%-*s %6s %6s %7s\n" % (width, "section", "pass", "total", "%"))
        out.write("-" * (width + 22) + "\n")
        for s in order:
            p, t, e = stats[s]
            extra = "   (%d error%s)" % (e, "" if e == 1 else "s") if e else ""
            out.write("%-*s %6d %6d %6.1f%%%s\n" % (width, s, p, t, pct(p, t), extra))
        out.write("-" * (width + 22) + "\n")
        focus_set = set(FOCUS_SECTIONS)
        if label == "commonmark" and set(order) - focus_set:
            fp = sum(stats[s][0] for s in order if s in focus_set)
            ft = sum(stats[s][1] for s in order if s in focus_set)
            if ft:
                out.write("focus sections: %d/%d passed (%.1f%%)\n" % (fp, ft, pct(fp, ft)))
        if errors:
            out.write("errors (crash/timeout/bad output): %d\n" % errors)
            counts = {}
            for r in results:
                if r["status"] == "error":
                    counts[r["error"]] = counts.get(r["error"], 0) + 1
            for msg, c in sorted(counts.items(), key=lambda kv: -kv[1])[:3]:
                out.write("  %4d x %s\n" % (c, msg[:160]))
        out.write("renderer wall time: %.2fs for %d examples (%s mode, incl. process start-up)\n"
                  % (elapsed, total, "per-example" if args.cmd else "batch"))
    out.write("%s: %d/%d passed (%.1f%%)\n" % (label, passed, total, pct(passed, total)))

    if args.failures:
        shown = 0
        for r in results:
            if r["status"] == "pass":
                continue
            if shown >= args.failures:
                break
            shown += 1
            out.write("\n=== example %d (%s): %s\n" % (r["example"], r["section"], r["status"].upper()))
            out.write("--- markdown: %r\n" % r["markdown"])
            if r["status"] == "error":
                out.write("--- error: %s\n" % r["error"])
                continue
            diff = difflib.unified_diff(
                (r["expected_normalized"] + "\n").replace("><", ">\n<").splitlines(True),
                (r["actual_normalized"] + "\n").replace("><", ">\n<").splitlines(True),
                "expected (normalised)", "actual (normalised)", n=2)
            out.writelines(diff)

    if args.compare:
        with open(args.compare, encoding="utf-8") as f:
            prev = {r["example"]: r["status"] for r in json.load(f)["results"]}
        fixed = [r["example"] for r in results if r["status"] == "pass" and prev.get(r["example"]) not in (None, "pass")]
        broke = [r["example"] for r in results if r["status"] != "pass" and prev.get(r["example"]) == "pass"]
        out.write("\ncompared with %s: %d newly passing %s, %d newly failing %s\n"
                  % (args.compare, len(fixed), fixed[:50], len(broke), broke[:50]))

    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as f:
            json.dump({
                "spec": os.path.abspath(args.spec),
                "command": args.cmd or args.batch,
                "mode": "per-example" if args.cmd else "batch",
                "passed": passed, "total": total, "errors": errors,
                "sections": {s: {"passed": stats[s][0], "total": stats[s][1], "errors": stats[s][2]}
                             for s in order},
                "results": results,
            }, f, ensure_ascii=False, indent=1)

    if args.min_pass is not None and pct(passed, total) < args.min_pass:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
