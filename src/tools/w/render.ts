// w's columns (procps-ng 4.0.2 w.c): USER, TTY, FROM (the host, or with -i the address and the
// display), LOGIN@, IDLE, JCPU, PCPU and WHAT, in C's "%-*.*s" widths and its 7-character times.
import { ipv4Text, ipv6Text, isV4Mapped } from '../../core/net/address.js';
import { cutBytes, padBytes } from '../../format/bytes.js';
import { localDay, pad2, strftime } from '../../format/time.js';
import type { WOptions } from './command.js';
import type { WRow } from './collect.js';

const isPrint = (byte: number) => byte >= 0x20 && byte < 0x7f;

/** print_host: printable bytes up to a NUL, a '-' in place of the first space or unprintable byte (and the end), padded. */
function host(raw: Buffer, width: number): string {
  let out = '';
  for (let i = 0; i < Math.min(raw.length, width); i++) {
    const byte = raw[i] as number;
    if (byte === 0) break;
    if (isPrint(byte) && byte !== 0x20) out += String.fromCharCode(byte);
    else {
      out += '-';
      break;
    }
  }
  if (out === '') out = '-';
  return out.padEnd(width);
}

/** print_display_or_interface: after an address, the ":display" of the host, or the "%interface" of an IPv6 one. */
function displayOrInterface(raw: Buffer, rest: number): string {
  if (rest <= 0) return '';
  const end = raw.length;
  const printable = (i: number) => isPrint(raw[i] as number);
  let out = '';
  let disp = 0;
  while (disp < end && raw[disp] !== 0x3a && printable(disp)) disp++;
  const emit = (from: number) => {
    let len = Math.min(end - from, rest);
    let at = from;
    while (len > 0 && printable(at) && raw[at] !== 0x20) {
      out += String.fromCharCode(raw[at] as number);
      len--;
      rest--;
      at++;
    }
    if (len > 0 && raw[at] !== 0) {
      rest--;
      out += '-';
    }
  };
  if (disp < end && raw[disp] === 0x3a) {
    let tmp = disp + 1;
    while (tmp < end && raw[tmp] !== 0x3a && printable(tmp)) tmp++;
    if (tmp >= end || raw[tmp] !== 0x3a) emit(disp);
    else {
      while (tmp < end && raw[tmp] !== 0x25 && printable(tmp)) tmp++;
      if (tmp < end && raw[tmp] === 0x25) emit(tmp);
    }
  }
  return out + ' '.repeat(Math.max(0, rest));
}

/** print_from: the host, or with -i the address (IPv4-mapped ones as IPv4) followed by the display. */
function from(row: WRow, options: WOptions): string {
  const width = options.fromLength;
  if (!options.ipAddresses) return host(row.record.rawHost, width);
  // An IPv4-mapped address is taken back to its IPv4 form (the first word).
  const address = isV4Mapped(row.record.address) ? Buffer.concat([row.record.address.subarray(12), Buffer.alloc(12)]) : row.record.address;
  const word = (i: number) => address.readUInt32BE(4 * i);
  let text = '';
  if (word(1) || word(2) || word(3)) text = ipv6Text(address).slice(0, width);
  else if (word(0)) {
    const v4 = ipv4Text(address);
    // inet_ntop into a buffer of fromlen + 1 bytes fails when the text does not fit.
    text = v4.length <= width ? v4 : '';
  }
  if (text === '') return host(row.record.rawHost, width);
  return text + displayOrInterface(row.record.rawHost, width - text.length);
}

/** print_logintime: today's logins as " HH:MM  ", this week's as " DddHH  ", older ones as " DDMonYY". */
function loginTime(seconds: number, now: number): string {
  const current = Math.trunc(now / 1000);
  if (current - seconds > 12 * 60 * 60 && localDay(seconds).yday !== localDay(current).yday) {
    return strftime(current - seconds > 6 * 24 * 60 * 60 ? ' %d%b%y' : ' %a%H  ', seconds);
  }
  return strftime(' %H:%M  ', seconds);
}

/** print_time_ival7: a 7-character interval, in w's new style or (-o) its old one. */
export function interval7(t: number, centiseconds: number, oldStyle: boolean): string {
  if (t < 0) return '   ?   ';
  const n2 = (n: number) => String(n).padStart(2);
  if (t >= 48 * 60 * 60) return ` ${n2(Math.trunc(t / 86400))}days`;
  if (oldStyle) {
    if (t >= 60 * 60) return ` ${n2(Math.trunc(t / 3600))}:${pad2(Math.trunc(t / 60) % 60)} `;
    if (t > 60) return ` ${n2(Math.trunc(t / 60))}:${pad2(t % 60)}m`;
    return '       ';
  }
  if (t >= 60 * 60) return ` ${n2(Math.trunc(t / 3600))}:${pad2(Math.trunc(t / 60) % 60)}m`;
  if (t > 60) return ` ${n2(Math.trunc(t / 60))}:${pad2(t % 60)} `;
  return ` ${n2(t)}.${pad2(centiseconds)}s`;
}

function ticks(value: number, hertz: number, oldStyle: boolean): string {
  return interval7(Math.trunc(value / hertz), Math.trunc((value % hertz) * (100 / hertz)), oldStyle);
}

export function renderHeader(uptime: string, options: WOptions): string {
  let text = `${uptime}\n${'USER'.padEnd(options.userLength)} TTY      `;
  if (options.from) text += 'FROM'.padEnd(options.fromLength - 1);
  text += options.longForm ? '  LOGIN@   IDLE   JCPU   PCPU WHAT\n' : '   IDLE WHAT\n';
  return text;
}

/** One row: a byte string. */
export function renderRow(row: WRow, options: WOptions, hertz: number, now: number): string {
  const { record } = row;
  const line = row.record.rawLine;
  const lineText = line.subarray(0, line.indexOf(0) < 0 ? 8 : Math.min(8, line.indexOf(0))).toString('latin1');
  let text = padBytes(record.user, options.userLength + 1, options.userLength) + lineText.padEnd(9);
  if (options.from) text += from(row, options);
  const idle = record.line.startsWith(':') ? ' ?xdm? ' : interval7(row.idle, 0, options.oldStyle);
  if (options.longForm) {
    text += loginTime(record.seconds, now) + idle + ticks(row.jcpu, hertz, options.oldStyle);
    text += row.pcpu > 0 ? ticks(row.pcpu, hertz, options.oldStyle) : '   ?   ';
  } else {
    text += idle;
  }
  return `${text} ${cutBytes(row.what, options.maxCommand)}\n`;
}
