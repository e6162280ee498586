// ifconfig's command line as net-tools 2.10 reads it: leading words starting with "-" are -a, -s,
// -v, the version and help spellings, or an error; then an optional interface name. Anything
// after the name is a configuration request, which ptools (read only) refuses.
import { CommandFailed } from '../../core/errors.js';

/** ifconfig --help on stdout. */
export const USAGE = `Usage:
  ifconfig [-a] [-v] [-s] <interface> [[<AF>] <address>]
  [add <address>[/<prefixlen>]]
  [del <address>[/<prefixlen>]]
  [[-]broadcast [<address>]]  [[-]pointopoint [<address>]]
  [netmask <address>]  [dstaddr <address>]  [tunnel <address>]
  [outfill <NN>] [keepalive <NN>]
  [hw <HW> <address>]  [mtu <NN>]
  [[-]trailers]  [[-]arp]  [[-]allmulti]
  [multicast]  [[-]promisc]
  [mem_start <NN>]  [io_addr <NN>]  [irq <NN>]  [media <type>]
  [txqueuelen <NN>]
  [name <newname>]
  [[-]dynamic]
  [up|down] ...

  <HW>=Hardware Type.
  List of possible hardware types:
  <AF>=Address family. Default: inet
  List of possible address families:
`;

/** The hardware-type and address-family lists, which ifconfig writes to stderr after the usage. */
export const TYPE_LISTS = `    loop (Local Loopback) slip (Serial Line IP) cslip (VJ Serial Line IP) 
    slip6 (6-bit Serial Line IP) cslip6 (VJ 6-bit Serial Line IP) adaptive (Adaptive Serial Line IP) 
    ash (Ash) ether (Ethernet) ax25 (AMPR AX.25) 
    netrom (AMPR NET/ROM) rose (AMPR ROSE) tunnel (IPIP Tunnel) 
    ppp (Point-to-Point Protocol) hdlc ((Cisco)-HDLC) lapb (LAPB) 
    arcnet (ARCnet) dlci (Frame Relay DLCI) frad (Frame Relay Access Device) 
    sit (IPv6-in-IPv4) fddi (Fiber Distributed Data Interface) hippi (HIPPI) 
    irda (IrLAP) ec (Econet) x25 (generic X.25) 
    eui64 (Generic EUI-64) 
    unix (UNIX Domain) inet (DARPA Internet) inet6 (IPv6) 
    ax25 (AMPR AX.25) netrom (AMPR NET/ROM) rose (AMPR ROSE) 
    ipx (Novell IPX) ddp (Appletalk DDP) ec (Econet) 
    ash (Ash) x25 (CCITT X.25) 
`;

export interface IfconfigOptions {
  readonly all: boolean;
  readonly short: boolean;
  readonly verbose: boolean;
  /** One interface (or alias label) to show, or null for the list. */
  readonly iface: string | null;
  readonly json: boolean;
}

export type IfconfigCommand =
  | { readonly kind: 'run'; readonly options: IfconfigOptions }
  | { readonly kind: 'help' }
  | { readonly kind: 'version' };

export function parseIfconfigCommand(argv: readonly string[]): IfconfigCommand {
  const flags = { all: false, short: false, verbose: false, json: false };
  let at = 0;
  for (; at < argv.length && (argv[at] as string).startsWith('-'); at++) {
    const arg = argv[at] as string;
    if (arg === '-a') flags.all = true;
    else if (arg === '-s') flags.short = true;
    else if (arg === '-v') flags.verbose = true;
    else if (arg === '--json') flags.json = true;
    else if (arg === '-V' || arg === '-version' || arg === '--version') return { kind: 'version' };
    else if (arg === '-?' || arg === '-h' || arg === '-help' || arg === '--help') return { kind: 'help' };
    else throw new CommandFailed(`ifconfig: option \`${arg}' not recognised.\nifconfig: \`--help' gives usage information.\n`, 1);
  }
  const rest = argv.slice(at);
  if (rest.length > 1) {
    throw new CommandFailed(
      `ifconfig: ptools does not change interfaces (asked: ${rest.slice(1).join(' ')}); use ip(8) or the classic ifconfig\n`,
      1,
    );
  }
  return { kind: 'run', options: { ...flags, iface: rest[0] ?? null } };
}
