#!/usr/bin/env python3
"""Interrupts `lesson run LESSON` at TRIES moments spread evenly over the first WINDOW
seconds after it starts, and counts how each try ended.

    scripts/interrupt-bench.py [--lesson 04] [--tries 200] [--window 0.2] [--binary PATH]

A try is fine when `lesson` exits with 130, or is ended by SIGINT itself (the signal came
before `lesson` had started anything), AND no process of that try is left and no unfinished
cache entry (`tmp-*`) remains. A try that has not ended 10 s after the SIGINT is a lost
interrupt. Every try's processes are told apart by an environment entry of their own,
which every process a run starts inherits unless it clears its environment; the runner's
containment ends those too, which the `sleep` leftovers of Tests/…/interrupt.md check.
"""
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


def main():
    parser = argparse.ArgumentParser()
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
    # Warm the cache once, so the tries interrupt running snippets, not only the compiler.
    subprocess.run([binary, "run", options.lesson], cwd=root, env=environment,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    delays = [options.window * (i + 0.5) / options.tries for i in range(options.tries)]
    random.Random(19).shuffle(delays)
    outcomes = {"exit 130": 0, "ended by SIGINT before start": 0, "other exit": 0, "lost": 0}
    leftovers = 0
    scratch = 0
    for index, delay in enumerate(delays):
        marker = f"LESSON_INTERRUPT_TRY={os.getpid()}-{index}"
        env = dict(environment, LESSON_INTERRUPT_TRY=marker.split("=", 1)[1])
        child = subprocess.Popen([binary, "run", options.lesson], cwd=root, env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        child.send_signal(signal.SIGINT)
        try:
            status = child.wait(timeout=10)
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
        left = processes_with(marker.encode())
        if left:
            leftovers += len(left)
            print(f"try {index}: processes left: {left}", file=sys.stderr)
            for pid in left:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
        cache = os.path.join(state, "cache")
        unfinished = [n for n in os.listdir(cache) if n.startswith("tmp-")] if os.path.isdir(cache) else []
        scratch += len(unfinished)
    print(f"lesson run {options.lesson}, {options.tries} tries, SIGINT spread over the first "
          f"{options.window * 1000:.0f} ms:")
    for name, count in outcomes.items():
        print(f"  {name}: {count}")
    print(f"  processes left behind: {leftovers}")
    print(f"  unfinished cache entries: {scratch}")
    bad = outcomes["lost"] + outcomes["other exit"] + leftovers + scratch
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
