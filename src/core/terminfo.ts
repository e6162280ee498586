// String capabilities of a terminal from the compiled terminfo database, looked up as ncurses
// does (term(5)): $TERMINFO, ~/.terminfo, $TERMINFO_DIRS, then Debian's /etc/terminfo,
// /lib/terminfo and /usr/share/terminfo, each as DIR/FIRST-LETTER/NAME. psmisc's pstree asks
// for bold ("md") and sgr0 ("me") to highlight processes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Indexes in the string table of term(5)'s legacy and extended formats. */
export const TERMINFO_STRING = { bold: 27, exitAttributeMode: 39 } as const;

const LEGACY_MAGIC = 0o432;
const NUMBER32_MAGIC = 0o1036;

function searchDirectories(env: NodeJS.ProcessEnv): string[] {
  const dirs: string[] = [];
  if (env.TERMINFO) dirs.push(env.TERMINFO);
  if (env.HOME) dirs.push(join(env.HOME, '.terminfo'));
  if (env.TERMINFO_DIRS) dirs.push(...env.TERMINFO_DIRS.split(':').map((dir) => dir || '/usr/share/terminfo'));
  dirs.push('/etc/terminfo', '/lib/terminfo', '/usr/share/terminfo');
  return dirs;
}

/** The compiled entry of a terminal, or null when none is found (tgetent's failure). */
export function readTerminfo(term: string, env: NodeJS.ProcessEnv = process.env): Buffer | null {
  if (term === '' || term.includes('/')) return null;
  for (const dir of searchDirectories(env)) {
    for (const sub of [term[0] as string, (term.codePointAt(0) as number).toString(16)]) {
      try {
        return readFileSync(join(dir, sub, term));
      } catch {
        // not in this directory
      }
    }
  }
  return null;
}

/** String capability `index` of a compiled entry (bytes as a latin1 string), or null when absent. */
export function terminfoString(entry: Buffer, index: number): string | null {
  if (entry.length < 12) return null;
  const magic = entry.readInt16LE(0);
  if (magic !== LEGACY_MAGIC && magic !== NUMBER32_MAGIC) return null;
  const namesSize = entry.readInt16LE(2);
  const booleans = entry.readInt16LE(4);
  const numbers = entry.readInt16LE(6);
  const strings = entry.readInt16LE(8);
  if (index >= strings) return null;
  let at = 12 + namesSize + booleans;
  if (at % 2 === 1) at++;
  at += numbers * (magic === NUMBER32_MAGIC ? 4 : 2);
  const offset = entry.readInt16LE(at + index * 2);
  if (offset < 0) return null;
  const table = at + strings * 2 + offset;
  const end = entry.indexOf(0, table);
  return entry.toString('latin1', table, end < 0 ? entry.length : end);
}

/** What tputs writes for a capability at no baud rate: the string without its $<N> delays. */
export function withoutPadding(capability: string): string {
  return capability.replace(/\$<[0-9.]*\*?\/?>/g, '');
}

/** More string indexes of term(5): set_attributes (sgr) and exit_alt_charset_mode (rmacs). */
const SET_ATTRIBUTES = 131;
const EXIT_ALT_CHARSET = 38;

/**
 * sgr with every parameter 0: with all parameters false, each %? takes its %e branch (or
 * nothing), so no stack is needed.
 */
export function attributesOff(sgr: string): string {
  let out = '';
  const skipBranch = (from: number): number => {
    let depth = 0;
    for (let j = from; j < sgr.length; j++) {
      if (sgr[j] !== '%') continue;
      const code = sgr[j + 1];
      if (code === '?') depth++;
      else if (code === ';') {
        if (depth === 0) return j + 2;
        depth--;
      } else if (code === 'e' && depth === 0) return j + 2;
      j++;
    }
    return sgr.length;
  };
  for (let i = 0; i < sgr.length; ) {
    if (sgr[i] !== '%') {
      out += sgr[i++];
      continue;
    }
    const code = sgr[i + 1];
    if (code === 't') i = skipBranch(i + 2);
    else if (code === 'e') {
      // The end of a branch that was taken: jump over the alternative.
      let depth = 0;
      let j = i + 2;
      for (; j < sgr.length; j++) {
        if (sgr[j] !== '%') continue;
        if (sgr[j + 1] === '?') depth++;
        else if (sgr[j + 1] === ';' && depth-- === 0) break;
        j++;
      }
      i = j + 2;
    } else if (code === 'p') i += 3;
    else if (code === '%') {
      out += '%';
      i += 2;
    } else i += 2;
  }
  return out;
}

/**
 * What termcap's "me" gives through ncurses (its _nc_trim_sgr0): sgr(0) without the
 * alternate-charset reset when that is a plain "ESC [ 0 m" or "ESC [ m", else sgr0 itself.
 */
export function termcapNormal(entry: Buffer): string | null {
  const sgr0 = terminfoString(entry, TERMINFO_STRING.exitAttributeMode);
  if (sgr0 === null) return null;
  const sgr = terminfoString(entry, SET_ATTRIBUTES);
  if (sgr !== null) {
    let off = withoutPadding(attributesOff(sgr));
    const rmacs = terminfoString(entry, EXIT_ALT_CHARSET);
    if (rmacs) {
      const reset = withoutPadding(rmacs);
      // An rmacs of SGR 10 (primary font) is a parameter of sgr(0), not a sequence of its own.
      off = reset === '\x1b[10m' ? off.replace(/;10(?=[;m])/, '') : off.replace(reset, '');
    }
    if (/^\x1b\[0?m$/.test(off)) return off;
  }
  return withoutPadding(sgr0);
}
