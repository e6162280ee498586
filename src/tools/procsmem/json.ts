// procsmem --json: {"processes": [...], "access_denied": N}, each process with pid, user,
// cmdline (an array, null when unreadable) and uss, pss, swap and rss in bytes, in the text's order.
import { procsmemRows, type ProcsmemTable } from './collect.js';

export function procsmemJson(table: ProcsmemTable) {
  return { processes: procsmemRows(table), access_denied: table.accessDenied };
}
