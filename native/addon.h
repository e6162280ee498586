// Each .cc file registers its functions on the module's exports.
#pragma once
#include <napi.h>

void RegisterSysconf(Napi::Env env, Napi::Object exports);
void RegisterUsers(Napi::Env env, Napi::Object exports);
