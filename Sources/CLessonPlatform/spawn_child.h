// Shared between sandbox.c and supervisor.c; not part of the module's interface.
#ifndef CLESSON_SPAWN_CHILD_H
#define CLESSON_SPAWN_CHILD_H

#include "CLessonSpawn.h"

/// The child's side of `clesson_spawn_confined`, run right after the fork: arranges the
/// child as `request` says and executes `executable` (an O_PATH descriptor). On failure it
/// writes `{stage, errno}` to `report` and exits with 127. Never returns.
void clesson_child(const struct clesson_spawn_request *request, int executable, int report);

#endif
