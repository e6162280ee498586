// Two JSON forms. `-o JSON` is sysstat's own text, byte for byte: TAB indents, `%.2f` numbers, its
// key names (`disk_device`, `rrqm`, `util`) and a document spanning every report. `--json` is jc's
// `iostat` shape: jc parses iostat's text, so each report's text is read the way jc reads it (a
// header line gives the keys, `%` -> `percent_`, `/` and `-` -> `_`, lower case, plus `type`).
import { printfFixed } from '../../format/number.js';
import type { IostatOptions } from './command.js';
import type { CpuFigures, DeviceFigures, Report } from './collect.js';
import { reportDate, reportTimestamp, unitOf, type Banner } from './render.js';

const tabs = (n: number) => '\t'.repeat(n);
const f2 = (value: number) => printfFixed(value, 2);

export function sysstatJsonBanner(b: Banner, iso: boolean): string {
  return [
    '{"sysstat": {',
    '\t"hosts": [',
    '\t\t{',
    `\t\t\t"nodename": "${b.nodename}",`,
    `\t\t\t"sysname": "${b.sysname}",`,
    `\t\t\t"release": "${b.release}",`,
    `\t\t\t"machine": "${b.machine}",`,
    `\t\t\t"number-of-cpus": ${b.cpus},`,
    `\t\t\t"date": "${reportDate(b.time, iso)}",`,
    '\t\t\t"statistics": [',
    '',
  ].join('\n');
}

export const SYSSTAT_JSON_END = '\t\t\t]\n\t\t}\n\t]\n}}\n';

function cpuJson(c: CpuFigures): string {
  return `"avg-cpu":  {"user": ${f2(c.user)}, "nice": ${f2(c.nice)}, "system": ${f2(c.system)}, "iowait": ${f2(c.iowait)}, "steal": ${f2(c.steal)}, "idle": ${f2(c.idle)}}`;
}

function deviceJson(d: DeviceFigures, options: IostatOptions): string {
  const { factor } = unitOf(options);
  const u = options.unit === 'MB' ? 'MB' : options.unit === 'kB' ? 'kB' : null;
  const head = `{"disk_device": "${d.name}", `;
  const per = (sectors: number) => f2(sectors / factor);
  const util = `"util": ${f2(d.util)}}`;
  if (!options.extended) {
    const p = u ?? 'Blk';
    const total = (sectors: bigint) => (sectors / BigInt(factor)).toString();
    return `${head}"tps": ${f2(d.tps)}, "${p}_read/s": ${per(d.rSectors)}, "${p}_wrtn/s": ${per(d.wSectors)}, "${p}_dscd/s": ${per(d.dSectors)}, "${p}_read": ${total(d.rdSec)}, "${p}_wrtn": ${total(d.wrSec)}, "${p}_dscd": ${total(d.dcSec)}}`;
  }
  if (options.short) {
    return `${head}"tps": ${f2(d.tps)}, "${u ?? 'sec'}/s": ${per(d.rSectors + d.wSectors + d.dSectors)}, "rqm/s": ${f2(d.merges)}, "await": ${f2(d.await)}, "areq-sz": ${f2(d.arqsz / 2)}, "aqu-sz": ${f2(d.aquSz)}, ${util}`;
  }
  const p = u ?? 'sec';
  return (
    `${head}"r/s": ${f2(d.rIos)}, "w/s": ${f2(d.wIos)}, "d/s": ${f2(d.dIos)}, "f/s": ${f2(d.fIos)}, ` +
    `"r${p}/s": ${per(d.rSectors)}, "w${p}/s": ${per(d.wSectors)}, "d${p}/s": ${per(d.dSectors)}, ` +
    `"rrqm/s": ${f2(d.rMerges)}, "wrqm/s": ${f2(d.wMerges)}, "drqm/s": ${f2(d.dMerges)}, ` +
    `"rrqm": ${f2(d.rrqm)}, "wrqm": ${f2(d.wrqm)}, "drqm": ${f2(d.drqm)}, ` +
    `"r_await": ${f2(d.rAwait)}, "w_await": ${f2(d.wAwait)}, "d_await": ${f2(d.dAwait)}, "f_await": ${f2(d.fAwait)}, ` +
    `"rareq-sz": ${f2(d.rArqsz / 2)}, "wareq-sz": ${f2(d.wArqsz / 2)}, "dareq-sz": ${f2(d.dArqsz / 2)}, ` +
    `"aqu-sz": ${f2(d.aquSz)}, ${util}`
  );
}

/** One report in sysstat's JSON (write_stats with -o JSON), without the separator that follows it. */
export function sysstatJsonReport(report: Report, options: IostatOptions, iso: boolean): string {
  let out = `${tabs(4)}{\n`;
  if (options.timestamp) out += `${tabs(5)}"timestamp": "${reportTimestamp(report.time, iso)}",\n`;
  if (report.cpu) out += `${tabs(5)}${cpuJson(report.cpu)}${report.tables ? ',' : ''}\n`;
  if (report.tables) {
    out += `${tabs(5)}"disk": [\n`;
    let started = false;
    for (const table of report.tables) {
      for (const row of table.rows) {
        if (started) out += ',\n';
        started = true;
        if (row) out += `${tabs(6)}${deviceJson(row, options)}`;
      }
    }
    out += `\n${tabs(5)}]\n`;
  }
  return `${out}${tabs(4)}}`;
}

export type JcRow = Record<string, string | number>;

const normalize = (title: string) => title.replace(/%/g, 'percent_').replace(/\//g, '_').replace(/-/g, '_').toLowerCase();

/** A cell as jc gives it: a number when the text is one, else the text (`142.3k`, `99.1%` with -h). */
const cell = (text: string): string | number => (/^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text);

/** jc's iostat parser over one report's text: one object per avg-cpu values line and per device line. */
export function jcRows(text: string): JcRow[] {
  const rows: JcRow[] = [];
  let section: 'cpu' | 'device' | null = null;
  let headers: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('avg-cpu:')) {
      section = 'cpu';
      headers = normalize(line.slice('avg-cpu:'.length)).trim().split(/\s+/);
      continue;
    }
    if (line.startsWith('Device') || line.endsWith(' Device')) {
      section = 'device';
      headers = normalize(line).trim().split(/\s+/);
      continue;
    }
    const cells = line.trim().split(/\s+/);
    if (section === null || line.trim() === '' || cells.length !== headers.length) continue;
    const row: JcRow = {};
    headers.forEach((header, i) => {
      row[header] = header === 'device' ? (cells[i] as string) : cell(cells[i] as string);
    });
    row.type = section;
    rows.push(row);
  }
  return rows;
}
