// User and group lookups through NSS (getpw*_r/getgr*_r), so that LDAP or SSSD accounts
// resolve exactly as they do for procps; parsing /etc/passwd would miss them.
#include <grp.h>
#include <pwd.h>
#include <sys/types.h>

#include <cerrno>
#include <string>
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

std::string NameArgument(const Napi::CallbackInfo& info) {
  if (info.Length() < 1 || !info[0].IsString()) {
    throw Napi::TypeError::New(info.Env(), "expected a name");
  }
  return info[0].As<Napi::String>().Utf8Value();
}

Napi::Value PasswdObject(Napi::Env env, const passwd& entry) {
  Napi::Object out = Napi::Object::New(env);
  out.Set("name", entry.pw_name);
  out.Set("uid", Napi::Number::New(env, entry.pw_uid));
  out.Set("gid", Napi::Number::New(env, entry.pw_gid));
  out.Set("gecos", entry.pw_gecos ? entry.pw_gecos : "");
  out.Set("home", entry.pw_dir ? entry.pw_dir : "");
  out.Set("shell", entry.pw_shell ? entry.pw_shell : "");
  return out;
}

Napi::Value GroupObject(Napi::Env env, const group& entry) {
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

Napi::Value GetPwUid(const Napi::CallbackInfo& info) {
  passwd entry{};
  std::vector<char> buffer;
  if (!LookUp(getpwuid_r, static_cast<uid_t>(IdArgument(info)), &entry, &buffer)) return info.Env().Null();
  return PasswdObject(info.Env(), entry);
}

Napi::Value GetPwNam(const Napi::CallbackInfo& info) {
  std::string name = NameArgument(info);
  passwd entry{};
  std::vector<char> buffer;
  if (!LookUp(getpwnam_r, name.c_str(), &entry, &buffer)) return info.Env().Null();
  return PasswdObject(info.Env(), entry);
}

Napi::Value GetGrGid(const Napi::CallbackInfo& info) {
  group entry{};
  std::vector<char> buffer;
  if (!LookUp(getgrgid_r, static_cast<gid_t>(IdArgument(info)), &entry, &buffer)) return info.Env().Null();
  return GroupObject(info.Env(), entry);
}

Napi::Value GetGrNam(const Napi::CallbackInfo& info) {
  std::string name = NameArgument(info);
  group entry{};
  std::vector<char> buffer;
  if (!LookUp(getgrnam_r, name.c_str(), &entry, &buffer)) return info.Env().Null();
  return GroupObject(info.Env(), entry);
}

}  // namespace

void RegisterUsers(Napi::Env env, Napi::Object exports) {
  exports.Set("getpwuid", Napi::Function::New(env, GetPwUid, "getpwuid"));
  exports.Set("getgrgid", Napi::Function::New(env, GetGrGid, "getgrgid"));
  exports.Set("getpwnam", Napi::Function::New(env, GetPwNam, "getpwnam"));
  exports.Set("getgrnam", Napi::Function::New(env, GetGrNam, "getgrnam"));
}
