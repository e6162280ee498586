// netstat -s: the SNMP counters as net-tools 2.10's statistics.c words them. Each known counter
// has a sentence; "opt" counters are left out at 0; counters it does not know print "Name: value"
// when not 0. Its lookup is a binary search over tables that are not quite sorted, so some known
// names are missed (Forwarding, TCPTimeouts...) and print as unknown: the search is done the same way.
import { parseSnmp6, parseSnmpGroups, readSnmpFiles } from '../../core/net/tables.js';
import type { ProcfsContext } from '../../core/procfs.js';
import type { NetstatOptions } from './command.js';

/** n number, o omitted when 0, f forwarding, i/O ICMP input/output histogram, r RTO algorithm; s: static (never shown). */
type Table = ReadonlyArray<readonly [string, string, string]>;

const IP: Table = [
  ["DefaultTTL", "Default TTL is %u", "ns"],
  ["Forwarding", "Forwarding is %s", "fs"],
  ["ForwDatagrams", "%u forwarded", "n"],
  ["FragCreates", "%u fragments created", "o"],
  ["FragFails", "%u outgoing packets failed fragmentation", "o"],
  ["FragOKs", "%u outgoing packets fragmented ok", "o"],
  ["InAddrErrors", "%u with invalid addresses", "o"],
  ["InDelivers", "%u incoming packets delivered", "n"],
  ["InDiscards", "%u incoming packets discarded", "n"],
  ["InHdrErrors", "%u with invalid headers", "o"],
  ["InReceives", "%u total packets received", "n"],
  ["InUnknownProtos", "%u with unknown protocol", "o"],
  ["OutDiscards", "%u outgoing packets dropped", "o"],
  ["OutNoRoutes", "%u dropped because of missing route", "o"],
  ["OutRequests", "%u requests sent out", "n"],
  ["ReasmFails", "%u packet reassemblies failed", "o"],
  ["ReasmOKs", "%u packets reassembled ok", "o"],
  ["ReasmReqds", "%u reassemblies required", "o"],
  ["ReasmTimeout", "%u fragments dropped after timeout", "o"],
];
const IP6: Table = [
  ["Ip6FragCreates", "%u fragments created", "o"],
  ["Ip6FragFails", "%u outgoing packets failed fragmentation", "o"],
  ["Ip6FragOKs", "%u outgoing packets fragmented ok", "o"],
  ["Ip6InAddrErrors", "%u with invalid addresses", "o"],
  ["Ip6InDelivers", "%u incoming packets delivered", "n"],
  ["Ip6InDiscards", "%u incoming packets discarded", "n"],
  ["Ip6InHdrErrors", "%u with invalid headers", "o"],
  ["Ip6InMcastPkts", "%u incoming multicast packets", "o"],
  ["Ip6InNoRoutes", "%u incoming packets with no route", "o"],
  ["Ip6InReceives", "%u total packets received", "n"],
  ["Ip6InTooBigErrors", "%u with packets too big", "o"],
  ["Ip6InTruncatedPkts", "%u with truncated packets", "o"],
  ["Ip6InUnknownProtos", "%u with unknown protocol", "o"],
  ["Ip6OutDiscards", "%u outgoing packets dropped", "o"],
  ["Ip6OutForwDatagrams", "%u forwarded", "n"],
  ["Ip6OutMcastPkts", "%u outgoing multicast packets", "o"],
  ["Ip6OutNoRoutes", "%u dropped because of missing route", "o"],
  ["Ip6OutRequests", "%u requests sent out", "n"],
  ["Ip6ReasmFails", "%u packet reassemblies failed", "o"],
  ["Ip6ReasmOKs", "%u packets reassembled ok", "o"],
  ["Ip6ReasmReqds", "%u reassemblies required", "o"],
  ["Ip6ReasmTimeout", "%u fragments dropped after timeout", "o"],
];
const ICMP: Table = [
  ["InAddrMaskReps", "address mask replies: %u", "i"],
  ["InAddrMasks", "address mask request: %u", "i"],
  ["InDestUnreachs", "destination unreachable: %u", "i"],
  ["InEchoReps", "echo replies: %u", "i"],
  ["InEchos", "echo requests: %u", "i"],
  ["InErrors", "%u input ICMP message failed", "n"],
  ["InMsgs", "%u ICMP messages received", "n"],
  ["InParmProbs", "wrong parameters: %u", "i"],
  ["InRedirects", "redirects: %u", "i"],
  ["InSrcQuenchs", "source quenches: %u", "i"],
  ["InTimeExcds", "timeout in transit: %u", "i"],
  ["InTimestampReps", "timestamp reply: %u", "i"],
  ["InTimestamps", "timestamp request: %u", "i"],
  ["OutAddrMaskReps", "address mask replies: %u", "O"],
  ["OutAddrMasks", "address mask requests: %u", "O"],
  ["OutDestUnreachs", "destination unreachable: %u", "O"],
  ["OutEchoReps", "echo replies: %u", "O"],
  ["OutEchos", "echo requests: %u", "O"],
  ["OutErrors", "%u ICMP messages failed", "n"],
  ["OutMsgs", "%u ICMP messages sent", "n"],
  ["OutParmProbs", "wrong parameters: %u", "O"],
  ["OutRedirects", "redirect: %u", "O"],
  ["OutSrcQuenchs", "source quench: %u", "O"],
  ["OutTimeExcds", "time exceeded: %u", "O"],
  ["OutTimestampReps", "timestamp replies: %u", "O"],
  ["OutTimestamps", "timestamp requests: %u", "O"],
];
const ICMP6: Table = [
  ["Icmp6InDestUnreachs", "destination unreachable: %u", "i"],
  ["Icmp6InEchoReplies", "echo replies: %u", "i"],
  ["Icmp6InEchos", "echo requests: %u", "i"],
  ["Icmp6InErrors", "%u input ICMP message failed", "n"],
  ["Icmp6InGroupMembQueries", "group member queries: %u", "i"],
  ["Icmp6InGroupMembReductions", "group member reductions: %u", "i"],
  ["Icmp6InGroupMembResponses", "group member responses: %u", "i"],
  ["Icmp6InMsgs", "%u ICMP messages received", "n"],
  ["Icmp6InNeighborAdvertisements", "neighbour advertisement: %u", "i"],
  ["Icmp6InNeighborSolicits", "neighbour solicits: %u", "i"],
  ["Icmp6InParmProblems", "parameter problem: %u", "i"],
  ["Icmp6InPktTooBigs", "packets too big: %u", "i"],
  ["Icmp6InRedirects", "redirects: %u", "i"],
  ["Icmp6InRouterAdvertisements", "router advertisement: %u", "i"],
  ["Icmp6InRouterSolicits", "router solicits: %u", "i"],
  ["Icmp6InTimeExcds", "received ICMPv6 time exceeded: %u", "i"],
  ["Icmp6OutDestUnreachs", "destination unreachable: %u", "O"],
  ["Icmp6OutEchoReplies", "echo replies: %u", "O"],
  ["Icmp6OutEchos", "echo requests: %u", "O"],
  ["Icmp6OutGroupMembQueries", "group member queries: %u", "O"],
  ["Icmp6OutGroupMembReductions", "group member reductions: %u", "O"],
  ["Icmp6OutGroupMembResponses", "group member responses: %u", "O"],
  ["Icmp6OutMsgs", "%u ICMP messages sent", "n"],
  ["Icmp6OutNeighborAdvertisements", "neighbor advertisements: %u", "O"],
  ["Icmp6OutNeighborSolicits", "neighbor solicits: %u", "O"],
  ["Icmp6OutParmProblems", "parameter problem: %u", "O"],
  ["Icmp6OutPktTooBigs", "packets too big: %u", "O"],
  ["Icmp6OutRedirects", "redirects: %u", "O"],
  ["Icmp6OutRouterAdvertisements ", "router advertisement: %u", "O"],
  ["Icmp6OutRouterSolicits", "router solicits: %u", "O"],
  ["Icmp6OutTimeExcds", "sent ICMPv6 time exceeded: %u", "O"],
];
const TCP: Table = [
  ["ActiveOpens", "%u active connection openings", "n"],
  ["AttemptFails", "%u failed connection attempts", "n"],
  ["CurrEstab", "%u connections established", "n"],
  ["EstabResets", "%u connection resets received", "n"],
  ["InErrs", "%u bad segments received", "n"],
  ["InSegs", "%u segments received", "n"],
  ["MaxConn", "", "n"],
  ["OutRsts", "%u resets sent", "n"],
  ["OutSegs", "%u segments sent out", "n"],
  ["PassiveOpens", "%u passive connection openings", "n"],
  ["RetransSegs", "%u segments retransmitted", "n"],
  ["RtoAlgorithm", "RTO algorithm is %s", "rs"],
  ["RtoMax", "", "n"],
  ["RtoMin", "", "n"],
];
const UDP: Table = [
  ["InDatagrams", "%u packets received", "n"],
  ["InErrors", "%u packet receive errors", "n"],
  ["NoPorts", "%u packets to unknown port received", "n"],
  ["OutDatagrams", "%u packets sent", "n"],
  ["RcvbufErrors", "%u receive buffer errors", "n"],
  ["SndbufErrors", "%u send buffer errors", "n"],
];
const UDP6: Table = [
  ["Udp6InDatagrams", "%u packets received", "n"],
  ["Udp6InErrors", "%u packet receive errors", "n"],
  ["Udp6NoPorts", "%u packets to unknown port received", "n"],
  ["Udp6OutDatagrams", "%u packets sent", "n"],
];
const TCPEXT: Table = [
  ["DelayedACKLocked", "%u delayed acks further delayed because of locked socket", "o"],
  ["DelayedACKLost", "Quick ack mode was activated %u times", "o"],
  ["DelayedACKs", "%u delayed acks sent", "o"],
  ["EmbryonicRsts", "%u resets received for embryonic SYN_RECV sockets", "o"],
  ["ListenDrops", "%u SYNs to LISTEN sockets dropped", "o"],
  ["ListenOverflows", "%u times the listen queue of a socket overflowed", "o"],
  ["LockDroppedIcmps", "%u ICMP packets dropped because socket was locked", "o"],
  ["OfoPruned", "%u packets dropped from out-of-order queue because of socket buffer overrun", "o"],
  ["OutOfWindowIcmps", "%u ICMP packets dropped because they were out-of-window", "o"],
  ["PAWSActive", "%u active connections rejected because of time stamp", "o"],
  ["PAWSEstab", "%u packets rejected in established connections because of timestamp", "o"],
  ["PAWSPassive", "%u passive connections rejected because of time stamp", "o"],
  ["PruneCalled", "%u packets pruned from receive queue because of socket buffer overrun", "o"],
  ["RcvPruned", "%u packets pruned from receive queue", "o"],
  ["SockMallocOOM", "Ran %u times out of system memory during packet sending", "o"],
  ["SyncookiesFailed", "%u invalid SYN cookies received", "o"],
  ["SyncookiesRecv", "%u SYN cookies received", "o"],
  ["SyncookiesSent", "%u SYN cookies sent", "o"],
  ["TCPAbortFailed", "%u times unable to send RST due to no memory", "o"],
  ["TCPAbortOnClose", "%u connections reset due to early user close", "o"],
  ["TCPAbortOnData", "%u connections reset due to unexpected data", "o"],
  ["TCPAbortOnLinger", "%u connections aborted after user close in linger timeout", "o"],
  ["TCPAbortOnMemory", "%u connections aborted due to memory pressure", "o"],
  ["TCPAbortOnSyn", "%u connections reset due to unexpected SYN", "o"],
  ["TCPAbortOnTimeout", "%u connections aborted due to timeout", "o"],
  ["TCPDirectCopyFromBacklog", "%u bytes directly in process context from backlog", "o"],
  ["TCPDirectCopyFromPrequeue", "%u bytes directly received in process context from prequeue", "o"],
  ["TCPDSACKOfoRecv", "%u DSACKs for out of order packets received", "o"],
  ["TCPDSACKOfoSent", "%u DSACKs sent for out of order packets", "o"],
  ["TCPDSACKOldSent", "%u DSACKs sent for old packets", "o"],
  ["TCPDSACKRecv", "%u DSACKs received", "o"],
  ["TCPDSackUndo", "%u congestion window recovered without slow start using DSACK", "o"],
  ["TCPDSACKUndo", "%u congestion windows recovered without slow start by DSACK", "o"],
  ["TCPFACKReorder", "Detected reordering %u times using FACK", "o"],
  ["TCPFastRetrans", "%u fast retransmits", "o"],
  ["TCPForwardRetrans", "%u forward retransmits", "o"],
  ["TCPFullUndo", "%u congestion windows fully recovered without slow start", "o"],
  ["TCPHPAcks", "%u predicted acknowledgments", "o"],
  ["TCPHPHits", "%u packet headers predicted", "n"],
  ["TCPHPHitsToUser", "%u packet headers predicted and directly queued to user", "o"],
  ["TCPLossFailures", "%u timeouts in loss state", "o"],
  ["TCPLoss", "%u TCP data loss events", "o"],
  ["TCPLossUndo", "%u congestion windows recovered without slow start after partial ack", "o"],
  ["TCPLostRetransmits", "%u retransmits lost", "o"],
  ["TCPMemoryPressures", "TCP ran low on memory %u times", "o"],
  ["TCPPartialUndo", "%u congestion windows partially recovered using Hoe heuristic", "o"],
  ["TCPPrequeued", "%u packets directly queued to recvmsg prequeue", "o"],
  ["TCPPrequeueDropped", "%u packets dropped from prequeue", "o"],
  ["TCPPureAcks", "%u acknowledgments not containing data payload received", "o"],
  ["TCPRcvCollapsed", "%u packets collapsed in receive queue due to low socket buffer", "o"],
  ["TCPRenoFailures", "%u timeouts after reno fast retransmit", "o"],
  ["TCPRenoRecoveryFailed", "%u reno fast retransmits failed", "o"],
  ["TCPRenoRecoveryFail", "%u classic Reno fast retransmits failed", "o"],
  ["TCPRenoRecovery", "%u times recovered from packet loss due to fast retransmit", "o"],
  ["TCPRenoReorder", "Detected reordering %u times using reno fast retransmit", "o"],
  ["TCPSackFailures", "%u timeouts after SACK recovery", "o"],
  ["TCPSackRecoveryFail", "%u SACK retransmits failed", "o"],
  ["TCPSackRecovery", "%u times recovered from packet loss by selective acknowledgements", "o"],
  ["TCPSACKReneging", "%u bad SACK blocks received", "o"],
  ["TCPSACKReorder", "Detected reordering %u times using SACK", "o"],
  ["TCPSchedulerFailed", "%u times receiver scheduled too late for direct processing", "o"],
  ["TCPSlowStartRetrans", "%u retransmits in slow start", "o"],
  ["TCPTimeouts", "%u other TCP timeouts", "o"],
  ["TCPTSReorder", "Detected reordering %u times using time stamp", "o"],
  ["TWKilled", "%u TCP sockets finished time wait in slow timer", "o"],
  ["TW", "%u TCP sockets finished time wait in fast timer", "o"],
  ["TWRecycled", "%u time wait sockets recycled by time stamp", "o"],
];
const SCTP: Table = [
  ["SctpAborteds", "%u Number of Aborteds ", "n"],
  ["SctpActiveEstabs", "%u Active Associations", "n"],
  ["SctpChecksumErrors", "%u Number of Packets with invalid Checksum", "n"],
  ["SctpCurrEstab", "%u Current Associations", "n"],
  ["SctpFragUsrMsgs", "%u Number of messages fragmented", "n"],
  ["SctpInCtrlChunks", "%u Number of control chunks received", "n"],
  ["SctpInOrderChunks", "%u Number of ordered chunks received", "n"],
  ["SctpInSCTPPacks", "%u Number of SCTP packets received", "n"],
  ["SctpInUnorderChunks", "%u Number of Unordered chunks received", "n"],
  ["SctpOutCtrlChunks", "%u Number of control chunks sent", "n"],
  ["SctpOutOfBlues", "%u Number of Out of Blue packets", "n"],
  ["SctpOutOrderChunks", "%u Number of ordered chunks sent", "n"],
  ["SctpOutSCTPPacks", "%u Number of SCTP packets sent", "n"],
  ["SctpOutUnorderChunks", "%u Number of Unordered chunks sent", "n"],
  ["SctpPassiveEstabs", "%u Passive Associations", "n"],
  ["SctpReasmUsrMsgs", "%u Number of messages reassembled ", "n"],
  ["SctpShutdowns", "%u Number of Graceful Terminations", "n"],
];

