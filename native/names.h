// Names from NSS as net-tools looks them up without -n, each asked once per process and kept:
// the socket tables (sockets.cc) and the JavaScript side (netstat --json, -g, -r) share one cache.
#pragma once
#include <cstdint>
#include <string>

namespace names {

enum Service { kTcp, kUdp, kRaw };

// The host name of an address (4 or 16 network-order bytes): gethostbyaddr for IPv4 (net-tools'
// INET_rresolve), getnameinfo without flags for IPv6 (INET6_rresolve, which gives the numeric form
// when no name is known). Empty when unnamed.
const std::string& Host(const uint8_t* bytes, size_t length);

// getnetbyaddr(3) of a host-order network number; empty when unnamed.
const std::string& Network(uint32_t network);

// The service name of a port, or null: the services list as net-tools reads it once (the last
// entry for a port wins, as it prepends each to its list), and raw sockets' "ports" (IP protocol
// numbers) named from /etc/protocols, whose entries come after the services.
const std::string* ServiceOf(Service service, uint32_t port);

}  // namespace names
