// pmap's four layouts over the lines of maps or smaps, as procps-ng 4.0.2 prints them: the
// default (address, size, mode, name), -x (with RSS and Dirty from smaps), -d (with offset and
// device) and -X/-XX/-c (smaps' own fields, widths measured over the whole file first).
import { parseMapsLine, parseSmapsDetail, parseSmapsMapping, parseVmFlags, type MapsLine } from '../../core/process/maps.js';
import { CommandFailed } from '../../core/errors.js';
import { fgetsEnd, fgetsLines } from '../../core/text.js';
import type { PmapOptions } from './command.js';

/** The process as pmap's header and names need it. */
export interface PmapProcess {
  /** The thread group id (the pid asked for, unless that was a thread's id). */
  readonly pid: number;
  /** The command line as procps' library gives it (escaped, "[comm]" without one). */
  readonly command: string;
  /** stat's startstack, for "[ stack ]". */
  readonly startStack: bigint;
}

const hex16 = (value: bigint) => value.toString(16).padStart(16, '0');

/** The line without its newline, each byte outside isprint() (C's, or any byte above 0x7e) as '?'. */
function printable(line: string): string {
  const cut = line.endsWith('\n') ? line.slice(0, -1) : line;
  return cut.replace(/[^\x20-\x7e]/g, '?');
}

/**
 * pmap's mapping_name: "[ shmid=0x... ]" for a System V shared memory segment, else the
 * basename (the path with -p), else "[ anon ]" or "[ stack ]". pmap knows a segment by the
 * device minor of one it attaches itself; a segment is a file "/SYSVkey" at the root of the
 * kernel's internal shm mount (major 0), which is what is matched here.
 */
function mappingName(process: PmapProcess, map: MapsLine, length: bigint, line: string, showPath: boolean): string {
  const path = line.indexOf('/');
  if (map.major === 0 && path >= 0 && /^\/SYSV[0-9a-f]{8}(?: \(deleted\))?$/.test(line.slice(path))) {
    return `  [ shmid=0x${map.inode.toString(16)} ]`;
  }
  const slash = line.lastIndexOf('/');
  if (slash >= 0) {
    if (showPath) return line.slice(path);
    return slash + 1 < line.length ? line.slice(slash + 1) : '/';
  }
  return process.startStack >= map.start && process.startStack <= map.start + length ? '  [ stack ]' : '  [ anon ]';
}

/** justify_print: a header cell, or the heading and a newline when the width is 0. */
function justify(text: string, width: number, right: boolean): [string, number] {
  if (width < 1) return [`${text}\n`, width];
  const w = Math.max(width, text.length);
  return [`${right ? text.padStart(w) : text.padEnd(w)} `, w];
}

interface Totals {
  shared: bigint;
  privateWriteable: bigint;
  privateReadonly: bigint;
}

/** The number after a smaps key's colon, as sscanf's " %llu" reads it. */
const KB_VALUE = /\s*(\d+)/y;

/** pmap's mapbuf: fgets reads at most 1023 bytes of a line at a time. */
const FGETS_SIZE = 1024;

/**
 * The key -x sums that the line at `from` (starting with `first`) names, with its colon, or null:
 * sscanf's "%20[^:]:" names the key before the first colon. Most lines are other keys, told
 * apart by their first letter.
 */
function summedKey(text: string, from: number, first: number): 'Rss:' | 'Shared_Dirty:' | 'Private_Dirty:' | 'Swap:' | null {
  if (first === 0x52) return text.startsWith('Rss:', from) ? 'Rss:' : null;
  if (first === 0x50) return text.startsWith('Private_Dirty:', from) ? 'Private_Dirty:' : null;
  if (first !== 0x53) return null;
  if (text.startsWith('Swap:', from)) return 'Swap:';
  return text.startsWith('Shared_Dirty:', from) ? 'Shared_Dirty:' : null;
}

/** The number after a key's colon in an fgets piece, or null when sscanf would find none. */
function kbValue(afterColon: string): number | null {
  KB_VALUE.lastIndex = 0;
  const match = KB_VALUE.exec(afterColon);
  return match === null ? null : Number(match[1]);
}

