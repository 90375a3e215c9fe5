// Starting a child that is confined between fork and exec: its own process group, default
// signal handling, a planned set of descriptors, a working directory, an unprivileged user
// and a seccomp filter. Only async-signal-safe calls run in the child before it executes.
#ifndef CLESSON_SPAWN_H
#define CLESSON_SPAWN_H

#include <sys/types.h>

/// What `clesson_spawn_confined` starts, and how the child is confined.
struct clesson_spawn_request {
    /// Path of the program. It is opened before the child drops its privileges, so a user
    /// who cannot reach its directory can still run it (the file itself must be executable
    /// by that user).
    const char *executable;
    /// NULL-terminated argument vector, program name first.
    char *const *argv;
    /// NULL-terminated environment, `NAME=value` each.
    char *const *envp;
    /// `count` pairs: descriptor `sources[i]` of the caller becomes `targets[i]` in the
    /// child. Every other descriptor is closed in the child. At most 64 pairs.
    const int *targets;
    const int *sources;
    int count;
    /// The child's working directory, entered before privileges are dropped; NULL keeps it.
    const char *directory;
    /// When both are >= 0, the child drops every supplementary group and runs as this group
    /// and user (needs the caller to be root).
    long long uid;
    long long gid;
    /// When non-zero, the child sets `PR_SET_NO_NEW_PRIVS`, installs the filter of
    /// `clesson_sandbox_install` and writes no core file.
    int sandbox;
    /// With `sandbox`: non-zero lets the child start processes of its own; zero makes every
    /// `fork`, `vfork` and process-creating `clone` fail (threads still start).
    int allow_processes;
    /// With `sandbox`, when > 0: the child's address space (`RLIMIT_AS`) and largest file
    /// (`RLIMIT_FSIZE`), in bytes.
    long long memory_limit;
    long long file_size_limit;
    /// With `sandbox`, when non-zero: a world of its own (`clesson_private_world`). A child
    /// that cannot get one is not started (stage `CLESSON_STAGE_PRIVATE`).
    int private_world;
    /// With `uid` >= 0 and non-zero: the child runs as user and group `uid + its pid` (and
    /// `gid + its pid`), a user no other living process has.
    int user_per_process;
    /// With `sandbox`, when > 0: the most threads (and processes) the child's user may have
    /// at once (`RLIMIT_NPROC`, counted for a user only the child has).
    long long thread_limit;
    /// With `private_world`, when non-zero: the loopback interface of the child's network
    /// namespace is brought up, so it may serve and connect on 127.0.0.1 and ::1 of its own
    /// (nothing outside the namespace is reachable either way).
    int loopback;
    /// With `private_world`, when `view_count` > 0: the child's root becomes a fresh tmpfs
    /// (`clesson_system_view`) that holds only these absolute paths of the machine, read-only
    /// (a directory bound with what is below it, a file bound alone, a symbolic link copied
    /// as a link), plus its own `/tmp`, `/dev/shm`, a `/proc` that shows only its own user's
    /// processes, and `directory`. Paths that do not exist are skipped.
    char *const *view_paths;
    int view_count;
    /// `cgroup_count` control files (`cgroup.procs`) the child writes its own pid to first,
    /// before anything else, while it is still root: it and everything it starts are then
    /// counted and limited there. A child that cannot join is not started
    /// (stage `CLESSON_STAGE_CGROUP`).
    char *const *cgroups;
    int cgroup_count;
};

/// Where a confined start failed, as reported in `*stage` by `clesson_spawn_confined`.
enum clesson_spawn_stage {
    CLESSON_STAGE_NONE = 0,
    CLESSON_STAGE_PREPARE = 1,
    CLESSON_STAGE_OPEN = 2,
    CLESSON_STAGE_FORK = 3,
    CLESSON_STAGE_DESCRIPTORS = 4,
    CLESSON_STAGE_DIRECTORY = 5,
    CLESSON_STAGE_USER = 6,
    CLESSON_STAGE_SANDBOX = 7,
    CLESSON_STAGE_EXEC = 8,
    CLESSON_STAGE_LIMITS = 9,
    CLESSON_STAGE_PRIVATE = 10,
    CLESSON_STAGE_CGROUP = 11,
    CLESSON_STAGE_VIEW = 12,
};

