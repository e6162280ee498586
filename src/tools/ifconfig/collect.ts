// The interfaces ifconfig shows: every name of /proc/net/dev plus IPv4 labels, in nstrcmp order,
// UP ones unless -a; or the one name asked for (down or not).
import { interfaceDetails, interfaceNames, InterfaceError, netDevOrError, netDevWarning, readIfInet6, type InterfaceDetails } from '../../core/net/interfaces.js';
import { IFF } from '../../util/if-flags.js';
import type { ProcfsContext } from '../../core/procfs.js';
import type { IfconfigOptions } from './command.js';

export interface IfconfigReport {
  /** net-tools' warning when /proc/net/dev cannot be read, printed first; else empty. */
  readonly warning: string;
  readonly interfaces: InterfaceDetails[];
  /**
   * null on success; else what ifconfig prints as it gives up with status 1: the message for the
   * interface it could not fetch (which ends the listing), or nothing for a named interface when
   * /proc/net/dev cannot be read.
   */
  readonly error: string | null;
}

function fetchError(error: InterfaceError): string {
  return `${error.iface}: error fetching interface information: ${error.code === 'ENODEV' ? 'Device not found' : error.code}\n`;
}

export function collectIfconfig(ctx: ProcfsContext, options: IfconfigOptions): IfconfigReport {
  const { counters: netDev, error: netDevError } = netDevOrError(ctx);
  const warning = netDevError === null ? '' : netDevWarning(ctx, netDevError);
  // One interface asked for is looked up in /proc/net/dev only (lookup_interface): without it,
  // ifconfig gives up after the warning.
  if (netDevError !== null && options.iface !== null) return { warning, interfaces: [], error: '' };
  const inet6 = readIfInet6(ctx);
  const names = options.iface === null ? interfaceNames(ctx, netDev) : [options.iface];
  const interfaces: InterfaceDetails[] = [];
  for (const name of names) {
    try {
      const iface = interfaceDetails(name, ctx, netDev, inet6);
      if (options.iface !== null || iface.flags & IFF.UP || options.all) interfaces.push(iface);
    } catch (error) {
      if (error instanceof InterfaceError) return { warning, interfaces, error: fetchError(error) };
      throw error;
    }
  }
  return { warning, interfaces, error: null };
}
