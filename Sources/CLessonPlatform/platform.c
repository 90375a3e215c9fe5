#define _GNU_SOURCE
#include "CLessonPlatform.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#if defined(__linux__)
#include <pty.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#else
#include <util.h>
#endif

int clesson_pipe2(int fds[2], int flags) {
#if defined(__linux__)
    return pipe2(fds, flags);
#else
    if (pipe(fds) != 0) return -1;
    if (flags & O_CLOEXEC) {
        fcntl(fds[0], F_SETFD, FD_CLOEXEC);
        fcntl(fds[1], F_SETFD, FD_CLOEXEC);
    }
    if (flags & O_NONBLOCK) {
        fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);
        fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK);
    }
    return 0;
#endif
}

int clesson_openpty(int *primary, int *secondary) {
    return openpty(primary, secondary, NULL, NULL, NULL);
}

int clesson_spawn_addchdir(posix_spawn_file_actions_t *actions, const char *directory) {
#if defined(__linux__) || defined(__APPLE__)
    return posix_spawn_file_actions_addchdir_np(actions, directory);
#else
    (void)actions;
    (void)directory;
    return ENOSYS;
#endif
}

int clesson_become_subreaper(void) {
#if defined(__linux__)
    return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
#else
    return -1;
#endif
}

int clesson_pidfd_open(pid_t pid) {
#if defined(__linux__) && defined(SYS_pidfd_open)
    return (int)syscall(SYS_pidfd_open, pid, 0);
#elif defined(__linux__)
    return (int)syscall(434, pid, 0);
#else
    (void)pid;
    errno = ENOSYS;
    return -1;
#endif
}
