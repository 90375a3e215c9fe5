// The confined start of a child and its seccomp filter. See CLessonSpawn.h.
#define _GNU_SOURCE
#include "CLessonSpawn.h"
#include "spawn_child.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#if defined(__linux__)
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <net/if.h>
#include <sys/socket.h>

#ifndef __NR_pidfd_send_signal
#define __NR_pidfd_send_signal 424
#endif
#ifndef __NR_pidfd_open
#define __NR_pidfd_open 434
#endif
#ifndef __NR_pidfd_getfd
#define __NR_pidfd_getfd 438
#endif
#ifndef __NR_process_madvise
#define __NR_process_madvise 440
#endif
#ifndef __NR_clone3
#define __NR_clone3 435
#endif
#ifndef CLONE_THREAD
#define CLONE_THREAD 0x00010000
#endif
/// Every clone flag that makes a namespace (CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC,
/// NEWUSER, NEWPID, NEWNET).
#define CLESSON_CLONE_NAMESPACES 0x7E020000u
#ifndef AT_EMPTY_PATH
#define AT_EMPTY_PATH 0x1000
#endif
#ifndef __NR_mount_setattr
#define __NR_mount_setattr 442
#endif
#ifndef MOUNT_ATTR_RDONLY
#define MOUNT_ATTR_RDONLY 0x00000001
#endif
#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif
#ifndef MOUNT_ATTR_NOSUID
#define MOUNT_ATTR_NOSUID 0x00000002
#endif
#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

#if defined(__x86_64__)
#define CLESSON_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define CLESSON_AUDIT_ARCH AUDIT_ARCH_AARCH64
#endif

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define CLESSON_ARG_LOW(n) (offsetof(struct seccomp_data, args) + 8 * (n))
#else
#define CLESSON_ARG_LOW(n) (offsetof(struct seccomp_data, args) + 8 * (n) + 4)
#endif

#define CLESSON_DENY (SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA))
#define CLESSON_NOSYS (SECCOMP_RET_ERRNO | (ENOSYS & SECCOMP_RET_DATA))
#define CLESSON_FILTER_CAPACITY 128

/// Writes the filter for a process whose pid is `self` (at most CLESSON_FILTER_CAPACITY
/// instructions); returns the instruction count it needs.
/// Syscall arguments are compared on their low 32 bits, as the kernel reads a pid_t.
static int clesson_sandbox_filter(struct sock_filter *out, pid_t self, int allow_processes) {
    int n = 0;
    __u32 me = (__u32)self;
    __u32 group = (__u32)(-self);
#define EMIT(instruction) \
    do { \
        if (n < CLESSON_FILTER_CAPACITY) out[n] = (struct sock_filter)instruction; \
        n++; \
    } while (0)
    EMIT(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)));
    EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, CLESSON_AUDIT_ARCH, 1, 0));
    EMIT(BPF_STMT(BPF_RET | BPF_K, CLESSON_DENY));
    EMIT(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)));
#if defined(__x86_64__)
    // x32 system calls carry this bit and would otherwise slip past the numbers below.
    EMIT(BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000, 0, 1));
    EMIT(BPF_STMT(BPF_RET | BPF_K, CLESSON_DENY));
#endif
    // Never allowed: reading, writing or tracing another process.
    const __u32 denied[] = {
        __NR_ptrace, __NR_process_vm_readv, __NR_process_vm_writev, __NR_pidfd_send_signal,
        __NR_pidfd_getfd, __NR_process_madvise,
#ifdef __NR_kcmp
        __NR_kcmp,
#endif
    };
    for (size_t i = 0; i < sizeof denied / sizeof denied[0]; i++) {
        EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, denied[i], 0, 1));
        EMIT(BPF_STMT(BPF_RET | BPF_K, CLESSON_DENY));
    }
    // Never a namespace of its own: a user namespace would start counts of its own, and a
    // mount or network namespace is where a way out would begin. clone3 keeps its flags in
    // memory the filter cannot read, so it is refused as unknown and the C library falls
    // back to clone, whose flags the filter reads.
    EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_unshare, 0, 1));
    EMIT(BPF_STMT(BPF_RET | BPF_K, CLESSON_DENY));
    EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_setns, 0, 1));
    EMIT(BPF_STMT(BPF_RET | BPF_K, CLESSON_DENY));
    EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone3, 0, 1));
    EMIT(BPF_STMT(BPF_RET | BPF_K, CLESSON_NOSYS));
    if (!allow_processes) {
        // No new processes: threads only.
#ifdef __NR_fork
        EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_fork, 0, 1));
        EMIT(BPF_STMT(BPF_RET | BPF_K, CLESSON_DENY));
