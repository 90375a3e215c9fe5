// The few C library calls `lesson` needs that the Swift Glibc overlay does not declare
// (they sit behind feature macros such as _GNU_SOURCE). Declared here, defined in
// platform.c, so Swift calls them directly instead of looking them up at run time.
#ifndef CLESSON_PLATFORM_H
#define CLESSON_PLATFORM_H

#include <spawn.h>
#include <sys/types.h>

#include "CLessonSpawn.h"

/// `pipe2(2)`: a pipe whose ends get `flags` (e.g. O_CLOEXEC) atomically.
int clesson_pipe2(int fds[2], int flags);

/// `openpty(3)`: a pseudo-terminal pair; returns 0 or -1.
int clesson_openpty(int *primary, int *secondary);

/// `posix_spawn_file_actions_addchdir_np`: the child starts in `directory`.
/// Returns 0, or an errno value (ENOSYS where the C library lacks it).
int clesson_spawn_addchdir(posix_spawn_file_actions_t *actions, const char *directory);

/// Makes this process the reaper of its orphaned descendants (`PR_SET_CHILD_SUBREAPER`).
/// Returns 0, or -1 where the system has no such notion.
int clesson_become_subreaper(void);

/// `pidfd_open(2)`: a close-on-exec descriptor that becomes readable when the child `pid`
/// exits. Returns it, or -1 where the system has none (before Linux 5.3, or not Linux).
int clesson_pidfd_open(pid_t pid);

#endif
