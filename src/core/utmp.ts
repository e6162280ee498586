// The login records of /var/run/utmp, read as glibc's getutent reads them: a sequence of
// struct utmp, 384 bytes each on x86_64 (bits/utmp.h), a short tail ignored.
import { readFileSync } from 'node:fs';

export const UTMP_PATH = '/var/run/utmp';
export const UTMP_RECORD_SIZE = 384;
/** ut_type of a login session. */
export const USER_PROCESS = 7;

export interface UtmpRecord {
  readonly type: number;
  readonly pid: number;
  /** ut_line (32 bytes), ut_user (32), ut_host (256): byte strings up to the first NUL. */
  readonly line: string;
  readonly id: string;
  readonly user: string;
  readonly host: string;
  /** ut_line and ut_host as stored, NULs included, for the tools that read past a NUL. */
  readonly rawLine: Buffer;
  readonly rawHost: Buffer;
  readonly session: number;
  /** ut_tv.tv_sec and tv_usec (32-bit fields on x86_64). */
  readonly seconds: number;
  readonly microseconds: number;
  /** ut_addr_v6 as four network-order 32-bit words. */
  readonly address: Buffer;
}

function field(data: Buffer, start: number, length: number): string {
  const bytes = data.subarray(start, start + length);
  const nul = bytes.indexOf(0);
  return bytes.subarray(0, nul < 0 ? bytes.length : nul).toString('latin1');
}

/** Every whole record of a utmp file's bytes. */
export function parseUtmp(data: Buffer): UtmpRecord[] {
  const records: UtmpRecord[] = [];
  for (let o = 0; o + UTMP_RECORD_SIZE <= data.length; o += UTMP_RECORD_SIZE) {
    records.push({
      type: data.readInt16LE(o),
      pid: data.readInt32LE(o + 4),
      line: field(data, o + 8, 32),
      id: field(data, o + 40, 4),
      user: field(data, o + 44, 32),
      host: field(data, o + 76, 256),
      rawLine: data.subarray(o + 8, o + 40),
      rawHost: data.subarray(o + 76, o + 332),
      session: data.readInt32LE(o + 336),
      seconds: data.readInt32LE(o + 340),
      microseconds: data.readInt32LE(o + 344),
      address: data.subarray(o + 348, o + 364),
    });
  }
  return records;
}

/** The records of the utmp file, none when it cannot be read (as getutent finds none). */
export function readUtmp(path: string = UTMP_PATH): UtmpRecord[] {
  try {
    return parseUtmp(readFileSync(path));
  } catch {
    return [];
  }
}

/** Logged-in users as uptime and w count them: USER_PROCESS records with a user name. */
export function countUsers(records: readonly UtmpRecord[]): number {
  return records.filter((r) => r.type === USER_PROCESS && r.user !== '').length;
}
