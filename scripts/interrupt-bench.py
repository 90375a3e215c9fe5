#!/usr/bin/env python3
"""Interrupts a `lesson` command at TRIES moments spread evenly over the first WINDOW
seconds after it starts, and counts how each try ended.

    scripts/interrupt-bench.py [--command run|grade|site] [--lesson 04] [--tries 200]
                               [--window 0.2] [--binary PATH]

The commands: `lesson run LESSON`, `lesson grade LESSON Quizzes/LESSON-*/Solution.swift`
(LESSON is then the quiz), `lesson site --out DIR`. A try is fine when `lesson` exits with
130, or is ended by SIGINT itself (the signal came before `lesson` had started anything),
AND no process of that try is left, no unfinished cache entry (`tmp-*`) remains and, for
`site`, no half-written page (a file left beside the pages while writing, or a page that
does not end with `</html>`). A try that has not ended 10 s after the SIGINT is a lost
interrupt. Every try's processes are told apart by an environment entry of their own,
which every process a run starts inherits unless it clears its environment (a graded
answer's is cleared: those are found by their program, which lies in the state folder's
cache); the runner's containment ends those too.
"""
import glob
import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time


def processes_with(entry):
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/environ", "rb") as f:
                if entry in f.read().split(b"\0"):
                    found.append(int(name))
        except OSError:
            pass
    return found


def describe(pid):
    """A process as `pid ppid state command`."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            command = f.read().replace(b"\0", b" ").decode(errors="replace").strip()
        return f"{pid} ppid {fields[1]} {fields[0]} {command[:120]}"
    except OSError:
        return f"{pid} (gone)"


def programs_in(folder):
    """The processes whose program lies in `folder` (built snippets, answers and judges)."""
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            if os.readlink(f"/proc/{name}/exe").startswith(folder + "/"):
                found.append(int(name))
        except OSError:
            pass
    return found


def half_written_pages(folder):
    """Files of a site folder that an interrupted write left: anything but a finished page or
    asset (a temporary file of an atomic write), and pages that stop before `</html>`."""
    torn = []
    for path in glob.glob(os.path.join(folder, "**", "*"), recursive=True) + glob.glob(
            os.path.join(folder, "**", ".*"), recursive=True):
        name = os.path.basename(path)
        if os.path.isdir(path):
            continue
        if name.startswith(".") or "tmp" in name.lower():
            torn.append(path)
        elif name.endswith(".html"):
            with open(path, "rb") as f:
                if not f.read().rstrip().endswith(b"</html>"):
                    torn.append(path)
    return torn


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--command", default="run", choices=["run", "grade", "site"])
    parser.add_argument("--lesson", default="04")
    parser.add_argument("--tries", type=int, default=200)
    parser.add_argument("--window", type=float, default=0.2)
    parser.add_argument("--binary", default=None)
    options = parser.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    binary = options.binary or os.path.join(
        subprocess.run(["swift", "build", "--show-bin-path"], cwd=root, capture_output=True, text=True,
                       check=True).stdout.strip(), "lesson")
    state = tempfile.mkdtemp(prefix="lesson-interrupt-")
    environment = dict(os.environ, LESSON_STATE_DIR=state)
    site = os.path.join(state, "site")
    if options.command == "run":
        command = [binary, "run", options.lesson]
    elif options.command == "grade":
        command = [binary, "grade", options.lesson,
                   glob.glob(os.path.join(root, "Quizzes", options.lesson + "-*", "Solution.swift"))[0]]
    else:
        command = [binary, "site", "--out", site]
    # Warm the cache once, so the tries interrupt running snippets, not only the compiler.
    subprocess.run(command, cwd=root, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    half_written = 0
    delays = [options.window * (i + 0.5) / options.tries for i in range(options.tries)]
    random.Random(19).shuffle(delays)
    outcomes = {"exit 130": 0, "ended by SIGINT before start": 0, "other exit": 0, "lost": 0}
    leftovers = 0
    scratch = 0
    for index, delay in enumerate(delays):
        marker = f"LESSON_INTERRUPT_TRY={os.getpid()}-{index}"
        env = dict(environment, LESSON_INTERRUPT_TRY=marker.split("=", 1)[1])
        # As from an interactive shell: SIGINT not ignored (a shell starts a background job,
        # and so this script when run with `&`, with SIGINT ignored, which `lesson` inherits
        # until its first statement: an interrupt before that would be dropped).
        child = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL,
                                 preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        time.sleep(delay)
        child.send_signal(signal.SIGINT)
        status_text = "?"
        try:
            status = child.wait(timeout=10)
            status_text = str(status)
            if status == 130:
                outcomes["exit 130"] += 1
            elif status == -signal.SIGINT:
                outcomes["ended by SIGINT before start"] += 1
            else:
                outcomes["other exit"] += 1
                print(f"try {index} (SIGINT at {delay * 1000:.0f} ms): exit {status}", file=sys.stderr)
        except subprocess.TimeoutExpired:
            outcomes["lost"] += 1
            print(f"try {index} (SIGINT at {delay * 1000:.0f} ms): still running 10 s later; its threads:",
                  file=sys.stderr)
            # Where it is stuck: each thread's name and kernel wait, and the stacks when
            # eu-stack (elfutils) is installed.
            tasks = f"/proc/{child.pid}/task"
            for task in sorted(os.listdir(tasks)) if os.path.isdir(tasks) else []:
                try:
                    with open(f"{tasks}/{task}/comm") as comm, open(f"{tasks}/{task}/wchan") as wchan:
                        print(f"  {task} {comm.read().strip()} {wchan.read().strip()}", file=sys.stderr)
                except OSError:
                    pass
            try:
                stacks = subprocess.run(["eu-stack", "-p", str(child.pid)], capture_output=True, text=True,
                                        timeout=20)
                print(stacks.stdout, file=sys.stderr)
            except (OSError, subprocess.TimeoutExpired):
                pass
            child.kill()
            child.wait()
        left = sorted(set(processes_with(marker.encode())) | set(programs_in(state)))
        if left:
            leftovers += len(left)
            print(f"try {index} (SIGINT at {delay * 1000:.0f} ms, ended {status_text}): processes left: "
                  f"{[describe(pid) for pid in left]}", file=sys.stderr)
            for pid in left:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
        cache = os.path.join(state, "cache")
        unfinished = [n for n in os.listdir(cache) if n.startswith("tmp-")] if os.path.isdir(cache) else []
        scratch += len(unfinished)
        if options.command == "site":
            torn = half_written_pages(site)
            if torn:
                half_written += len(torn)
                print(f"try {index}: half-written: {torn}", file=sys.stderr)
    print(f"{' '.join(['lesson'] + command[1:])}, {options.tries} tries, SIGINT spread over the first "
          f"{options.window * 1000:.0f} ms:")
    for name, count in outcomes.items():
        print(f"  {name}: {count}")
    print(f"  processes left behind: {leftovers}")
    print(f"  unfinished cache entries: {scratch}")
    if options.command == "site":
        print(f"  half-written pages: {half_written}")
    bad = outcomes["lost"] + outcomes["other exit"] + leftovers + scratch + half_written
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