#endif
#ifdef __NR_vfork
        EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_vfork, 0, 1));
        EMIT(BPF_STMT(BPF_RET | BPF_K, CLESSON_DENY));
#endif
    }
    EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone, 0, allow_processes ? 4 : 6));
    EMIT(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, CLESSON_ARG_LOW(0)));
    EMIT(BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, CLESSON_CLONE_NAMESPACES, 0, 1));
    EMIT(BPF_STMT(BPF_RET | BPF_K, CLESSON_DENY));
    if (!allow_processes) {
        EMIT(BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, CLONE_THREAD, 0, 1));
        EMIT(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
        EMIT(BPF_STMT(BPF_RET | BPF_K, CLESSON_DENY));
    } else {
        EMIT(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
    }
    // Allowed only when the first argument is the process itself.
    const __u32 selfOnly[] = {
        __NR_tgkill,
#ifdef __NR_tkill
        __NR_tkill,
#endif
        __NR_rt_sigqueueinfo, __NR_rt_tgsigqueueinfo, __NR_pidfd_open,
    };
    for (size_t i = 0; i < sizeof selfOnly / sizeof selfOnly[0]; i++) {
        EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, selfOnly[i], 0, 4));
        EMIT(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, CLESSON_ARG_LOW(0)));
        EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, me, 0, 1));
        EMIT(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
        EMIT(BPF_STMT(BPF_RET | BPF_K, CLESSON_DENY));
    }
    // ioctl: never TIOCSTI, which types into a terminal's input.
    EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_ioctl, 0, 4));
    EMIT(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, CLESSON_ARG_LOW(1)));
    EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, TIOCSTI, 0, 1));
    EMIT(BPF_STMT(BPF_RET | BPF_K, CLESSON_DENY));
    EMIT(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
    // kill: itself, its own group (0), or its group by number (-self).
    EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_kill, 0, 6));
    EMIT(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, CLESSON_ARG_LOW(0)));
    EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, me, 3, 0));
    EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 2, 0));
    EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, group, 1, 0));
    EMIT(BPF_STMT(BPF_RET | BPF_K, CLESSON_DENY));
    EMIT(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
    // Allowed only on the process itself, named by 0 or by its pid: changing another
    // process's limits or moving its memory.
    const __u32 zeroOrSelf[] = {
        __NR_prlimit64,
#ifdef __NR_migrate_pages
        __NR_migrate_pages,
#endif
#ifdef __NR_move_pages
        __NR_move_pages,
#endif
    };
    for (size_t i = 0; i < sizeof zeroOrSelf / sizeof zeroOrSelf[0]; i++) {
        EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, zeroOrSelf[i], 0, 5));
        EMIT(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, CLESSON_ARG_LOW(0)));
        EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 2, 0));
        EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, me, 1, 0));
        EMIT(BPF_STMT(BPF_RET | BPF_K, CLESSON_DENY));
        EMIT(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
    }
    // setpgid: a new group (0) or back into its own; never into another process's group,
    // from where `kill(0, ...)` would reach that group.
    EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_setpgid, 0, 5));
    EMIT(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, CLESSON_ARG_LOW(1)));
    EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 2, 0));
    EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, me, 1, 0));
    EMIT(BPF_STMT(BPF_RET | BPF_K, CLESSON_DENY));
    EMIT(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
    EMIT(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
#undef EMIT
    return n;
}

int clesson_sandbox_supported(void) {
#if defined(CLESSON_AUDIT_ARCH)
    return 1;
#else
    return 0;
#endif
}

int clesson_sandbox_install(pid_t self, int allow_processes) {
#if defined(CLESSON_AUDIT_ARCH)
    struct sock_filter filter[CLESSON_FILTER_CAPACITY];
    int count = clesson_sandbox_filter(filter, self, allow_processes);
    if (count > CLESSON_FILTER_CAPACITY) return E2BIG;
    struct sock_fprog program = {.len = (unsigned short)count, .filter = filter};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return errno;
    if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program, 0, 0) != 0) return errno;
    return 0;
