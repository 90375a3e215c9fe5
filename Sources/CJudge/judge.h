// What a quiz judge needs from the C library that Swift cannot call directly: prctl is
// variadic, and starting the answer confined needs fork, setuid and a seccomp filter
// between fork and exec. Everything here is static inline, so the header is the module.
#ifndef CJUDGE_H
#define CJUDGE_H

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#ifndef AT_EMPTY_PATH
#define AT_EMPTY_PATH 0x1000
#endif
#ifndef SYS_close_range
#define SYS_close_range 436
#endif
#ifndef SYS_execveat
#define SYS_execveat __NR_execveat
#endif

/// Makes this process non-dumpable: no core file, and no process without CAP_SYS_PTRACE may
/// trace it or open its /proc/PID/mem. Returns 0, or -1 with errno.
static inline int cjudge_set_undumpable(void) {
    return prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

/// 1 when this process is dumpable, 0 when not.
static inline int cjudge_is_dumpable(void) {
    return prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
}

#if defined(__x86_64__)
#define CJUDGE_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define CJUDGE_ARCH AUDIT_ARCH_AARCH64
#endif

#define CJUDGE_DENY(nr) \
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, 1), \
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM)

/// A signal call is allowed only when its first argument is this process itself.
#define CJUDGE_SELF_ONLY(nr, self) \
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, 4), \
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])), \
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned int)(self), 1, 0), \
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM), \
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)

/// Installs the answer's seccomp filter: no ptrace, no reading or writing another process's
/// memory, no pidfds, and signals only to itself. Returns 0, or -1.
static inline int cjudge_confine_signals_and_tracing(pid_t self) {
#ifdef CJUDGE_ARCH
    struct sock_filter filter[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, CJUDGE_ARCH, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
#if defined(__x86_64__)
        // The x32 ABI sets this bit; none of it is allowed.
        BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
#endif
        CJUDGE_DENY(__NR_ptrace),
        CJUDGE_DENY(__NR_process_vm_readv),
        CJUDGE_DENY(__NR_process_vm_writev),
        CJUDGE_DENY(__NR_tkill),
#ifdef __NR_pidfd_open
        CJUDGE_DENY(__NR_pidfd_open),
#endif
#ifdef __NR_pidfd_send_signal
        CJUDGE_DENY(__NR_pidfd_send_signal),
#endif
#ifdef __NR_pidfd_getfd
        CJUDGE_DENY(__NR_pidfd_getfd),
#endif
        CJUDGE_SELF_ONLY(__NR_kill, self),
        CJUDGE_SELF_ONLY(__NR_tgkill, self),
        CJUDGE_SELF_ONLY(__NR_rt_sigqueueinfo, self),
        CJUDGE_SELF_ONLY(__NR_rt_tgsigqueueinfo, self),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog program = {(unsigned short)(sizeof(filter) / sizeof(filter[0])), filter};
    return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program, 0, 0);
#else
    (void)self;
    errno = ENOSYS;
    return -1;
#endif
}

/// Starts the answer program confined, and returns its pid (or -1 with errno).
///
/// The child runs `executable` (an open descriptor, so no directory on its path needs to be
/// searchable by the unprivileged user) with `argv` and `envp`, in `directory`, with
/// standard input from /dev/null, standard output and error on `output`, the judge's
/// requests on descriptor 3 (`requests`) and its calls to the judge on descriptor 4
/// (`calls`). Every other descriptor is closed. It dies with the judge, may never gain
/// privileges, runs as `uid`/`gid` when they are not -1 (the judge runs as root), and under
/// `cjudge_confine_signals_and_tracing`. When any of that fails, the child exits with 121
/// before running a single instruction of the answer.
static inline pid_t cjudge_spawn_answer(
    int executable, char *const argv[], char *const envp[], const char *directory,
    int requests, int calls, int output, int uid, int gid) {
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid != 0) return pid;
    // Only system calls from here to exec: the parent may have had other threads.
    if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0 || getppid() != parent) _exit(121);
    int null = open("/dev/null", O_RDONLY);
    if (null < 0) _exit(121);
    // Move everything above 10 first, so the dup2s below cannot overwrite each other.
    int high_exec = fcntl(executable, F_DUPFD, 10);
    int high_requests = fcntl(requests, F_DUPFD, 10);
    int high_calls = fcntl(calls, F_DUPFD, 10);
    int high_output = fcntl(output, F_DUPFD, 10);
    int high_null = fcntl(null, F_DUPFD, 10);
    if (high_exec < 0 || high_requests < 0 || high_calls < 0 || high_output < 0 || high_null < 0)
        _exit(121);
    if (dup2(high_null, 0) < 0 || dup2(high_output, 1) < 0 || dup2(high_output, 2) < 0
        || dup2(high_requests, 3) < 0 || dup2(high_calls, 4) < 0 || dup2(high_exec, 5) < 0)
        _exit(121);
    if (syscall(SYS_close_range, 6, ~0U, 0) != 0) _exit(121);
    if (fcntl(5, F_SETFD, FD_CLOEXEC) != 0) _exit(121);
    if (chdir(directory) != 0) _exit(121);
    if (gid >= 0 && (setgroups(0, NULL) != 0 || setgid((gid_t)gid) != 0)) _exit(121);
    if (uid >= 0 && setuid((uid_t)uid) != 0) _exit(121);
    if (uid >= 0 && setuid(0) == 0) _exit(121);
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) _exit(121);
    if (cjudge_confine_signals_and_tracing(getpid()) != 0) _exit(121);
    syscall(SYS_execveat, 5, "", argv, envp, AT_EMPTY_PATH);
    _exit(121);
}

#endif
