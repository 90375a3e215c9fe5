// Shared between sandbox.c and supervisor.c; not part of the module's interface.
#ifndef CLESSON_SPAWN_CHILD_H
#define CLESSON_SPAWN_CHILD_H

#include "CLessonSpawn.h"

/// The child's side of `clesson_spawn_confined`, run right after the fork: arranges the
/// child as `request` says and executes `executable` (an O_PATH descriptor). On failure it
/// writes `{stage, errno}` to `report` and exits with 127. Never returns.
void clesson_child(const struct clesson_spawn_request *request, int executable, int report);

/// Reads from `fd` into `buffer` until `size` bytes, the end or an error (again after EINTR);
/// returns how many bytes it read.
size_t clesson_read_full(int fd, void *buffer, size_t size);

#endif
