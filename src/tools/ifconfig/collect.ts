// The interfaces ifconfig shows: every name of /proc/net/dev plus IPv4 labels, in nstrcmp order,
// UP ones unless -a; or the one name asked for (down or not).
import { interfaceDetails, interfaceNames, InterfaceError, readIfInet6, readNetDev, type InterfaceDetails } from '../../core/net/interfaces.js';
import { IFF } from '../../util/if-flags.js';
import type { ProcfsContext } from '../../core/procfs.js';
import type { IfconfigOptions } from './command.js';

export interface IfconfigReport {
  readonly interfaces: InterfaceDetails[];
  /** ifconfig's message for the interface it could not fetch, which ends the listing. */
  readonly error: string | null;
}

function fetchError(error: InterfaceError): string {
  return `${error.iface}: error fetching interface information: ${error.code === 'ENODEV' ? 'Device not found' : error.code}\n`;
}

export function collectIfconfig(ctx: ProcfsContext, options: IfconfigOptions): IfconfigReport {
  const netDev = readNetDev(ctx);
  const inet6 = readIfInet6(ctx);
  const names = options.iface === null ? interfaceNames(ctx, netDev) : [options.iface];
  const interfaces: InterfaceDetails[] = [];
  for (const name of names) {
    try {
      const iface = interfaceDetails(name, ctx, netDev, inet6);
      if (options.iface !== null || iface.flags & IFF.UP || options.all) interfaces.push(iface);
    } catch (error) {
      if (error instanceof InterfaceError) return { interfaces, error: fetchError(error) };
      throw error;
    }
  }
  return { interfaces, error: null };
}
