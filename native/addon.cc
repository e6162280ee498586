#include "addon.h"

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  RegisterSysconf(env, exports);
  RegisterUsers(env, exports);
  return exports;
}

NODE_API_MODULE(ptools, Init)