type Kind = 'n' | 'o' | 'f' | 'i' | 'O' | 'r';
const INDENT: Readonly<Record<Kind, number>> = { n: 4, o: 4, f: 4, i: 8, O: 8, r: 0 };
const HISTOGRAM: Readonly<Partial<Record<Kind, string>>> = { i: 'ICMP input histogram:', O: 'ICMP output histogram:' };

/** glibc's bsearch with strcmp, over the table as it is ordered. */
function lookup(table: Table, name: string): readonly [string, string, string] | undefined {
  let low = 0;
  let high = table.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    const entry = table[middle] as readonly [string, string, string];
    const cmp = name < entry[0] ? -1 : name > entry[0] ? 1 : 0;
    if (cmp < 0) high = middle;
    else if (cmp > 0) low = middle + 1;
    else return entry;
  }
  return undefined;
}

interface Section {
  readonly title: string;
  readonly table: Table | null;
  readonly shown: boolean;
}

class Printer {
  out = '';
  /** The kind of the last counter printed; it carries over into sections netstat does not know. */
  private state: Kind = 'n';

  /** newtable: a known section prints its title when its protocol is shown; an unknown one always. */
  section(known: ReadonlyArray<readonly [string, Table, boolean]>, title: string): Section {
    for (const [name, table, shown] of known) {
      if (name !== title) continue;
      if (shown) this.out += `${title}:\n`;
      this.state = 'n';
      return { title, table, shown };
    }
    this.out += `${title}:\n`;
    return { title, table: null, shown: true };
  }