/// Forks a child that leads a process group of its own (with `sandbox`, a session of its
/// own, so it has no controlling terminal), resets every signal to its default
/// with an empty mask, arranges its descriptors, enters `directory`, drops to `uid`/`gid`,
/// installs the sandbox and executes the program. Returns 0 and the child's pid, or an
/// errno value with `*stage` saying which step failed (the child, if any, is reaped).
int clesson_spawn_confined(const struct clesson_spawn_request *request, pid_t *pid, int *stage);

/// Installs, on the calling thread, `PR_SET_NO_NEW_PRIVS` and a seccomp filter under which:
/// - `ptrace`, `process_vm_readv`, `process_vm_writev`, `pidfd_send_signal`, `pidfd_getfd`,
///   `process_madvise` and `kcmp` fail with EPERM;
/// - `kill`, `tkill`, `tgkill`, `rt_sigqueueinfo`, `rt_tgsigqueueinfo` and `pidfd_open`
///   fail with EPERM unless aimed at `self` (`kill` may also name its own group, `0` or
///   `-self`);
/// - `prlimit64`, `migrate_pages` and `move_pages` work only on `0` or `self`;
/// - `ioctl` with TIOCSTI fails; `setpgid` may only create a group or join `self`'s;
/// - every system call of another architecture (x32, i386) fails;
/// - `unshare` and `setns` fail with EPERM, and so does a `clone` that makes a namespace;
///   `clone3` fails with ENOSYS (its flags sit in memory the filter cannot read), so the C
///   library falls back to `clone`;
/// - unless `allow_processes`: `fork` and `vfork` fail with EPERM, and `clone` fails with
///   EPERM unless it makes a thread (`CLONE_THREAD`).
/// Returns 0 or an errno value (ENOSYS where the system has no seccomp filters).
int clesson_sandbox_install(pid_t self, int allow_processes);

/// Gives the calling (single-threaded) process a world of its own, before it drops its
/// privileges: new mount, IPC and network namespaces (and, when it is not root, a user
/// namespace in which it keeps its own user and group), every mount read-only, a fresh
/// tmpfs on /tmp, /var/tmp, /dev/shm and /run/lock (where they exist), and `directory` an
/// empty tmpfs directory of its own owned by `uid`/`gid`. Nothing it writes outlives it, and
/// no other process sees it: the namespaces end with the process. 0 or an errno value.
int clesson_private_world(const char *directory, long long uid, long long gid);

/// Brings up the loopback interface (`lo`) of the calling process's network namespace.
/// 0 or an errno value.
int clesson_loopback_up(void);

/// Gives the calling process, already in a mount namespace of its own
/// (`clesson_private_world`), a root of its own: a fresh tmpfs holding the `count` paths of
/// `paths` bound read-only, its own `/tmp` and `/dev/shm`, a `/proc` that hides other users'
/// processes (`hidepid`), and `directory` (an empty directory owned by `uid`/`gid`), then
/// `pivot_root`s into it and detaches the old root, so nothing else of the machine can be
/// named. 0 or an errno value.
int clesson_system_view(char *const *paths, int count, const char *directory, long long uid, long long gid);

/// 1 when `clesson_sandbox_install` can work on this system, 0 when it cannot.
int clesson_sandbox_supported(void);

/// Makes this process non-dumpable (`PR_SET_DUMPABLE` 0): processes of the same user can no
/// longer trace it or read its memory. Returns 0, or -1 where the system has no such notion.
int clesson_set_nondumpable(void);

/// 1 while this process is dumpable (`PR_GET_DUMPABLE`), 0 once it is not.
int clesson_is_dumpable(void);

#endif
