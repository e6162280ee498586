#include "names.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace names {

namespace {
// The caches are process-wide, and the addon may be loaded by several worker_threads.
std::mutex lock;
}  // namespace

const std::string& Host(const uint8_t* bytes, size_t length) {
  static std::unordered_map<std::string, std::string> cache;
  std::lock_guard<std::mutex> guard(lock);
  std::string key(reinterpret_cast<const char*>(bytes), length);
  auto found = cache.find(key);
  if (found != cache.end()) return found->second;
  std::string name;
  if (length == 4) {
    hostent entry{};
    hostent* result = nullptr;
    std::vector<char> buffer(8192);
    int error = 0;
    while (gethostbyaddr_r(bytes, 4, AF_INET, &entry, buffer.data(), buffer.size(), &result, &error) == ERANGE &&
           buffer.size() < (1u << 20)) {
      buffer.resize(buffer.size() * 2);
    }
    if (result && result->h_name) name = result->h_name;
  } else {
    sockaddr_in6 sin6{};
    sin6.sin6_family = AF_INET6;
    std::memcpy(&sin6.sin6_addr, bytes, 16);
    char host[NI_MAXHOST];
    if (getnameinfo(reinterpret_cast<sockaddr*>(&sin6), sizeof sin6, host, sizeof host, nullptr, 0, 0) == 0) name = host;
  }
  return cache.emplace(std::move(key), std::move(name)).first->second;
}

const std::string& Network(uint32_t network) {
  static std::unordered_map<uint32_t, std::string> cache;
  std::lock_guard<std::mutex> guard(lock);
  auto found = cache.find(network);
  if (found != cache.end()) return found->second;
  netent* entry = getnetbyaddr(network, AF_INET);
  return cache.emplace(network, entry && entry->n_name ? entry->n_name : "").first->second;
}

const std::string* ServiceOf(Service service, uint32_t port) {
  static std::unordered_map<uint64_t, std::string>* table = nullptr;
  std::lock_guard<std::mutex> guard(lock);
  auto key = [](Service s, uint32_t p) { return static_cast<uint64_t>(s) << 32 | p; };
  if (table == nullptr) {
    table = new std::unordered_map<uint64_t, std::string>();
    setservent(1);
    while (servent* entry = getservent()) {
      uint32_t number = ntohs(static_cast<uint16_t>(entry->s_port));
      const char* proto = entry->s_proto ? entry->s_proto : "";
      if (std::strcmp(proto, "tcp") == 0) (*table)[key(kTcp, number)] = entry->s_name;
      else if (std::strcmp(proto, "udp") == 0) (*table)[key(kUdp, number)] = entry->s_name;
      else if (std::strcmp(proto, "raw") == 0) (*table)[key(kRaw, number)] = entry->s_name;
    }
    endservent();
    setprotoent(1);
    while (protoent* entry = getprotoent()) (*table)[key(kRaw, static_cast<uint32_t>(entry->p_proto))] = entry->p_name;
    endprotoent();
  }
  auto found = table->find(key(service, port));
  return found == table->end() ? nullptr : &found->second;
}

}  // namespace names