  value(section: Section, name: string, value: bigint): void {
    if (!section.shown) return;
    const entry = section.table ? lookup(section.table, name) : undefined;
    if (!entry) {
      if (value !== 0n) this.out += `${' '.repeat(INDENT[this.state])}${name}: ${value}\n`;
      return;
    }
    const [, text, code] = entry;
    if (code.endsWith('s') || text === '') return;
    let kind = code[0] as Kind;
    const title = HISTOGRAM[kind];
    if (title && this.state !== kind) this.out += `${' '.repeat(INDENT[this.state])}${title}\n`;
    let line = '';
    if (kind === 'n' || ((kind === 'o' || kind === 'i' || kind === 'O') && value !== 0n)) line = text.replace('%u', String(value));
    else if (kind === 'f') {
      kind = 'n';
      line = text.replace('%s', value === 2n ? 'enabled' : 'disabled');
    }
    if (line) this.out += `${' '.repeat(INDENT[kind])}${line}\n`;
    this.state = kind;
  }
}

export interface StatisticsReport {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

export function statisticsReport(ctx: ProcfsContext, options: NetstatOptions): StatisticsReport {
  const afname = options.afname || 'inet';
  if (afname !== 'inet' && afname !== 'inet6') {
    return { stdout: `netstat: No statistics support for specified address family: ${afname}\n`, stderr: '', exitCode: 1 };
  }
  const flags = { raw: options.raw, tcp: options.tcp, udp: options.udp, sctp: options.sctp };
  const printer = new Printer();
  const files = readSnmpFiles(ctx);
  const snmpTables: ReadonlyArray<readonly [string, Table, boolean]> = [
    ['Ip', IP, flags.raw],
    ['Icmp', ICMP, flags.raw],
    ['Tcp', TCP, flags.tcp],
    ['Udp', UDP, flags.udp],
    ['Sctp', SCTP, flags.sctp],
    ['TcpExt', TCPEXT, flags.tcp],
  ];
  const pairs = (text: string, only?: string) => {
    for (const group of parseSnmpGroups(text)) {
      if (only !== undefined && !group.group.startsWith(only)) continue;
      const section = printer.section(snmpTables, group.group);
      for (const [name, value] of group.counters) printer.value(section, name, value);
    }
  };
  let stderr = '';
  if (afname === 'inet') {
    if (files.snmp === null) return { stdout: '', stderr: 'cannot open /proc/net/snmp: No such file or directory\n', exitCode: 0 };
    pairs(files.snmp);
    if (files.netstat !== null) pairs(files.netstat);
  } else {
    if (files.snmp6 === null) return { stdout: '', stderr: 'cannot open /proc/net/snmp6: No such file or directory\n', exitCode: 0 };
    const snmp6Tables: ReadonlyArray<readonly [string, Table, boolean]> = [
      ['Ip6', IP6, flags.raw],
      ['Icmp6', ICMP6, flags.raw],
      ['Udp6', UDP6, flags.udp],
      ['Tcp6', TCP, flags.tcp],
    ];
    // A section is named by the counter's name up to its first "6"; it changes when a name no longer contains it.
    let section = null as Section | null;
    let title = '';
    for (const [name, value] of parseSnmp6(files.snmp6)) {
      if (section === null || !name.includes(title)) {
        const six = name.indexOf('6');
        title = six < 0 ? name : name.slice(0, six + 1);
        section = printer.section(snmp6Tables, title);
      }
      printer.value(section, name, value);
    }
    if (files.snmp === null) stderr += 'cannot open /proc/net/snmp: No such file or directory\n';
    else pairs(files.snmp, 'Tcp');
  }
  return { stdout: printer.out, stderr, exitCode: 0 };
}
