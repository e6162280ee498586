// Names of addresses, ports and networks through NSS, as net-tools looks them up when -n is not
// given. The addon asks NSS once per value and keeps the answer (native/names.cc), one cache for
// these lookups and for the socket tables it prints itself.
import { binding } from '../native.js';

/** NSS's name for an address (4 or 16 network-order bytes), or null. */
export function hostName(address: Uint8Array): string | null {
  return binding().hostByAddr(Buffer.from(address.buffer, address.byteOffset, address.byteLength));
}

export type ServiceProto = 'tcp' | 'udp' | 'raw';

/** The service name of a port for a protocol, or null. */
export function serviceName(port: number, proto: ServiceProto): string | null {
  return binding().serviceName(port, proto);
}

/** getnetbyaddr(3) for a host-order network number. */
export function networkName(network: number): string | null {
  return binding().netByAddr(network);
}
