import CLessonPlatform
import Glibc

/// The runner's side of one child's supervisor (see `Containment`): it hears the child's exit,
/// signals the child, and reaps the supervisor once every process of the run has ended.
struct Supervisor {
    /// The supervisor, a child of this process.
    let pid: pid_t
    /// The supervised child as this process sees it, when known.
    let child: pid_t?
    /// Where the supervisor says that the child exited; nil once closed.
    private(set) var events: Int32?
    /// The child's raw wait status once heard.
    private var status: Int32?
    private var pending: [UInt8] = []
    /// The CPU seconds the supervisor and every process of the run it reaped took (user and
    /// system), known once `end` has reaped the supervisor.
    private(set) var cpu: Double?

    init(_ spawned: Platform.Spawned) {
        pid = spawned.supervisor
        child = spawned.child
        events = spawned.events
        _ = fcntl(spawned.events, F_SETFL, fcntl(spawned.events, F_GETFL) | O_NONBLOCK)
    }

    /// The child's raw wait status once it has exited, nil while it runs. A supervisor that
    /// ended without saying (killed from outside) reports the child as killed.
    mutating func exitStatus() -> Int32? {
        if let status { return status }
        guard let events else { return SIGKILL }
        var buffer = [UInt8](repeating: 0, count: 64)
        while status == nil {
            let count = buffer.withUnsafeMutableBytes { read(events, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count < 0 { return nil }
            if count == 0 {
                status = SIGKILL
                break
            }
            pending.append(contentsOf: buffer[0..<count])
            while pending.count >= 8 {
                let kind = pending[0..<4].withUnsafeBytes { $0.loadUnaligned(as: Int32.self) }
                let value = pending[4..<8].withUnsafeBytes { $0.loadUnaligned(as: Int32.self) }
                pending.removeFirst(8)
                if kind == Int32(CLESSON_EVENT_EXITED.rawValue) { status = value }
            }
        }
        return status
    }

    /// Sends `signal` to the child's process group (and to the child, should it have left
    /// the group). Without a known child, asks the supervisor to end the run.
    func signal(_ signal: Int32) {
        guard let child else {
            kill(pid, SIGTERM)
            return
        }
        kill(-child, signal)
        kill(child, signal)
    }

    /// Ends the run: unless the child's exit was heard, asks the supervisor to end it; then
    /// waits until the supervisor has killed and reaped every process of the run, and reaps it.
    mutating func end() {
        guard let events else { return }
        if status == nil { kill(pid, SIGTERM) }
        var raw: Int32 = 0
        var usage = rusage()
        var reaped: pid_t = -1
        repeat { reaped = wait4(pid, &raw, 0, &usage) } while reaped < 0 && errno == EINTR
        // The usage of a reaped child includes the children it reaped: the whole run.
        if reaped == pid {
            cpu = Self.seconds(usage.ru_utime) + Self.seconds(usage.ru_stime)
        }
        _ = Platform.close(events)
        self.events = nil
        if status == nil { status = SIGKILL }
        ProcessRegistry.shared.remove(pid)
    }

    private static func seconds(_ time: timeval) -> Double {
        Double(time.tv_sec) + Double(time.tv_usec) / 1e6
    }
}