#else
    (void)self;
    (void)allow_processes;
    return ENOSYS;
#endif
}

/// Sets both the soft and the hard limit of `resource`; 0 or an errno value.
static int clesson_limit(int resource, long long value) {
    struct rlimit limit = {.rlim_cur = (rlim_t)value, .rlim_max = (rlim_t)value};
    return setrlimit(resource, &limit) == 0 ? 0 : errno;
}

int clesson_set_nondumpable(void) {
    return prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0 ? 0 : -1;
}

int clesson_is_dumpable(void) {
    return prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) > 0 ? 1 : 0;
}

/// `value` in decimal at `out` (at least 24 bytes), NUL-terminated; returns its length.
/// Async-signal-safe, unlike snprintf.
static int clesson_decimal(char *out, unsigned long long value) {
    char digits[24];
    int count = 0;
    do {
        digits[count++] = (char)('0' + value % 10);
        value /= 10;
    } while (value != 0 && count < 23);
    for (int i = 0; i < count; i++) out[i] = digits[count - 1 - i];
    out[count] = 0;
    return count;
}

/// Writes `text` to the file at `path`; 0 or an errno value.
static int clesson_write_file(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return errno;
    size_t length = strlen(text);
    ssize_t written = write(fd, text, length);
    int error = written == (ssize_t)length ? 0 : (written < 0 ? errno : EIO);
    close(fd);
    return error;
}

/// Maps `id` inside a new user namespace to `id` outside: `ID ID 1`.
static int clesson_map_self(const char *path, unsigned long long id) {
    char line[64];
    int length = clesson_decimal(line, id);
    line[length++] = ' ';
    length += clesson_decimal(line + length, id);
    memcpy(line + length, " 1", 3);
    return clesson_write_file(path, line);
}

/// Mounts a fresh tmpfs on `path` with `options`; a path that does not exist is skipped.
static int clesson_scratch(const char *path, const char *options) {
    struct stat info;
    if (stat(path, &info) != 0) return errno == ENOENT ? 0 : errno;
    if (!S_ISDIR(info.st_mode)) return 0;
    return mount("lesson", path, "tmpfs", MS_NOSUID | MS_NODEV, options) == 0 ? 0 : errno;
}

int clesson_private_world(const char *directory, long long uid, long long gid) {
    int root = geteuid() == 0;
    unsigned long long ownUid = (unsigned long long)geteuid();
    unsigned long long ownGid = (unsigned long long)getegid();
    int flags = CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWNET;
    if (!root) flags |= CLONE_NEWUSER;
    if (unshare(flags) != 0) return errno;
    int error = 0;
    if (!root) {
        error = clesson_write_file("/proc/self/setgroups", "deny");
        if (error != 0 && error != ENOENT) return error;
        if ((error = clesson_map_self("/proc/self/uid_map", ownUid)) != 0) return error;
        if ((error = clesson_map_self("/proc/self/gid_map", ownGid)) != 0) return error;
    }
    // Nothing mounted here reaches the rest of the machine, and everything is read-only.
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) return errno;
    struct {
        unsigned long long set, clear, propagation, userns;
    } attributes = {MOUNT_ATTR_RDONLY, 0, 0, 0};
    if (syscall(__NR_mount_setattr, -100, "/", AT_RECURSIVE, &attributes, sizeof attributes) != 0) return errno;
    const char *scratch[] = {"/tmp", "/var/tmp", "/dev/shm", "/run/lock"};
    for (size_t i = 0; i < sizeof scratch / sizeof scratch[0]; i++) {
        if ((error = clesson_scratch(scratch[i], "mode=1777,size=64m,nr_inodes=8192")) != 0) return error;
    }
    if (directory == NULL) return 0;
    long long owner = uid >= 0 ? uid : (long long)ownUid;
    long long group = gid >= 0 ? gid : (long long)ownGid;
    // Its own directory: made in the fresh /tmp, or (elsewhere) a fresh tmpfs over it.
    if (mkdir(directory, 0700) == 0) {
        if (chown(directory, (uid_t)owner, (gid_t)group) != 0) return errno;
        return 0;
    }
    if (errno != EEXIST) return errno;
    char options[96] = "mode=0700,size=64m,nr_inodes=8192,uid=";
    size_t length = strlen(options);
    length += (size_t)clesson_decimal(options + length, (unsigned long long)owner);
    memcpy(options + length, ",gid=", 6);
    length += 5;
    clesson_decimal(options + length, (unsigned long long)group);
    return mount("lesson", directory, "tmpfs", MS_NOSUID | MS_NODEV, options) == 0 ? 0 : errno;
}

