/*
 * Runs commands one at a time for bench/run.mjs and reports, for each, the kernel's
 * accounting of the finished child: wall time around fork..wait4, and wait4's rusage
 * (user and system CPU time, peak RSS).
 *
 * Why a separate C program: ru_maxrss survives execve (the kernel folds the old mm's
 * high-water RSS into the process's maxrss at exec), so a child forked from Node or
 * Python would report the parent's copied pages as its own peak. Forked from this
 * small program the child starts with next to nothing, as from a shell. The runner
 * stays alive for the whole bench, so its own start-up is never inside a figure.
 *
 * Protocol. Request on stdin: the argv strings, each NUL-terminated, then one empty
 * string. Reply on stdout, one line per request:
 *   WALL_NS USER_US SYS_US MAXRSS_KIB STATUS
 * STATUS is the exit code, 128+N if signal N ended the child, 127 if exec failed.
 * The child's stdin, stdout and stderr are /dev/null; it inherits cwd and environment.
 * End of input ends the runner.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long long micros(struct timeval tv) { return (long long)tv.tv_sec * 1000000LL + tv.tv_usec; }

/* Reads one request into *argv (NULL-terminated); returns 0 at end of input. */
static int read_request(char ***argv, size_t *argv_cap) {
  size_t argc = 0;
  for (;;) {
    char *arg = NULL;
    size_t cap = 0;
    if (getdelim(&arg, &cap, '\0', stdin) < 0) {
      free(arg);
      return 0;
    }
    if (argc + 1 >= *argv_cap) {
      *argv_cap = *argv_cap ? *argv_cap * 2 : 16;
      *argv = realloc(*argv, *argv_cap * sizeof **argv);
      if (!*argv) abort();
    }
    if (arg[0] == '\0') {
      free(arg);
      (*argv)[argc] = NULL;
      return argc > 0;
    }
    (*argv)[argc++] = arg;
  }
}

int main(void) {
  int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
  if (devnull < 0) {
    perror("wait4-runner: /dev/null");
    return 1;
  }
  char **argv = NULL;
  size_t argv_cap = 0;
  while (read_request(&argv, &argv_cap)) {
    long long start = now_ns();
    pid_t pid = fork();
    if (pid < 0) {
      perror("wait4-runner: fork");
      return 1;
    }
    if (pid == 0) {
      dup2(devnull, 0);
      dup2(devnull, 1);
      dup2(devnull, 2);
      execvp(argv[0], argv);
      _exit(127);
    }
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0) {
      perror("wait4-runner: wait4");
      return 1;
    }
    long long wall = now_ns() - start;
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    printf("%lld %lld %lld %ld %d\n", wall, micros(ru.ru_utime), micros(ru.ru_stime), ru.ru_maxrss, code);
    fflush(stdout);
    for (char **arg = argv; *arg; arg++) free(*arg);
  }
  return 0;
}
