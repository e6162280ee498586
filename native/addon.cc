#include "addon.h"

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  RegisterSysconf(env, exports);
  RegisterUsers(env, exports);
  RegisterFdScan(env, exports);
  RegisterNet(env, exports);
  RegisterSockets(env, exports);
  RegisterProcScan(env, exports);
  RegisterProcInfo(env, exports);
  RegisterScan(env, exports);
  RegisterWait(env, exports);
  return exports;
}

NODE_API_MODULE(ptools, Init)