int clesson_loopback_up(void) {
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return errno;
    struct ifreq request;
    memset(&request, 0, sizeof request);
    memcpy(request.ifr_name, "lo", 3);
    int error = 0;
    if (ioctl(fd, SIOCGIFFLAGS, &request) != 0) {
        error = errno;
    } else {
        request.ifr_flags |= IFF_UP | IFF_RUNNING;
        if (ioctl(fd, SIOCSIFFLAGS, &request) != 0) error = errno;
    }
    close(fd);
    return error;
}

/// `first` then `second` at `out` (`size` bytes); 0 or ENAMETOOLONG.
static int clesson_join(char *out, size_t size, const char *first, const char *second) {
    size_t a = strlen(first), b = strlen(second);
    if (a + b + 1 > size) return ENAMETOOLONG;
    memcpy(out, first, a);
    memcpy(out + a, second, b + 1);
    return 0;
}

/// `mkdir -p path` with `mode` for what it makes; 0 or an errno value. `path` is changed
/// while it runs and restored.
static int clesson_make_directories(char *path, mode_t mode) {
    for (char *next = path + 1; *next != 0; next++) {
        if (*next != '/') continue;
        *next = 0;
        int failed = mkdir(path, mode) != 0 && errno != EEXIST;
        int error = errno;
        *next = '/';
        if (failed) return error;
    }
    if (mkdir(path, mode) != 0 && errno != EEXIST) return errno;
    return 0;
}

/// `mkdir -p` of the folder that holds `path`.
static int clesson_make_parent(char *path) {
    char *slash = strrchr(path, '/');
    if (slash == NULL || slash == path) return 0;
    *slash = 0;
    int error = clesson_make_directories(path, 0755);
    *slash = '/';
    return error;
}

