// Names of addresses, ports and networks through NSS, as net-tools looks them up when -n is not
// given: gethostbyaddr/getnameinfo per address (cached), and the services and protocols lists
// read once, where the last entry for a port wins (net-tools prepends each entry to its list).
import { binding } from '../native.js';

const hosts = new Map<string, string | null>();

/** NSS's name for an address (4 or 16 network-order bytes), or null. Cached for the process's life. */
export function hostName(address: Uint8Array): string | null {
  const key = Buffer.from(address).toString('hex');
  let name = hosts.get(key);
  if (name === undefined) {
    name = binding().hostByAddr(Buffer.from(address));
    hosts.set(key, name);
  }
  return name;
}

export type ServiceProto = 'tcp' | 'udp' | 'raw';

let services: Map<string, string> | undefined;

function serviceTable(): Map<string, string> {
  if (services) return services;
  services = new Map();
  const table = services;
  for (const [name, port, proto] of binding().services()) {
    if (proto === 'tcp' || proto === 'udp' || proto === 'raw') table.set(`${proto}/${port}`, name);
  }
  // Raw sockets' "port" is the IP protocol number: netstat names it from /etc/protocols, and
  // those entries are added after the services, so they win.
  for (const [name, number] of binding().protocols()) table.set(`raw/${number}`, name);
  return table;
}

/** The service name of a port for a protocol, or null. */
export function serviceName(port: number, proto: ServiceProto): string | null {
  return serviceTable().get(`${proto}/${port}`) ?? null;
}

/** getnetbyaddr(3) for a host-order network number. */
export function networkName(network: number): string | null {
  return binding().netByAddr(network);
}
