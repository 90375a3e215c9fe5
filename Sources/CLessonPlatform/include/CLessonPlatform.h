// The few C library calls `lesson` needs that the Swift Glibc overlay does not declare
// (they sit behind feature macros such as _GNU_SOURCE). Declared here, defined in
// platform.c, so Swift calls them directly instead of looking them up at run time.
#ifndef CLESSON_PLATFORM_H
#define CLESSON_PLATFORM_H

#include <sys/types.h>

#include "CLessonSpawn.h"
#include "CLessonSupervisor.h"

/// `pipe2(2)`: a pipe whose ends get `flags` (e.g. O_CLOEXEC) atomically.
int clesson_pipe2(int fds[2], int flags);

/// `openpty(3)`: a pseudo-terminal pair; returns 0 or -1.
int clesson_openpty(int *primary, int *secondary);

#endif
