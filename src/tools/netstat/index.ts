// pt-netstat: net-tools 2.10's netstat over /proc/net/* and the /proc/*/fd socket scan.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ToolContext } from '../../cli/context.js';
import { CommandFailed } from '../../core/errors.js';
import { interfaceDetails, interfaceNames, InterfaceError, netDevOrError, netDevWarning, readIfInet6, type InterfaceDetails } from '../../core/net/interfaces.js';
import { IFF } from '../../util/if-flags.js';
import { sysconf } from '../../core/system.js';
import { bytesOf } from '../../format/bytes.js';
import { jsonLine } from '../../format/json.js';
import { interfaceLong, interfaceShort } from '../../format/nettools-interface.js';
import { writeStderr } from '../../format/writer.js';
import { AF_LIST, parseNetstatCommand, USAGE, versionText, type NetstatOptions } from './command.js';
import { collectSockets } from './collect.js';
import { interfacesJson, socketsJson } from './json.js';
import { renderSockets } from './render.js';
import { routeReport, type RouteReport } from './route.js';
import { statisticsReport } from './statistics.js';

/** Output as bytes, or as text (JSON, and messages that are ASCII or hold arguments) written as UTF-8. */
interface Report {
  readonly stdout: string | Buffer;
  readonly stderr: string | Buffer;
  readonly exitCode: number;
}

async function socketsReport(tool: ToolContext, options: NetstatOptions): Promise<Report> {
  const report = await collectSockets(tool.procfs, options);
  const ctx = { options, clockTicks: sysconf().clockTicks, holders: report.holders };
  const stderr = report.items.map((item) => (item.type === 'stderr' ? item.text : '')).join('');
  // Group memberships have no JSON shape (jc has none): -g prints its text also with --json.
  const stdout = options.json && !options.groups ? jsonLine(socketsJson(report.items, ctx)) : renderSockets(report.items, ctx);
  return { stdout, stderr, exitCode: report.exitCode };
}

/** netstat -i: every interface (UP ones unless -a), short rows, or ifconfig's blocks with -e. */
function interfacesReport(tool: ToolContext, options: NetstatOptions, first: boolean): Report {
  const { counters: netDev, error: netDevError } = netDevOrError(tool.procfs);
  const inet6 = readIfInet6(tool.procfs);
  const shown: InterfaceDetails[] = [];
  // Interface names are byte strings, and so are the message and the rows that hold them.
  let stderr = netDevError === null ? '' : netDevWarning(tool.procfs, netDevError);
  let exitCode = 0;
  for (const name of interfaceNames(tool.procfs, netDev)) {
    try {
      const iface = interfaceDetails(name, tool.procfs, netDev, inet6);
      if (iface.flags & IFF.UP || options.all) shown.push(iface);
    } catch (error) {
      if (!(error instanceof InterfaceError)) throw error;
      stderr += `${name}: error fetching interface information: ${error.code === 'ENODEV' ? 'Device not found' : error.code}\nmissing interface information: No such device\n`;
      exitCode = 1;
      break;
    }
  }
  if (options.json) return { stdout: jsonLine(interfacesJson(shown)), stderr: bytesOf(stderr), exitCode };
  // The title is printed once per run (netstat keeps its socket open across -c rounds).
  let stdout = first ? 'Kernel Interface table\n' : '';
  if (options.extend < 2) stdout += 'Iface             MTU    RX-OK RX-ERR RX-DRP RX-OVR    TX-OK TX-ERR TX-DRP TX-OVR Flg\n';
  stdout += shown.map((iface) => (options.extend < 2 ? interfaceShort(iface) : interfaceLong(iface))).join('');
  return { stdout: bytesOf(stdout), stderr: bytesOf(stderr), exitCode };
}

/** The route tables' text is a byte string (interface and NSS names); its messages are ASCII. */
function routeBytes(report: RouteReport): Report {
  return { ...report, stdout: bytesOf(report.stdout) };
}

function notImplemented(what: string): never {
  throw new CommandFailed(`netstat: ${what} is not implemented by ptools yet; use the classic netstat\n`, 1);
}

export async function runNetstat(argv: readonly string[], tool: ToolContext): Promise<void> {
  const command = parseNetstatCommand(argv);
  if (command.kind === 'help') {
    tool.output.write(USAGE);
    await tool.output.flush();
    writeStderr(AF_LIST);
    return;
  }
  if (command.kind === 'version') return tool.output.write(versionText(tool.version));
  const { options } = command;
  if (command.warnings) writeStderr(command.warnings);
  if (options.mode === 'masquerade') {
    if (!existsSync(join(tool.procfs.proc, 'net/ip_masquerade'))) {
      throw new CommandFailed("netstat: no support for `ip_masquerade' on this system.\n", 1);
    }
    notImplemented('-M');
  }
  if (options.mode === 'statistics') {
    // netstat -s prints once, even with -c.
    const report = statisticsReport(tool.procfs, options);
    if (report.stderr) writeStderr(report.stderr);
    tool.output.write(report.stdout);
    await tool.output.flush();
    process.exitCode = report.exitCode;
    return;
  }
  for (let round = 0; ; round++) {
    const report =
      options.mode === 'interfaces'
        ? interfacesReport(tool, options, round === 0)
        : options.mode === 'route'
          ? routeBytes(routeReport(tool.procfs, options))
          : await socketsReport(tool, options);
    if (report.stderr) writeStderr(report.stderr);
    tool.output.write(report.stdout);
    await tool.output.flush();
    if (report.exitCode !== 0) {
      process.exitCode = report.exitCode;
      return;
    }
    // netstat never checks its writes: only a closed pipe ends -c.
    if (!options.continuous || tool.output.brokenPipe) return;
    // netstat -c: the whole report again every second until interrupted (a plain timer: the
    // node:timers/promises module would be loaded by every run for this one mode).
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
