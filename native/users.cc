// User and group lookups through NSS (getpwuid_r/getgrgid_r), so that LDAP or SSSD accounts
// resolve exactly as they do for procps; parsing /etc/passwd would miss them.
#include <grp.h>
#include <pwd.h>
#include <sys/types.h>

#include <cerrno>
#include <vector>

#include "addon.h"

namespace {

// Calls a reentrant NSS lookup, growing the buffer while it answers ERANGE.
// Returns true when an entry was found.
template <typename Entry, typename Id, typename Lookup>
bool LookUp(Lookup lookup, Id id, Entry* entry, std::vector<char>* buffer) {
  buffer->resize(1024);
  for (;;) {
    Entry* found = nullptr;
    int rc = lookup(id, entry, buffer->data(), buffer->size(), &found);
    if (rc == ERANGE && buffer->size() < (1u << 20)) {
      buffer->resize(buffer->size() * 2);
      continue;
    }
    return rc == 0 && found != nullptr;
  }
}

uint32_t IdArgument(const Napi::CallbackInfo& info) {
  if (info.Length() < 1 || !info[0].IsNumber()) {
    throw Napi::TypeError::New(info.Env(), "expected a numeric id");
  }
  return info[0].As<Napi::Number>().Uint32Value();
}

Napi::Value GetPwUid(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  uid_t uid = IdArgument(info);
  passwd entry{};
  std::vector<char> buffer;
  if (!LookUp(getpwuid_r, uid, &entry, &buffer)) return env.Null();
  Napi::Object out = Napi::Object::New(env);
  out.Set("name", entry.pw_name);
  out.Set("uid", Napi::Number::New(env, entry.pw_uid));
  out.Set("gid", Napi::Number::New(env, entry.pw_gid));
  out.Set("gecos", entry.pw_gecos ? entry.pw_gecos : "");
  out.Set("home", entry.pw_dir ? entry.pw_dir : "");
  out.Set("shell", entry.pw_shell ? entry.pw_shell : "");
  return out;
}

Napi::Value GetGrGid(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  gid_t gid = IdArgument(info);
  group entry{};
  std::vector<char> buffer;
  if (!LookUp(getgrgid_r, gid, &entry, &buffer)) return env.Null();
  Napi::Object out = Napi::Object::New(env);
  out.Set("name", entry.gr_name);
  out.Set("gid", Napi::Number::New(env, entry.gr_gid));
  Napi::Array members = Napi::Array::New(env);
  for (uint32_t i = 0; entry.gr_mem != nullptr && entry.gr_mem[i] != nullptr; i++) {
    members.Set(i, entry.gr_mem[i]);
  }
  out.Set("members", members);
  return out;
}

}  // namespace

void RegisterUsers(Napi::Env env, Napi::Object exports) {
  exports.Set("getpwuid", Napi::Function::New(env, GetPwUid, "getpwuid"));
  exports.Set("getgrgid", Napi::Function::New(env, GetGrGid, "getgrgid"));
}
