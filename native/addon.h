// Each .cc file registers its functions on the module's exports.
#pragma once
#include <napi.h>

void RegisterSysconf(Napi::Env env, Napi::Object exports);
void RegisterUsers(Napi::Env env, Napi::Object exports);
void RegisterFdScan(Napi::Env env, Napi::Object exports);
void RegisterNet(Napi::Env env, Napi::Object exports);
void RegisterProcScan(Napi::Env env, Napi::Object exports);
void RegisterProcInfo(Napi::Env env, Napi::Object exports);
void RegisterSockets(Napi::Env env, Napi::Object exports);
void RegisterScan(Napi::Env env, Napi::Object exports);
void RegisterWait(Napi::Env env, Napi::Object exports);
