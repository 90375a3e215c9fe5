#!/usr/bin/env python3
"""Grades a quiz's starter, its solution and every fixture answer of the quiz, first once on
the machine as it is ("quiet"), then TIMES times each beside BUSY processes that spin
(`yes >/dev/null`), and counts how often each answer's verdict (the set of checks it fails)
differs from its quiet verdict and from the verdict its fixture declares.

    scripts/bench-verdicts.py [--quiz 06] [--times 10] [--busy 2] [--binary PATH]
                              [--answers FILE...]

Prints one line per answer (quiet verdict, busy runs equal to it, checks set aside, median
grade time) and a total. Exits 1 when any busy verdict differs from the quiet one.
"""
import argparse
import glob
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def grade(binary, quiz, answer, cwd):
    started = time.monotonic()
    run = subprocess.run([binary, "grade", quiz, answer, "--json"], cwd=cwd, capture_output=True, text=True)
    seconds = time.monotonic() - started
    try:
        report = json.loads(run.stdout)
    except ValueError:
        return ("error: " + (run.stderr.strip().splitlines() or ["no output"])[-1],), 0, seconds
    failing = tuple(sorted(t["name"] for t in report.get("tests", []) if t["status"] != "pass"))
    asides = sum((t.get("message") or "").count("set aside a run") for t in report.get("tests", []))
    if report.get("status") == "error":
        failing = ("error",) + failing
    return failing, asides, seconds


def declared(path):
    with open(path) as f:
        for line in f:
            match = re.match(r"//\s*expect failing:(.*)", line)
            if match:
                names = [n.strip() for n in match.group(1).split(";") if n.strip()]
                return () if names == ["none"] else tuple(sorted(names))
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quiz", default="06")
    parser.add_argument("--times", type=int, default=10)
    parser.add_argument("--busy", type=int, default=2)
    parser.add_argument("--binary", default=None)
    parser.add_argument("--answers", nargs="*", default=None)
    options = parser.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    built = options.binary or os.path.join(
        subprocess.run(["swift", "build", "--show-bin-path"], cwd=root, capture_output=True, text=True,
                       check=True).stdout.strip(), "lesson")
    # A copy, so that a build meanwhile does not change the program under test.
    scratch = tempfile.mkdtemp(prefix="lesson-verdicts-")
    binary = os.path.join(scratch, "lesson")
    shutil.copy2(built, binary)
    quiz_dir = glob.glob(os.path.join(root, "Quizzes", options.quiz + "-*"))[0]
    answers = [os.path.abspath(a) for a in options.answers] if options.answers else (
        [os.path.join(quiz_dir, "Starter.swift"), os.path.join(quiz_dir, "Solution.swift")]
        + sorted(glob.glob(os.path.join(root, "Tests/LessonRunnerTests/Fixtures/Quizzes", options.quiz, "*.swift"))))
    print(f"quiz {options.quiz}: {len(answers)} answers, {options.times} busy grades each beside "
          f"{options.busy} × `yes >/dev/null`; load before: {os.getloadavg()[0]:.1f}")
    quiet = {}
    for answer in answers:
        quiet[answer] = grade(binary, options.quiz, answer, root)
    busy = [subprocess.Popen(["yes"], stdout=subprocess.DEVNULL) for _ in range(options.busy)]
    differing = 0
    total = 0
    try:
        for answer in answers:
            name = os.path.relpath(answer, root)
            reference, quiet_asides, _ = quiet[answer]
            expected = declared(answer)
            if answer.endswith("Solution.swift"):
                expected = ()
            same = 0
            asides = 0
            times = []
            others = []
            for _ in range(options.times):
                failing, aside, seconds = grade(binary, options.quiz, answer, root)
                total += 1
                asides += aside
                times.append(seconds)
                if failing == reference:
                    same += 1
                else:
                    others.append(failing)
            differing += options.times - same
            note = "" if expected is None or expected == reference else f"  (quiet differs from declared {list(expected)})"
            print(f"{name}: quiet fails {len(reference)} {list(reference)} (set aside {quiet_asides}); "
                  f"busy equal {same}/{options.times}; "
                  f"set aside {asides}; median {statistics.median(times):.1f} s; load {os.getloadavg()[0]:.1f}{note}")
            for other in others:
                print(f"    busy verdict: {list(other)}")
            sys.stdout.flush()
    finally:
        for process in busy:
            process.kill()
            process.wait()
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"total: {total - differing}/{total} busy verdicts equal to the quiet ones")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
