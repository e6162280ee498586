// Network facts that only system calls give: the interface ioctls ifconfig makes (flags with
// RUNNING, hardware address and type, MTU, map, txqueuelen, the IPv4 address of a name or label),
// ethtool's speed and duplex, getifaddrs(3), and the NSS lookups netstat makes without -n
// (gethostbyaddr, getnameinfo, getnetbyaddr, getservent, getprotoent), so that /etc/hosts, LDAP
// or systemd-resolved answer exactly as they do for net-tools.
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netpacket/packet.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "addon.h"
#include "names.h"

namespace {

class Socket {
 public:
  Socket() : fd_(socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) {}
  ~Socket() {
    if (fd_ >= 0) close(fd_);
  }
  int fd() const { return fd_; }

 private:
  int fd_;
};

ifreq Request(const std::string& name) {
  ifreq ifr{};
  std::strncpy(ifr.ifr_name, name.c_str(), IFNAMSIZ - 1);
  return ifr;
}

std::string Dotted(const sockaddr* address) {
  char text[INET6_ADDRSTRLEN] = "";
  if (address == nullptr) return "";
  if (address->sa_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(address)->sin_addr, text, sizeof(text));
  } else if (address->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr, text, sizeof(text));
  } else if (address->sa_family == AF_PACKET) {
    const auto* ll = reinterpret_cast<const sockaddr_ll*>(address);
    std::string mac;
    for (int i = 0; i < ll->sll_halen; i++) {
      char part[4];
      std::snprintf(part, sizeof(part), i ? ":%02x" : "%02x", ll->sll_addr[i]);
      mac += part;
    }
    return mac;
  }
  return text;
}

// An IPv4 ioctl on NAME (a device or an address label such as "eth0:1"), as lib/interface.c's
// if_fetch makes it; "" when the kernel refuses.
std::string Ipv4Ioctl(int fd, const std::string& name, unsigned long request) {
  ifreq ifr = Request(name);
  ifr.ifr_addr.sa_family = AF_INET;
  if (ioctl(fd, request, &ifr) < 0) return "";
  return Dotted(&ifr.ifr_addr);
}

void AddEthtool(Napi::Env env, int fd, const std::string& name, Napi::Object out) {
  // psutil's net_if_stats: the legacy ETHTOOL_GSET; EOPNOTSUPP and friends mean "unknown".
  ethtool_cmd cmd{};
  cmd.cmd = ETHTOOL_GSET;
  ifreq ifr = Request(name);
  ifr.ifr_data = reinterpret_cast<char*>(&cmd);
  if (ioctl(fd, SIOCETHTOOL, &ifr) < 0) {
    out.Set("speed", Napi::Number::New(env, 0));
    out.Set("duplex", Napi::String::New(env, "unknown"));
    return;
  }
  uint32_t speed = ethtool_cmd_speed(&cmd);
  out.Set("speed", Napi::Number::New(env, speed == static_cast<uint32_t>(SPEED_UNKNOWN) || speed > 0x7fffffff ? 0 : speed));
  const char* duplex = cmd.duplex == DUPLEX_FULL ? "full" : cmd.duplex == DUPLEX_HALF ? "half" : "unknown";
  out.Set("duplex", Napi::String::New(env, duplex));
}

// interfaceInfo(name, withEthtool): ifconfig's if_fetch, for a name given as a byte string. Returns {errno} when SIOCGIFFLAGS fails
// (ENODEV for a missing interface), as ifconfig reports only that first failure.
Napi::Value InterfaceInfo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsString()) throw Napi::TypeError::New(env, "expected an interface name");
  std::string name = Latin1Value(env, info[0]);
  bool ethtool = info.Length() > 1 && info[1].ToBoolean().Value();
  Socket sock;
  Napi::Object out = Napi::Object::New(env);
  if (sock.fd() < 0) {
    out.Set("errno", Napi::Number::New(env, errno));
    return out;
  }
  ifreq ifr = Request(name);
  if (ioctl(sock.fd(), SIOCGIFFLAGS, &ifr) < 0) {
    out.Set("errno", Napi::Number::New(env, errno));
    out.Set("code", Napi::String::New(env, errno == ENODEV ? "ENODEV" : std::strerror(errno)));
    return out;
  }
  uint16_t flags = static_cast<uint16_t>(ifr.ifr_flags);
  out.Set("flags", Napi::Number::New(env, flags));

  // On failure ifconfig keeps zeros for the address and reads the type from what the union
  // still holds (the flags); a real device always answers.
  ifr = Request(name);
  ifr.ifr_flags = static_cast<short>(flags);
  unsigned char hw[8] = {0};
  if (ioctl(sock.fd(), SIOCGIFHWADDR, &ifr) == 0) std::memcpy(hw, ifr.ifr_hwaddr.sa_data, sizeof(hw));
  out.Set("hwType", Napi::Number::New(env, static_cast<uint16_t>(ifr.ifr_hwaddr.sa_family)));
  out.Set("hwAddress", Napi::Buffer<unsigned char>::Copy(env, hw, sizeof(hw)));

  ifr = Request(name);
  out.Set("mtu", Napi::Number::New(env, ioctl(sock.fd(), SIOCGIFMTU, &ifr) < 0 ? 0 : ifr.ifr_mtu));

  ifr = Request(name);
  Napi::Object map = Napi::Object::New(env);
  if (ioctl(sock.fd(), SIOCGIFMAP, &ifr) < 0) std::memset(&ifr.ifr_map, 0, sizeof(ifr.ifr_map));
  map.Set("memStart", Napi::Number::New(env, static_cast<double>(ifr.ifr_map.mem_start)));
  map.Set("memEnd", Napi::Number::New(env, static_cast<double>(ifr.ifr_map.mem_end)));
  map.Set("baseAddr", Napi::Number::New(env, ifr.ifr_map.base_addr));
  map.Set("irq", Napi::Number::New(env, ifr.ifr_map.irq));
  map.Set("dma", Napi::Number::New(env, ifr.ifr_map.dma));
  map.Set("port", Napi::Number::New(env, ifr.ifr_map.port));
  out.Set("map", map);

  ifr = Request(name);
  out.Set("txQueueLen", Napi::Number::New(env, ioctl(sock.fd(), SIOCGIFTXQLEN, &ifr) < 0 ? -1 : ifr.ifr_qlen));

  std::string address = Ipv4Ioctl(sock.fd(), name, SIOCGIFADDR);
  if (address.empty()) {
    out.Set("ipv4", env.Null());
  } else {
    Napi::Object ipv4 = Napi::Object::New(env);
    ipv4.Set("address", address);
    ipv4.Set("destination", Ipv4Ioctl(sock.fd(), name, SIOCGIFDSTADDR));
    ipv4.Set("broadcast", Ipv4Ioctl(sock.fd(), name, SIOCGIFBRDADDR));
    ipv4.Set("netmask", Ipv4Ioctl(sock.fd(), name, SIOCGIFNETMASK));
    out.Set("ipv4", ipv4);
  }
  if (ethtool) AddEthtool(env, sock.fd(), name, out);
  return out;
}

