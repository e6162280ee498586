// Types of the compiled binding (build/Release/ptools.node). The TS facade is src/core/native.ts.

export interface SysconfValues {
  /** sysconf(_SC_CLK_TCK): the unit of the tick counts in /proc/PID/stat and /proc/stat. */
  clockTicks: number;
  /** sysconf(_SC_PAGESIZE): the unit of /proc/PID/statm. */
  pageSize: number;
  /** sysconf(_SC_NPROCESSORS_ONLN). */
  onlineCpus: number;
}

export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  gecos: string;
  home: string;
  shell: string;
}

export interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

export interface Binding {
  sysconf(): SysconfValues;
  /** getpwuid_r(3) through NSS; null when no entry exists. */
  getpwuid(uid: number): PasswdEntry | null;
  /** getgrgid_r(3) through NSS; null when no entry exists. */
  getgrgid(gid: number): GroupEntry | null;
}
