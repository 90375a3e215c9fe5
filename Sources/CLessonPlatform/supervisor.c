#define _GNU_SOURCE
#include "CLessonSupervisor.h"
#include "spawn_child.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#if defined(__linux__)
#include <pthread.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>

#ifndef CLONE_NEWPID
#define CLONE_NEWPID 0x20000000
#endif
#ifndef CLONE_NEWUSER
#define CLONE_NEWUSER 0x10000000
#endif
#ifndef __WALL
#define __WALL 0x40000000
#endif

/// The stage a supervisor reports when it cannot map its user namespace (the caller then
/// falls back to the subreaper).
#define CLESSON_STAGE_NAMESPACE 100

// Everything below that runs in the supervisor uses only async-signal-safe calls: the
// supervisor is a fork of a process with many threads.

static void clesson_write_all(int fd, const void *bytes, size_t count) {
    const char *next = bytes;
    while (count > 0) {
        ssize_t written = write(fd, next, count);
        if (written < 0 && errno == EINTR) continue;
        if (written <= 0) return;
        next += written;
        count -= (size_t)written;
    }
}

static void clesson_send(int fd, int kind, int value) {
    int message[2] = {kind, value};
    clesson_write_all(fd, message, sizeof message);
}

static size_t clesson_put_number(char *out, unsigned long value) {
    char digits[24];
    size_t count = 0;
    do {
        digits[count++] = (char)('0' + value % 10);
        value /= 10;
    } while (value > 0);
    for (size_t i = 0; i < count; i++) out[i] = digits[count - 1 - i];
    return count;
}

static int clesson_write_file(const char *path, const char *text, size_t length) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return errno;
    ssize_t written = write(fd, text, length);
    int error = written == (ssize_t)length ? 0 : (errno != 0 ? errno : EIO);
    close(fd);
    return error;
}

/// Maps `id` to itself in this process's new user namespace (`file` is uid_map or gid_map).
static int clesson_map_self(const char *file, unsigned long id) {
    char line[64];
    size_t length = clesson_put_number(line, id);
    line[length++] = ' ';
    length += clesson_put_number(line + length, id);
    memcpy(line + length, " 1\n", 3);
    return clesson_write_file(file, line, length + 3);
}

/// Sends SIGKILL to every child of this (single-threaded) process; returns how many.
static int clesson_kill_children(pid_t self) {
    char path[64] = "/proc/self/task/";
    size_t length = strlen(path);
    length += clesson_put_number(path + length, (unsigned long)self);
    memcpy(path + length, "/children", 10);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    char buffer[4096];
    long pid = -1;
    int killed = 0;
    for (;;) {
        ssize_t count = read(fd, buffer, sizeof buffer);
        if (count < 0 && errno == EINTR) continue;
        if (count <= 0) break;
        for (ssize_t i = 0; i < count; i++) {
            if (buffer[i] >= '0' && buffer[i] <= '9') {
                pid = (pid < 0 ? 0 : pid * 10) + (buffer[i] - '0');
            } else if (pid > 0) {
                kill((pid_t)pid, SIGKILL);
                killed++;
                pid = -1;
            }
        }
    }
    if (pid > 0) {
        kill((pid_t)pid, SIGKILL);
        killed++;
    }
    close(fd);
    return killed;
}

/// Kills every process of the run and reaps them all, reporting the child's status if it
/// is among them. Returns when this process has no child left.
static void clesson_end_tree(int containment, pid_t self, pid_t child, int *childReaped, int events) {
    for (;;) {
        // In a PID namespace, -1 is every process of the run but this one; otherwise every
        // process of the tree that lost its parent is a child of this one.
        if (containment == CLESSON_CONTAINMENT_PID_NAMESPACE) {
            kill(-1, SIGKILL);
        } else {
            clesson_kill_children(self);
        }
        int reaped = 0;
        int status = 0;
        pid_t pid;
        while ((pid = waitpid(-1, &status, WNOHANG | __WALL)) > 0) {
            reaped++;
            if (pid == child && !*childReaped) {
                *childReaped = 1;
                clesson_send(events, CLESSON_EVENT_EXITED, status);
            }
        }
        if (pid < 0 && errno == ECHILD) return;
        if (reaped == 0) {
            struct timespec pause = {0, 1000000};
            nanosleep(&pause, NULL);
        }
    }
}