/** The default, -x and -d layouts of one process. */
export function renderSimple(process: PmapProcess, text: string, options: PmapOptions): string {
  let out = '';
  const t: Totals = { shared: 0n, privateWriteable: 0n, privateReadonly: 0n };
  let rss = 0;
  let sharedDirty = 0;
  let privateDirty = 0;
  let totalRss = 0;
  let totalDirty = 0;
  let start = 0n;
  let diff = 0n;
  let perms = '';
  let name: string | null = null;
  if (!options.quiet && options.extended) out += 'Address           Kbytes     RSS   Dirty Mode  Mapping\n';
  if (!options.quiet && options.device) out += 'Address           Kbytes Mode  Offset           Device    Mapping\n';
  // fgets(mapbuf, 1024) one piece at a time, walked by index: of smaps' many key lines -x reads
  // four, and no string is made for the others.
  for (let at = 0; at < text.length; ) {
    const from = at;
    at = fgetsEnd(text, from, FGETS_SIZE);
    const first = text.charCodeAt(from);
    if (first >= 0x41 && first <= 0x5a) {
      // smaps' "Key: N kB" lines (sscanf "%20[^:]: %llu"), of which -x sums four.
      const key = summedKey(text, from, first);
      if (key === null) continue;
      const value = kbValue(text.slice(from + key.length, at));
      if (value === null) continue;
      if (key === 'Rss:') {
        rss = value;
        totalRss += value;
      } else if (key === 'Shared_Dirty:') {
        sharedDirty = value;
        totalDirty += value;
      } else if (key === 'Private_Dirty:') {
        privateDirty = value;
        totalDirty += value;
      } else {
        if (name !== null) {
          out += `${hex16(start)} ${String(diff >> 10n).padStart(7)} ${String(rss).padStart(7)} ${String(privateDirty + sharedDirty).padStart(7)} ${perms.padStart(5)} ${name}\n`;
        }
        rss = sharedDirty = privateDirty = 0;
        diff = 0n;
        perms = '';
        name = null;
      }
      continue;
    }
    const raw = text.slice(from, at);
    const map = parseMapsLine(raw);
    if (map === null) continue;
    start = map.start;
    if (map.end - 1n < options.rangeLow) continue;
    if (options.rangeHigh < map.start) break;
    const line = printable(raw);
    diff = map.end - map.start;
    const p = map.perms.split('');
    if (p[3] === 's') t.shared += diff;
    if (p[3] === 'p') {
      p[3] = '-';
      if (p[1] === 'w') t.privateWriteable += diff;
      else t.privateReadonly += diff;
    }
    p[4] = '-';
    perms = Array.from({ length: 5 }, (_, i) => p[i] ?? '').join('');
    const cp = mappingName(process, map, diff, line, options.showPath);
    if (options.extended) {
      name = cp;
      continue;
    }
    if (options.device) {
      const device = `${map.major.toString(16).padStart(3, '0')}:${map.minor.toString(16).padStart(5, '0')}`;
      out += `${hex16(map.start)} ${String(diff >> 10n).padStart(7)} ${perms.padStart(5)} ${hex16(map.offset)} ${device} ${cp}\n`;
    } else out += `${hex16(map.start)} ${String(diff >> 10n).padStart(6)}K ${perms} ${cp}\n`;
  }
  if (!options.quiet) {
    const mapped = (t.shared + t.privateWriteable + t.privateReadonly) >> 10n;
    if (options.extended) {
      out += '---------------- ------- ------- ------- \n';
      out += `${'total kB'.padEnd(16)} ${String(mapped).padStart(7)} ${String(totalRss).padStart(7)} ${String(totalDirty).padStart(7)}\n`;
    } else if (options.device) {
      out += `mapped: ${mapped}K    writeable/private: ${t.privateWriteable >> 10n}K    shared: ${t.shared >> 10n}K\n`;
    } else out += ` total ${String(mapped).padStart(16)}K\n`;
  }
  return out;
}

// -X leaves out these smaps fields (and VmFlags); -XX shows everything.
const UNIMPORTANT = new Set(['AnonHugePages', 'KernelPageSize', 'MMUPageSize', 'Shared_Dirty', 'Private_Dirty', 'Shared_Clean', 'Private_Clean', 'VmFlags']);

interface Field {
  readonly description: string;
  valueText: string;
  total: bigint;
  maxWidth: number;
}

/**
 * -X, -XX and -c. pmap keeps the list of fields, their widths and their totals from one process
 * to the next, so a later process's totals include the earlier ones' (procps-ng 4.0.2 does so).
 */
export class ExtendedMaps {
  private readonly fields: Field[] = [];

  constructor(
    private readonly options: PmapOptions,
    /** The fields named in the rc file (-c/-C), or null. */
    private readonly rcFields: ReadonlySet<string> | null,
  ) {}

  private enabled(name: string): boolean {
    if (this.options.more === 1) return !UNIMPORTANT.has(name);
    if (this.rcFields !== null) return this.rcFields.has(name);
    return true;
  }

