/// Where a process's threads were while it lingered: still alive a second after its last
/// output line, or stopped at its timeout. Sampled once by the runner, so a program that
/// "does not exit" says what it was waiting for.
package struct Lingered: Sendable, Codable, Hashable {
    /// Seconds from its last output line (or its start, when it printed nothing) to its exit
    /// or its stop.
    package var seconds: Double
    /// Every thread of the process when it was sampled.
    package var threads: [LingeringThread]

    package init(seconds: Double, threads: [LingeringThread]) {
        self.seconds = seconds
        self.threads = threads
    }
}

/// One thread of a lingering process, as far as the machine let the runner see it.
package struct LingeringThread: Sendable, Codable, Hashable {
    /// The thread's id.
    package var id: Int32
    /// Its name (`/proc/PID/task/TID/comm`).
    package var name: String
    /// Its scheduler state: `R` running, `S` sleeping, `D` in the kernel, `T` stopped…
    package var state: String
    /// The system call it was in (`nanosleep`, `futex`…), or nil when in none or unknown.
    package var syscall: String?
    /// The kernel function it waited in (`/proc/…/wchan`), when the kernel says.
    package var wchan: String?
    /// Its stack, innermost frame first (function names, with the library when known);
    /// empty where the machine shows none.
    package var stack: [String]

    package init(id: Int32, name: String, state: String, syscall: String?, wchan: String?, stack: [String]) {
        self.id = id
        self.name = name
        self.state = state
        self.syscall = syscall
        self.wchan = wchan
        self.stack = stack
    }

    /// The first user frame of its stack that is not in the C library, the Swift runtime or
    /// a system call wrapper: the code that made the call (nil without user frames).
    package var caller: String? {
        let plumbing = [
            "libc.so", "libpthread", "ld-linux", "libswiftCore", "libswift_Concurrency", "libdispatch",
            "libFoundation", "__GI_", "__libc", "syscall", "nanosleep", "usleep", "sleep", "pthread_cond",
            "futex", "epoll", "poll",
        ]
        return stack.first { frame in !frame.hasPrefix("[kernel]") && !plumbing.contains { frame.contains($0) } }
    }

    /// What the thread was doing, in a few words: "in nanosleep", "running".
    package var activity: String {
        if let syscall { return "in \(syscall)" }
        if state == "R" { return "running" }
        if let wchan, wchan != "0" { return "waiting in \(wchan)" }
        return "in state \(state)"
    }
}

extension Lingered {
    /// One short paragraph: "exited 2.5 s after its last line; 1 thread was in nanosleep,
    /// called from main.swift’s main". `stopped` when the runner stopped it at its timeout.
    package func summary(stopped: Bool) -> String {
        let head =
            stopped
            ? "was stopped at its timeout, \(formatSeconds(seconds)) after its last line"
            : "exited \(formatSeconds(seconds)) after its last line"
        return summary(head: head)
    }

    /// The same for a graded answer still running 1 s after its judge's verdict: "your code
    /// kept running 3.1 s after the check's verdict; 1 thread was …".
    package var answerSummary: String {
        summary(head: "your code kept running \(formatSeconds(seconds)) after the check's verdict")
    }

    private func summary(head: String) -> String {
        var groups: [(activity: String, caller: String?, count: Int)] = []
        for thread in threads {
            if let index = groups.firstIndex(where: { $0.activity == thread.activity && $0.caller == thread.caller }) {
                groups[index].count += 1
            } else {
                groups.append((thread.activity, thread.caller, 1))
            }
        }
        let parts = groups.map { group in
            let who = group.count == 1 ? "1 thread was" : "\(group.count) threads were"
            return "\(who) \(group.activity)" + (group.caller.map { ", called from \($0)" } ?? "")
        }
        return parts.isEmpty ? head : "\(head); " + parts.joined(separator: "; ")
    }
}