static void clesson_close_all_but(int keep) {
    if (keep > 0 && syscall(SYS_close_range, 0U, (unsigned)(keep - 1), 0U) != 0) {
        for (int fd = 0; fd < keep; fd++) close(fd);
    }
    if (syscall(SYS_close_range, (unsigned)(keep + 1), ~0U, 0U) != 0) {
        for (int fd = keep + 1; fd < 65536; fd++) close(fd);
    }
}

static void clesson_supervise(
    const struct clesson_spawn_request *request, int executable, int report, int events, int containment,
    int newUser, unsigned long uid, unsigned long gid) {
    if (newUser) {
        int error = clesson_write_file("/proc/self/setgroups", "deny", 4);
        if (error == 0) error = clesson_map_self("/proc/self/uid_map", uid);
        if (error == 0) error = clesson_map_self("/proc/self/gid_map", gid);
        if (error != 0) {
            int message[2] = {CLESSON_STAGE_NAMESPACE, error};
            clesson_write_all(report, message, sizeof message);
            _exit(127);
        }
    }
    pid_t self = (pid_t)syscall(SYS_getpid);
    // When the thread that started the run ends (with `lesson`), so does the run. In a PID
    // namespace, the supervisor's end ends every process in it.
    prctl(PR_SET_PDEATHSIG, containment == CLESSON_CONTAINMENT_PID_NAMESPACE ? SIGKILL : SIGTERM, 0, 0, 0);
    if (containment == CLESSON_CONTAINMENT_SUBREAPER) prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    // Every signal stays blocked; the ones waited for below must not be ignored (`lesson`
    // ignores SIGINT and SIGTERM, and an ignored signal is dropped even while blocked).
    struct sigaction fallback;
    memset(&fallback, 0, sizeof fallback);
    fallback.sa_handler = SIG_DFL;
    sigset_t wanted;
    sigemptyset(&wanted);
    const int signals[] = {SIGCHLD, SIGTERM, SIGINT, SIGHUP};
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        sigaction(signals[i], &fallback, NULL);
        sigaddset(&wanted, signals[i]);
    }
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
    pid_t child = _Fork();
#else
    pid_t child = (pid_t)syscall(SYS_fork);
#endif
    if (child == 0) clesson_child(request, executable, report);
    if (child < 0) {
        int message[2] = {CLESSON_STAGE_FORK, errno};
        clesson_write_all(report, message, sizeof message);
        _exit(127);
    }
    clesson_send(events, CLESSON_EVENT_STARTED, child);
    // Nothing of `lesson` stays open here (another run's pipe, a served connection).
    clesson_close_all_but(events);

    int childReaped = 0;
    for (;;) {
        int status = 0;
        pid_t pid;
        while ((pid = waitpid(-1, &status, WNOHANG | __WALL)) > 0) {
            if (pid == child) {
                childReaped = 1;
                clesson_send(events, CLESSON_EVENT_EXITED, status);
            }
        }
        if (childReaped) break;
        siginfo_t info;
        int signal = sigwaitinfo(&wanted, &info);
        if (signal > 0 && signal != SIGCHLD) {
            kill(-child, SIGKILL);
            kill(child, SIGKILL);
            break;
        }
    }
    clesson_end_tree(containment, self, child, &childReaped, events);
    _exit(0);
}