/// Puts the machine's `source` at `target` inside the new root: a link copied, a directory
/// bound with everything mounted below it, anything else (a file, a device) bound alone.
static int clesson_view_place(const char *source, char *target) {
    struct stat info;
    if (lstat(source, &info) != 0) return errno == ENOENT ? 0 : errno;
    int error = clesson_make_parent(target);
    if (error != 0) return error;
    if (S_ISLNK(info.st_mode)) {
        char link[4096];
        ssize_t length = readlink(source, link, sizeof link - 1);
        if (length < 0) return errno;
        link[length] = 0;
        return symlink(link, target) == 0 || errno == EEXIST ? 0 : errno;
    }
    if (S_ISDIR(info.st_mode)) {
        if ((error = clesson_make_directories(target, 0755)) != 0) return error;
        return mount(source, target, NULL, MS_BIND | MS_REC, NULL) == 0 ? 0 : errno;
    }
    int fd = open(target, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return errno;
    close(fd);
    return mount(source, target, NULL, MS_BIND, NULL) == 0 ? 0 : errno;
}

int clesson_system_view(char *const *paths, int count, const char *directory, long long uid, long long gid) {
    static const char root[] = "/tmp/.lesson-view";
    char target[4096];
    int error;
    // The new root lives in the private /tmp of `clesson_private_world`.
    if (mkdir(root, 0755) != 0 && errno != EEXIST) return errno;
    if (mount("lesson", root, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=1m,nr_inodes=4096") != 0) return errno;
    for (int i = 0; i < count; i++) {
        if (paths[i] == NULL || paths[i][0] != '/') return EINVAL;
        if ((error = clesson_join(target, sizeof target, root, paths[i])) != 0) return error;
        if ((error = clesson_view_place(paths[i], target)) != 0) return error;
    }
    // The places it may write to or needs, made while the root is still writable.
    const char *folders[] = {"/tmp", "/proc", "/dev", "/dev/shm", "/var/tmp"};
    for (size_t i = 0; i < sizeof folders / sizeof folders[0]; i++) {
        if ((error = clesson_join(target, sizeof target, root, folders[i])) != 0) return error;
        if ((error = clesson_make_directories(target, 0755)) != 0) return error;
    }
    const char *links[][2] = {
        {"/proc/self/fd", "/dev/fd"},
        {"/proc/self/fd/0", "/dev/stdin"},
        {"/proc/self/fd/1", "/dev/stdout"},
        {"/proc/self/fd/2", "/dev/stderr"},
    };
    for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
        if ((error = clesson_join(target, sizeof target, root, links[i][1])) != 0) return error;
        if (symlink(links[i][0], target) != 0 && errno != EEXIST) return errno;
    }
    // Everything in it read-only and without set-user-id, then the writable scratch on top.
    struct {
        unsigned long long set, clear, propagation, userns;
    } attributes = {MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID, 0, 0, 0};
    if (syscall(__NR_mount_setattr, -100, root, AT_RECURSIVE, &attributes, sizeof attributes) != 0) return errno;
    const char *scratch[] = {"/tmp", "/dev/shm", "/var/tmp"};
    for (size_t i = 0; i < sizeof scratch / sizeof scratch[0]; i++) {
        if ((error = clesson_join(target, sizeof target, root, scratch[i])) != 0) return error;
        if (mount("lesson", target, "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777,size=64m,nr_inodes=8192") != 0) {
            return errno;
        }
    }
    if ((error = clesson_join(target, sizeof target, root, "/proc")) != 0) return error;
    unsigned long procFlags = MS_NOSUID | MS_NODEV | MS_NOEXEC;
    if (mount("proc", target, "proc", procFlags, "hidepid=invisible") != 0
        && mount("proc", target, "proc", procFlags, "hidepid=2") != 0) {
        return errno;
    }
    if (directory != NULL) {
        if ((error = clesson_join(target, sizeof target, root, directory)) != 0) return error;
        if ((error = clesson_make_directories(target, 0755)) != 0) return error;
        if (chmod(target, 0700) != 0) return errno;
        if (uid >= 0 && gid >= 0 && chown(target, (uid_t)uid, (gid_t)gid) != 0) return errno;
    }
    // The new root becomes `/`; the old one is detached, so no path leads back to it.
    if (chdir(root) != 0) return errno;
    if (syscall(SYS_pivot_root, ".", ".") != 0) return errno;
    if (umount2(".", MNT_DETACH) != 0) return errno;
    if (chdir("/") != 0) return errno;
    return 0;
}

/// Writes this process's pid into each control file of `files` (joining those cgroups).
static int clesson_join_cgroups(char *const *files, int count) {
    char pid[24];
    clesson_decimal(pid, (unsigned long long)syscall(SYS_getpid));
    for (int i = 0; i < count; i++) {
        int error = clesson_write_file(files[i], pid);
        if (error != 0) return error;
    }
    return 0;
}

/// Tells the parent which step failed and how, then ends the child. Async-signal-safe.
static void clesson_child_fail(int report, int stage, int error) {
    int message[2] = {stage, error};
    ssize_t ignored = write(report, message, sizeof message);
    (void)ignored;
    _exit(127);
}

size_t clesson_read_full(int fd, void *buffer, size_t size) {
    size_t got = 0;
    while (got < size) {
        ssize_t count = read(fd, (char *)buffer + got, size - got);
        if (count < 0 && errno == EINTR) continue;
        if (count <= 0) break;
        got += (size_t)count;
    }
    return got;
}

/// Runs in the forked child; never returns.
void clesson_child(const struct clesson_spawn_request *request, int executable, int report) {
    int stage = CLESSON_STAGE_DESCRIPTORS;
    // A sandboxed child gets a session of its own: no controlling terminal it could open as
    // /dev/tty to type into the user's shell. Either way it leads a new process group.
    if ((request->sandbox ? setsid() : setpgid(0, 0)) < 0) clesson_child_fail(report, stage, errno);
    struct sigaction fallback;
    memset(&fallback, 0, sizeof fallback);
    fallback.sa_handler = SIG_DFL;
    for (int signal = 1; signal < NSIG; signal++) {
        if (signal != SIGKILL && signal != SIGSTOP) sigaction(signal, &fallback, NULL);
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);

    // Every descriptor the child keeps first moves above the highest target, so placing
    // one never overwrites another that is still to be placed.
    int high = 3;
    for (int i = 0; i < request->count; i++) {
        if (request->targets[i] >= high) high = request->targets[i] + 1;
    }
    int moved[64];
    for (int i = 0; i < request->count; i++) {
        moved[i] = fcntl(request->sources[i], F_DUPFD_CLOEXEC, high);
        if (moved[i] < 0) clesson_child_fail(report, stage, errno);
    }
    int executableHigh = fcntl(executable, F_DUPFD_CLOEXEC, high);
    int reportHigh = fcntl(report, F_DUPFD_CLOEXEC, high);
    if (executableHigh < 0 || reportHigh < 0) clesson_child_fail(report, stage, errno);
    report = reportHigh;
    for (int fd = 0; fd < high; fd++) {
        int planned = 0;
        for (int i = 0; i < request->count; i++) planned |= request->targets[i] == fd;
        if (!planned) close(fd);
    }
    for (int i = 0; i < request->count; i++) {
        if (dup2(moved[i], request->targets[i]) < 0) clesson_child_fail(report, stage, errno);
    }
    // Whatever else is open (the moved copies, descriptors another thread opened without
    // close-on-exec) closes at exec.
    if (syscall(SYS_close_range, (unsigned)high, ~0U, CLOSE_RANGE_CLOEXEC) != 0) {
        for (int fd = high; fd < 65536; fd++) fcntl(fd, F_SETFD, FD_CLOEXEC);
    }

    // Counted and limited from its very start, before it is anything but a fork of `lesson`.
    if (request->cgroup_count > 0) {
        int error = clesson_join_cgroups(request->cgroups, request->cgroup_count);
        if (error != 0) clesson_child_fail(report, CLESSON_STAGE_CGROUP, error);
    }
    long long wantedUid = request->uid, wantedGid = request->gid;
    if (request->user_per_process && wantedUid >= 0 && wantedGid >= 0) {
        long long self = (long long)syscall(SYS_getpid);
        wantedUid += self;
        wantedGid += self;
    }
    if (request->sandbox && request->private_world) {
        int error = clesson_private_world(request->directory, wantedUid, wantedGid);
        if (error != 0) clesson_child_fail(report, CLESSON_STAGE_PRIVATE, error);
        if (request->loopback && (error = clesson_loopback_up()) != 0) {
            clesson_child_fail(report, CLESSON_STAGE_PRIVATE, error);
        }
        if (request->view_count > 0) {
            error = clesson_system_view(
                request->view_paths, request->view_count, request->directory, wantedUid, wantedGid);
            if (error != 0) clesson_child_fail(report, CLESSON_STAGE_VIEW, error);
        }
    }
    if (request->directory != NULL && chdir(request->directory) != 0) {
        clesson_child_fail(report, CLESSON_STAGE_DIRECTORY, errno);
    }
    if (wantedUid >= 0 && wantedGid >= 0) {
        // Raw system calls: in a forked child there is one thread, and glibc's wrappers
        // would try to reach the threads of the parent.
        gid_t gid = (gid_t)wantedGid;
        uid_t uid = (uid_t)wantedUid;
        if (syscall(SYS_setgroups, 0, NULL) != 0) clesson_child_fail(report, CLESSON_STAGE_USER, errno);
        if (syscall(SYS_setresgid, gid, gid, gid) != 0) clesson_child_fail(report, CLESSON_STAGE_USER, errno);
        if (syscall(SYS_setresuid, uid, uid, uid) != 0) clesson_child_fail(report, CLESSON_STAGE_USER, errno);
    }
    if (request->sandbox) {
        int error = clesson_limit(RLIMIT_CORE, 0);
        if (error == 0 && request->memory_limit > 0) error = clesson_limit(RLIMIT_AS, request->memory_limit);
        if (error == 0 && request->file_size_limit > 0) {
            error = clesson_limit(RLIMIT_FSIZE, request->file_size_limit);
        }
        if (error == 0 && request->thread_limit > 0) error = clesson_limit(RLIMIT_NPROC, request->thread_limit);
        if (error != 0) clesson_child_fail(report, CLESSON_STAGE_LIMITS, error);
        error = clesson_sandbox_install((pid_t)syscall(SYS_getpid), request->allow_processes);
        if (error != 0) clesson_child_fail(report, CLESSON_STAGE_SANDBOX, error);
    }
    if (!request->sandbox && request->uid < 0) {
        // Unconfined: by path, so a script runs too (its interpreter cannot reopen a
        // close-on-exec descriptor).
        execve(request->executable, request->argv, request->envp);
        clesson_child_fail(report, CLESSON_STAGE_EXEC, errno);
    }
    syscall(SYS_execveat, executableHigh, "", request->argv, request->envp, AT_EMPTY_PATH);
    clesson_child_fail(report, CLESSON_STAGE_EXEC, errno);
}

int clesson_spawn_confined(const struct clesson_spawn_request *request, pid_t *pid, int *stage) {
    *stage = CLESSON_STAGE_PREPARE;
    if (request->count < 0 || request->count > 64) return EINVAL;
    for (int i = 0; i < request->count; i++) {
        if (request->targets[i] < 0 || request->sources[i] < 0) return EBADF;
    }
    if (request->sandbox && !clesson_sandbox_supported()) return ENOSYS;
    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0) return errno;
    *stage = CLESSON_STAGE_OPEN;
    int executable = open(request->executable, O_PATH | O_CLOEXEC);
    if (executable < 0) {
        int error = errno;
        close(report[0]);
        close(report[1]);
        return error;
    }
    // No signal handler of this process may run in the child before it resets them all.
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &previous);
    *stage = CLESSON_STAGE_FORK;
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
    // Like fork, without running the handlers other libraries registered for it.
    pid_t child = _Fork();
#else
    pid_t child = fork();
#endif
    if (child == 0) clesson_child(request, executable, report[1]);
    int forkError = errno;
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    close(executable);
    close(report[1]);
    if (child < 0) {
        close(report[0]);
        return forkError;
    }
    int message[2] = {0, 0};
    size_t got = clesson_read_full(report[0], message, sizeof message);
    close(report[0]);
    if (got == 0) {
        // The report pipe closed at exec: the program runs.
        *stage = CLESSON_STAGE_NONE;
        *pid = child;
        return 0;
    }
    int status = 0;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    *stage = got == sizeof message ? message[0] : CLESSON_STAGE_EXEC;
    return got == sizeof message && message[1] != 0 ? message[1] : EIO;
}

#else

int clesson_spawn_confined(const struct clesson_spawn_request *request, pid_t *pid, int *stage) {
    (void)request;
    (void)pid;
    *stage = CLESSON_STAGE_PREPARE;
    return ENOSYS;
}

int clesson_sandbox_install(pid_t self, int allow_processes) {
    (void)self;
    (void)allow_processes;
    return ENOSYS;
}

int clesson_sandbox_supported(void) { return 0; }

int clesson_private_world(const char *directory, long long uid, long long gid) {
    (void)directory;
    (void)uid;
    (void)gid;
    return ENOSYS;
}

int clesson_loopback_up(void) { return ENOSYS; }

int clesson_system_view(char *const *paths, int count, const char *directory, long long uid, long long gid) {
    (void)paths;
    (void)count;
    (void)directory;
    (void)uid;
    (void)gid;
    return ENOSYS;
}

int clesson_set_nondumpable(void) { return -1; }

int clesson_is_dumpable(void) { return 1; }

#endif
