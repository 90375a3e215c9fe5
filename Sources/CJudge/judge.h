// What a quiz judge (and the grader) needs from the C library that Swift cannot call
// directly: prctl is variadic. Everything here is static inline, so the header is the
// whole module; it is compiled into every judge with `-I` and into `lesson` by SwiftPM.
#ifndef CJUDGE_H
#define CJUDGE_H

#include <sys/prctl.h>

/// Makes this process non-dumpable: no core file, and no process without CAP_SYS_PTRACE may
/// trace it or open its /proc/PID/mem. Returns 0, or -1 with errno.
static inline int cjudge_set_undumpable(void) {
    return prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

/// 1 when this process is dumpable, 0 when not.
static inline int cjudge_is_dumpable(void) {
    return prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
}

#endif
