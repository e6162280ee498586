// procsmem --json: {"processes": [...], "access_denied": N}, each process with pid, user,
// cmdline (an array, null when unreadable) and uss, pss, swap and rss in bytes, in the text's order.
import type { ProcsmemReport } from './collect.js';

export function procsmemJson(report: ProcsmemReport) {
  return { processes: report.rows, access_denied: report.accessDenied };
}
