// ifconfig's text: lib/interface.c's long blocks, or with -s its short table under ifconfig's own
// header, whose "Iface      MTU" is four columns narrower than the rows (a net-tools quirk).
import type { InterfaceDetails } from '../../core/net/interfaces.js';
import { interfaceLong, interfaceShort } from '../../format/nettools-interface.js';

export const SHORT_HEADER = 'Iface      MTU    RX-OK RX-ERR RX-DRP RX-OVR    TX-OK TX-ERR TX-DRP TX-OVR Flg\n';

export function renderIfconfig(list: readonly InterfaceDetails[], short: boolean): string {
  return (short ? SHORT_HEADER : '') + list.map((iface) => (short ? interfaceShort(iface) : interfaceLong(iface))).join('');
}
