import Foundation
import Glibc
import LessonCore

/// Samples where a process's threads are, without stopping it unless asked: from
/// `/proc/PID/task/TID/{comm,stat,syscall,wchan,stack}`, and with `stacks`, the user stacks
/// of `eu-stack -p` (elfutils; it stops the process for the moment it reads it) when it is
/// installed. Whatever the machine refuses is left out.
enum LingerSample {
    /// True while `pid` exists and has not ended (a zombie has).
    static func isRunning(_ pid: pid_t) -> Bool {
        guard let state = ProcFS.read("/proc/\(pid)/stat").flatMap(ProcFS.state(inStat:)) else { return false }
        return state != "Z" && state != "X"
    }

    /// The threads of `pid` now; `stacks` adds user stacks (only for a process about to be
    /// stopped: reading them pauses it).
    static func threads(of pid: pid_t, stacks: Bool) -> [LingeringThread] {
        let tasks = ProcFS.threads(of: pid) ?? []
        let user = stacks ? userStacks(of: pid) : [:]
        return tasks.map { tid in
            let base = "/proc/\(pid)/task/\(tid)"
            let name = (ProcFS.read("\(base)/comm") ?? "?").trimmingCharacters(in: .whitespacesAndNewlines)
            let state = ProcFS.read("\(base)/stat").flatMap(ProcFS.state(inStat:)).map(String.init) ?? "?"
            let call = ProcFS.read("\(base)/syscall")?.split(separator: " ").first.flatMap { Int($0) }
            let wchan = ProcFS.read("\(base)/wchan").map {
                $0.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let kernel = (ProcFS.read("\(base)/stack") ?? "").split(separator: "\n").compactMap { line in
                line.split(separator: " ").dropFirst().first.map { "[kernel] " + $0.split(separator: "+")[0] }
            }
            return LingeringThread(
                id: tid, name: name, state: state, syscall: call.flatMap { $0 >= 0 ? syscallName($0) : nil },
                wchan: wchan.flatMap { $0.isEmpty || $0 == "0" ? nil : $0 }, stack: (user[tid] ?? []) + kernel)
        }
    }

    /// `eu-stack -p PID`: each thread's frames, innermost first, as `symbol (library)`.
    private static func userStacks(of pid: pid_t) -> [Int32: [String]] {
        guard
            let tool = ["/usr/bin/eu-stack", "/usr/local/bin/eu-stack"].first(where: {
                FileManager.default.isExecutableFile(atPath: $0)
            })
        else { return [:] }
        var process = Subprocess(executable: tool, arguments: ["-m", "-p", "\(pid)"])
        process.standardOutput = .pipe
        process.timeout = 5
        guard let result = try? process.runBlocking() else { return [:] }
        var stacks: [Int32: [String]] = [:]
        var current: Int32? = nil
        for line in result.lines(of: .stdout).map(\.text) {
            if line.hasPrefix("TID "), let tid = Int32(line.dropFirst(4).prefix { $0.isNumber }) {
                current = tid
            } else if let tid = current, line.hasPrefix("#") {
                // "#0  0x00007f… clock_nanosleep - /usr/lib/…/libc.so.6"
                let fields = line.split(separator: " ", omittingEmptySubsequences: true)
                guard fields.count >= 3 else { continue }
                let rest = fields.dropFirst(2).joined(separator: " ")
                let parts = rest.components(separatedBy: " - ")
                let library =
                    parts.count > 1 ? " (" + (parts[1].split(separator: "/").last.map(String.init) ?? "") + ")" : ""
                stacks[tid, default: []].append(parts[0] + library)
            }
        }
        return stacks
    }

    /// The name of an x86_64 system call a waiting thread is commonly in; the number otherwise.
    static func syscallName(_ number: Int) -> String {
        #if arch(x86_64)
            let names = [
                0: "read", 1: "write", 7: "poll", 23: "select", 34: "pause", 35: "nanosleep", 43: "accept",
                45: "recvfrom", 47: "recvmsg", 61: "wait4", 128: "rt_sigtimedwait", 130: "rt_sigsuspend",
                202: "futex", 230: "clock_nanosleep", 232: "epoll_wait", 247: "waitid", 270: "pselect6", 271: "ppoll",
                281: "epoll_pwait", 288: "accept4", 441: "epoll_pwait2",
            ]
            return names[number] ?? "system call \(number)"
        #else
            return "system call \(number)"
        #endif
    }
}