static int clesson_try_supervised(
    const struct clesson_spawn_request *request, int containment, pid_t *supervisor, pid_t *child, int *events,
    int *stage) {
    int report[2];
    int channel[2];
    *stage = CLESSON_STAGE_PREPARE;
    if (pipe2(report, O_CLOEXEC) != 0) return errno;
    if (pipe2(channel, O_CLOEXEC) != 0) {
        int error = errno;
        close(report[0]);
        close(report[1]);
        return error;
    }
    *stage = CLESSON_STAGE_OPEN;
    int executable = open(request->executable, O_PATH | O_CLOEXEC);
    if (executable < 0) {
        int error = errno;
        close(report[0]);
        close(report[1]);
        close(channel[0]);
        close(channel[1]);
        return error;
    }
    int newUser = containment == CLESSON_CONTAINMENT_PID_NAMESPACE && geteuid() != 0;
    unsigned long uid = (unsigned long)geteuid();
    unsigned long gid = (unsigned long)getegid();
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &previous);
    *stage = CLESSON_STAGE_FORK;
    pid_t pid;
    if (containment == CLESSON_CONTAINMENT_PID_NAMESPACE) {
        long flags = CLONE_NEWPID | (newUser ? CLONE_NEWUSER : 0) | SIGCHLD;
        pid = (pid_t)syscall(SYS_clone, flags, 0L, 0L, 0L, 0L);
    } else {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
        pid = _Fork();
#else
        pid = fork();
#endif
    }
    if (pid == 0) {
        close(report[0]);
        close(channel[0]);
        clesson_supervise(request, executable, report[1], channel[1], containment, newUser, uid, gid);
    }
    int forkError = errno;
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    close(executable);
    close(report[1]);
    close(channel[1]);
    if (pid < 0) {
        close(report[0]);
        close(channel[0]);
        return forkError;
    }
    // The report closes once the child executes the program (or fails to).
    int message[2] = {0, 0};
    size_t got = clesson_read_full(report[0], message, sizeof message);
    close(report[0]);
    int started[2] = {0, 0};
    size_t have = got == 0 ? clesson_read_full(channel[0], started, sizeof started) : 0;
    if (got != 0 || have != sizeof started || started[0] != CLESSON_EVENT_STARTED) {
        close(channel[0]);
        kill(pid, SIGTERM);
        int status = 0;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        *stage = got == sizeof message ? message[0] : CLESSON_STAGE_EXEC;
        return got == sizeof message && message[1] != 0 ? message[1] : EIO;
    }
    *stage = CLESSON_STAGE_NONE;
    *supervisor = pid;
    *child = (pid_t)started[1];
    *events = channel[0];
    return 0;
}

int clesson_spawn_supervised(
    const struct clesson_spawn_request *request, int *containment, pid_t *supervisor, pid_t *child, int *events,
    int *stage) {
    *stage = CLESSON_STAGE_PREPARE;
    if (request->count < 0 || request->count > 64) return EINVAL;
    for (int i = 0; i < request->count; i++) {
        if (request->targets[i] < 0 || request->sources[i] < 0) return EBADF;
    }
    if (request->sandbox && !clesson_sandbox_supported()) return ENOSYS;
    if (*containment == CLESSON_CONTAINMENT_PID_NAMESPACE) {
        int result = clesson_try_supervised(request, *containment, supervisor, child, events, stage);
        int refused = result == EPERM || result == EINVAL || result == ENOSPC || result == EUSERS
            || result == ENOSYS || result == EACCES;
        if (!((*stage == CLESSON_STAGE_FORK && refused) || *stage == CLESSON_STAGE_NAMESPACE)) return result;
    }
    *containment = CLESSON_CONTAINMENT_SUBREAPER;
    return clesson_try_supervised(request, *containment, supervisor, child, events, stage);
}

#else

int clesson_spawn_supervised(
    const struct clesson_spawn_request *request, int *containment, pid_t *supervisor, pid_t *child, int *events,
    int *stage) {
    (void)request;
    (void)containment;
    (void)supervisor;
    (void)child;
    (void)events;
    *stage = CLESSON_STAGE_PREPARE;
    return ENOSYS;
}

#endif
