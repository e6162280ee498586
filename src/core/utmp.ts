// /var/run/utmp as glibc on Linux lays it out (struct utmp, 384 bytes a record): the count of
// logged-in users that uptime, w and top print.
const RECORD = 384;
const USER_PROCESS = 7;
/** Offset of ut_user (after ut_type, padding, ut_pid, ut_line[32] and ut_id[4]). */
const USER_AT = 44;

/** procps' count_users: records of type USER_PROCESS whose user name is not empty. */
export function countUtmpUsers(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let users = 0;
  for (let at = 0; at + RECORD <= bytes.length; at += RECORD) {
    if (view.getInt16(at, true) === USER_PROCESS && bytes[at + USER_AT] !== 0) users++;
  }
  return users;
}