// getifaddrs(3): every address of every interface, IPv4 entries named by their label (a byte string).
Napi::Value GetIfAddrs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) < 0) throw Napi::Error::New(env, std::string("getifaddrs: ") + std::strerror(errno));
  Napi::Array out = Napi::Array::New(env);
  uint32_t n = 0;
  for (ifaddrs* entry = list; entry != nullptr; entry = entry->ifa_next) {
    Napi::Object item = Napi::Object::New(env);
    int family = entry->ifa_addr ? entry->ifa_addr->sa_family : AF_UNSPEC;
    item.Set("name", Latin1(env, entry->ifa_name));
    item.Set("family", Napi::Number::New(env, family));
    item.Set("flags", Napi::Number::New(env, entry->ifa_flags));
    item.Set("address", Dotted(entry->ifa_addr));
    item.Set("netmask", Dotted(entry->ifa_netmask));
    std::string peer = Dotted(entry->ifa_ifu.ifu_broadaddr);
    bool p2p = entry->ifa_flags & IFF_POINTOPOINT;
    // IPv4 broadcast addresses, and the link broadcast (ff:ff:...) of AF_PACKET entries, as psutil lists them.
    bool broadcast = (entry->ifa_flags & IFF_BROADCAST) && (family == AF_INET || family == AF_PACKET);
    item.Set("broadcast", broadcast && !peer.empty() ? Napi::Value(Napi::String::New(env, peer)) : env.Null());
    item.Set("destination", p2p && family != AF_PACKET && !peer.empty() ? Napi::Value(Napi::String::New(env, peer)) : env.Null());
    out.Set(n++, item);
  }
  freeifaddrs(list);
  return out;
}

// hostByAddr(bytes): names::Host of 4 or 16 address bytes, as a byte string; null when NSS
// knows no name.
Napi::Value HostByAddr(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsBuffer()) throw Napi::TypeError::New(env, "expected address bytes");
  auto bytes = info[0].As<Napi::Buffer<unsigned char>>();
  if (bytes.Length() != 4 && bytes.Length() != 16) throw Napi::TypeError::New(env, "expected 4 or 16 address bytes");
  const std::string& name = names::Host(bytes.Data(), bytes.Length());
  return name.empty() ? env.Null() : Napi::Value(Latin1(env, name.c_str()));
}

// netByAddr(hostOrderNumber): getnetbyaddr, as `netstat -r` names networks without -n.
Napi::Value NetByAddr(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const std::string& name = names::Network(info[0].As<Napi::Number>().Uint32Value());
  return name.empty() ? env.Null() : Napi::Value(Latin1(env, name.c_str()));
}

// serviceName(port, proto): the service netstat names a port by ('tcp', 'udp' or 'raw'), or null.
Napi::Value ServiceName(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  uint32_t port = info[0].As<Napi::Number>().Uint32Value();
  std::string proto = info[1].As<Napi::String>().Utf8Value();
  names::Service service = proto == "tcp" ? names::kTcp : proto == "udp" ? names::kUdp : names::kRaw;
  const std::string* name = names::ServiceOf(service, port);
  return name ? Napi::Value(Latin1(env, name->c_str())) : env.Null();
}

}  // namespace

void RegisterNet(Napi::Env env, Napi::Object exports) {
  exports.Set("interfaceInfo", Napi::Function::New(env, InterfaceInfo, "interfaceInfo"));
  exports.Set("getifaddrs", Napi::Function::New(env, GetIfAddrs, "getifaddrs"));
  exports.Set("hostByAddr", Napi::Function::New(env, HostByAddr, "hostByAddr"));
  exports.Set("netByAddr", Napi::Function::New(env, NetByAddr, "netByAddr"));
  exports.Set("serviceName", Napi::Function::New(env, ServiceName, "serviceName"));
}
