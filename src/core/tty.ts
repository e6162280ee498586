// Terminal names from the tty_nr of /proc/PID/stat, found as procps' dev_to_tty finds them:
// /proc/tty/drivers first, then the /proc/PID/fd/2 link, then the well-known majors, then
// /proc/PID/fd/255 (bash keeps its tty there). Each candidate must exist in /dev with the same
// device number; otherwise the answer is "?".
import { readlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { defaultContext, readText, type ProcfsContext } from './procfs.js';

/** glibc's major()/minor() of a Linux dev_t as the kernel prints tty_nr. */
export function deviceMajor(dev: number): number {
  return (dev >>> 8) & 0xfff;
}
export function deviceMinor(dev: number): number {
  return (dev & 0xff) | ((dev >>> 12) & 0xfff00);
}

interface DriverRange {
  name: string;
  /** The driver names a directory of numbered devices (/dev/tts/%d style). */
  devfs: boolean;
  major: number;
  first: number;
  last: number;
}

/** Parses /proc/tty/drivers: "name  /dev/path  major  minor-range  type". */
export function parseTtyDrivers(text: string): DriverRange[] {
  const ranges: DriverRange[] = [];
  for (const line of text.split('\n')) {
    const match = / \/dev\/(\S+) +(\d+) +(\d+)(?:-(\d+))?/.exec(line);
    if (!match) continue;
    let name = match[1] as string;
    const devfs = name.length >= 3 && name.endsWith('%d');
    if (devfs) name = name.slice(0, -2);
    const first = Number(match[3]);
    ranges.push({ name: name.slice(0, 15), devfs, major: Number(match[2]), first, last: match[4] ? Number(match[4]) : first });
  }
  // procps builds its list by pushing to the front, so the last line is tried first.
  return ranges.reverse();
}

function isDeviceNumber(rdev: number, major: number, minor: number): boolean {
  return deviceMajor(rdev) === major && deviceMinor(rdev) === minor;
}

function isDevice(path: string, major: number, minor: number): boolean {
  try {
    return isDeviceNumber(statSync(path).rdev, major, minor);
  } catch {
    return false;
  }
}

/** Majors whose devices are PREFIX followed by the minor (procps' guess_name). */
const SIMPLE_TTY_PREFIXES: Readonly<Record<number, string>> = {
  11: 'ttyB', 17: 'ttyH', 19: 'ttyC', 22: 'ttyD', 23: 'ttyD', 24: 'ttyE', 32: 'ttyX', 43: 'ttyI',
  46: 'ttyR', 48: 'ttyL', 57: 'ttyP', 71: 'ttyF', 75: 'ttyW', 78: 'ttyM', 105: 'ttyV', 112: 'ttyM',
  148: 'ttyT', 154: 'ttySR', 164: 'ttyCH', 166: 'ttyACM', 172: 'ttyMX', 174: 'ttySI', 188: 'ttyUSB',
  208: 'ttyU', 216: 'ttyUB', 224: 'ttyY', 227: '3270/tty', 229: 'iseries/vtty', 256: 'ttyEQ',
};

/** The /dev path the major suggests (procps' guess_name; its major 204 table is left out), or null. */
function guessPath(major: number, minor: number): string | null {
  if (major === 3 && minor <= 255) {
    return `/dev/tty${'pqrstuvwxyzabcde'[minor >> 4]}${'0123456789abcdef'[minor & 15]}`;
  }
  if (major === 4) return minor < 64 ? `/dev/tty${minor}` : `/dev/ttyS${minor - 64}`;
  if (major >= 136 && major <= 143) return `/dev/pts/${minor + (major - 136) * 256}`;
  if (major === 156) return `/dev/ttySR${minor + 256}`;
  const prefix = SIMPLE_TTY_PREFIXES[major];
  return prefix === undefined ? null : `/dev/${prefix}${minor}`;
}

/** Resolves tty numbers to names for one run; the drivers table is read once. */
export class TtyNames {
  private drivers: DriverRange[] | undefined;
  private readonly cache = new Map<number, string>();

  constructor(private readonly ctx: ProcfsContext = defaultContext()) {}

  private driverPath(major: number, minor: number): string | null {
    if (this.drivers === undefined) {
      try {
        this.drivers = parseTtyDrivers(readText(join(this.ctx.proc, 'tty/drivers')));
      } catch {
        this.drivers = [];
      }
    }
    const driver = this.drivers.find((d) => d.major === major && d.first <= minor && d.last >= minor);
    if (!driver) return null;
    for (const path of [`/dev/${driver.name}${minor}`, `/dev/${driver.name}/${minor}`, driver.devfs ? null : `/dev/${driver.name}`]) {
      if (path === null) continue;
      let rdev: number;
      try {
        rdev = statSync(path).rdev;
      } catch {
        continue;
      }
      return isDeviceNumber(rdev, major, minor) ? path : null;
    }
    return null;
  }

  private linkPath(pid: number, fd: string, major: number, minor: number): string | null {
    try {
      const target = readlinkSync(join(this.ctx.proc, String(pid), 'fd', fd));
      return isDevice(target, major, minor) ? target : null;
    } catch {
      return null;
    }
  }

  /** The name ps shows: "?" without a terminal, else the /dev path without "/dev/". */
  name(ttyNr: number, pid: number): string {
    if (ttyNr === 0) return '?';
    const cached = this.cache.get(ttyNr);
    if (cached !== undefined) return cached;
    const major = deviceMajor(ttyNr);
    const minor = deviceMinor(ttyNr);
    const guessed = guessPath(major, minor);
    const path =
      this.driverPath(major, minor) ??
      this.linkPath(pid, '2', major, minor) ??
      (guessed !== null && isDevice(guessed, major, minor) ? guessed : null) ??
      this.linkPath(pid, '255', major, minor);
    if (path === null) return '?';
    const short = path.startsWith('/dev/') && path.length > 5 ? path.slice(5) : path;
    // Every candidate was checked against the device number, so the name holds for any process.
    const name = [...short].map((c) => (c <= ' ' || c > '~' ? '?' : c)).join('');
    this.cache.set(ttyNr, name);
    return name;
  }
}
