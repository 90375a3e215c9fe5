#define _GNU_SOURCE
#include "CLessonPlatform.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#if defined(__linux__)
#include <pty.h>
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