  /** One process's table; throws pmap's error (after what was printed) on a line it cannot read. */
  render(text: string): { out: string; error: CommandFailed | null } {
    const quiet = this.options.quiet;
    const lines = fgetsLines(text, FGETS_SIZE);
    let at = 0;
    const next = () => (at < lines.length ? (lines[at++] as string) : null);
    let out = '';
    let w1 = 0;
    let w2 = 0;
    let w3 = 0;
    let w4 = 0;
    let w5 = 0;
    let wv = 0;
    let hasVmFlags = false;
    let vmFlags = '';
    let first = 2;
    let line = next();
    const cell = (text: string, width: number, right: boolean) => {
      const [printed, used] = justify(text, width, right);
      out += printed;
      return used;
    };
    while (line !== null) {
      const mapping = parseSmapsMapping(line);
      if (mapping === null) return { out, error: new CommandFailed('pmap: Unknown format in smaps file!\n', 1) };
      w1 = Math.max(w1, mapping.start.length);
      w2 = Math.max(w2, mapping.perms.length);
      w3 = Math.max(w3, mapping.offset.length);
      w4 = Math.max(w4, mapping.device.length);
      w5 = Math.max(w5, mapping.inode.length);
      // A line longer than one fgets: pmap reads the rest of it and drops it. (On a last line
      // without its newline procps would read on forever; that is taken as the format error.)
      while (!line.endsWith('\n')) {
        line = next();
        if (line === null) return { out, error: new CommandFailed('pmap: Unknown format in smaps file!\n', 1) };
      }
      line = next();
      let detail = line === null ? null : parseSmapsDetail(line);
      let index = 0;
      while (line !== null && detail !== null) {
        if (this.enabled(detail.key)) {
          let field = this.fields[index];
          if (field === undefined) {
            field = { description: detail.key, valueText: '', total: 0n, maxWidth: quiet ? 0 : detail.key.length };
            this.fields.push(field);
          } else if (field.description !== detail.key) {
            return { out, error: new CommandFailed(`pmap: ERROR: inconsistent detail field in smaps file, line:\n ${line}\n`, 1) };
          }
          field.valueText = detail.value;
          if (first === 2) {
            field.total += BigInt(detail.value);
            if (quiet) field.maxWidth = Math.max(field.maxWidth, detail.value.length);
          }
          index++;
        }
        line = next();
        detail = line === null ? null : parseSmapsDetail(line);
      }
      const flags = line === null ? null : parseVmFlags(line);
      if (flags !== null) {
        vmFlags = flags;
        wv = Math.max(wv, flags.length);
        hasVmFlags = true;
        line = next();
      }
      if (first === 2) {
        if (line === null) {
          // Widths known: read the file again, printing.
          first = 1;
          at = 0;
          line = next();
          if (!quiet) for (const field of this.fields) field.maxWidth = Math.max(field.maxWidth, String(field.total).length);
        }
        continue;
      }
      if (first === 1 && !quiet) {
        w1 = cell('Address', w1, true);
        if (this.enabled('Perm')) w2 = cell('Perm', w2, true);
        if (this.enabled('Offset')) w3 = cell('Offset', w3, true);
        if (this.enabled('Device')) w4 = cell('Device', w4, true);
        if (this.enabled('Inode')) w5 = cell('Inode', w5, true);
        for (const field of this.fields) cell(field.description, field.maxWidth, true);
        if (hasVmFlags && this.enabled('VmFlags')) wv = cell('VmFlags', wv, true);
        if (this.enabled('Mapping')) cell('Mapping', 0, false);
        else out += '\n';
      }
      out += mapping.start.padStart(w1);
      if (this.enabled('Perm')) out += ` ${mapping.perms.padStart(w2)}`;
      if (this.enabled('Offset')) out += ` ${mapping.offset.padStart(w3)}`;
      if (this.enabled('Device')) out += ` ${mapping.device.padStart(w4)}`;
      if (this.enabled('Inode')) out += ` ${mapping.inode.padStart(w5)}`;
      for (const field of this.fields) out += ` ${field.valueText.padStart(field.maxWidth)}`;
      if (hasVmFlags && this.enabled('VmFlags')) out += ` ${vmFlags.padStart(wv)}`;
      if (this.enabled('Mapping')) {
        const slash = mapping.name.lastIndexOf('/');
        out += ` ${this.options.showPath || slash < 0 ? mapping.name : mapping.name.slice(slash + 1)}`;
      }
      out += '\n';
      first = 0;
    }
    if (!quiet && this.fields.length > 0) {
      let gap = w1 + 1;
      if (this.enabled('Perm')) gap += w2 + 1;
      if (this.enabled('Offset')) gap += w3 + 1;
      if (this.enabled('Device')) gap += w4 + 1;
      if (this.enabled('Inode')) gap += w5 + 1;
      out += ' '.repeat(gap);
      for (const field of this.fields) out += `${'='.repeat(field.maxWidth)} `;
      out += `\n${' '.repeat(gap)}`;
      for (const field of this.fields) out += `${String(field.total).padStart(field.maxWidth)} `;
      out += 'KB \n';
    }
    return { out, error: null };
  }
}
