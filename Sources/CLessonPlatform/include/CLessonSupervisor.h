// Containing a run: every child `lesson` starts runs under a small supervisor of its own (a
// fork of `lesson` that never executes another program), so that everything the child
// starts, however it detaches (a new session, a double fork, a cleared environment), ends
// when the child ends or when the run is stopped.
#ifndef CLESSON_SUPERVISOR_H
#define CLESSON_SUPERVISOR_H

#include <sys/types.h>

#include "CLessonSpawn.h"

/// How a run is contained, strongest first.
enum clesson_containment {
    /// The supervisor is the first process of a new PID namespace (made directly when
    /// `lesson` may, or inside a user namespace of its own when unprivileged): when it ends,
    /// the kernel ends every process of the run, even if the supervisor itself is killed.
    CLESSON_CONTAINMENT_PID_NAMESPACE = 1,
    /// The supervisor is the child subreaper of the run's tree alone: every process of the
    /// tree that loses its parent becomes the supervisor's child, and the supervisor kills
    /// its children until none is left.
    CLESSON_CONTAINMENT_SUBREAPER = 2,
};

/// A message the supervisor sends on the events descriptor: 8 bytes, `kind` then `value`.
enum clesson_supervisor_event {
    /// `value`: the pid of the child, as the supervisor sees it (in its namespace).
    CLESSON_EVENT_STARTED = 1,
    /// `value`: the child's raw wait status; everything the child left is being ended.
    CLESSON_EVENT_EXITED = 2,
};

/// Starts `request` (see `clesson_spawn_confined`; with `sandbox` zero, the child only gets
/// a process group of its own) under a supervisor. `containment` is the strongest mechanism
/// to try; when a PID namespace cannot be made, the subreaper is used, and `*containment`
/// says which one holds. On success returns 0 with the supervisor's pid (a child of the
/// caller, to be reaped once it exits: by then every process of the run is gone), the
/// child's pid as the supervisor sees it (`*child`; the same number outside unless a PID
/// namespace holds) and `*events`, the close-on-exec read end on which the supervisor sends
/// `CLESSON_EVENT_EXITED` when the child exits (end of file without it: the supervisor was
/// killed). Sending the supervisor SIGTERM, SIGINT or SIGHUP ends the child and everything
/// it started. On failure returns an errno value with `*stage` saying which step failed.
int clesson_spawn_supervised(
    const struct clesson_spawn_request *request, int *containment, pid_t *supervisor, pid_t *child,
    int *events, int *stage);

#endif
