// sysconf(3) values that /proc does not state directly (pidusage and friends spawn getconf).
#include <unistd.h>

#include "addon.h"

static Napi::Value Sysconf(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object out = Napi::Object::New(env);
  out.Set("clockTicks", Napi::Number::New(env, static_cast<double>(sysconf(_SC_CLK_TCK))));
  out.Set("pageSize", Napi::Number::New(env, static_cast<double>(sysconf(_SC_PAGESIZE))));
  out.Set("onlineCpus", Napi::Number::New(env, static_cast<double>(sysconf(_SC_NPROCESSORS_ONLN))));
  return out;
}

void RegisterSysconf(Napi::Env env, Napi::Object exports) {
  exports.Set("sysconf", Napi::Function::New(env, Sysconf, "sysconf"));
}
