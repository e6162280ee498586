// Each .cc file registers its functions on the module's exports.
#pragma once
#include <napi.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

// Kernel names (interfaces, paths under /sys/class/net) and NSS names are bytes: they cross into
// JavaScript as latin1 strings, one char per byte, and back the same way, so that a name that is
// not UTF-8 still reaches the syscalls and the output unchanged.
inline Napi::String Latin1(Napi::Env env, const char* text) {
  napi_value value;
  if (napi_create_string_latin1(env, text, NAPI_AUTO_LENGTH, &value) != napi_ok) throw Napi::Error::New(env, "cannot make a string");
  return Napi::String(env, value);
}

inline std::string Latin1Value(Napi::Env env, Napi::Value text) {
  size_t length = 0;
  if (napi_get_value_string_latin1(env, text, nullptr, 0, &length) != napi_ok) throw Napi::TypeError::New(env, "expected a string");
  std::string out(length, '\0');
  napi_get_value_string_latin1(env, text, out.data(), length + 1, &length);
  return out;
}

// Argument `index` as an int32, for a pid or a resource number: anything else (not a number, a
// fraction, beyond int32) is refused rather than truncated, since Int32Value() wraps 2^32 + 7 to
// 7 and cuts 1.5 to 1 -- another process, another resource.
inline int32_t Int32Arg(const Napi::CallbackInfo& info, size_t index, const char* what) {
  Napi::Value value = info[index];
  if (value.IsNumber()) {
    double number = value.As<Napi::Number>().DoubleValue();
    if (number >= INT32_MIN && number <= INT32_MAX && number == static_cast<double>(static_cast<int32_t>(number))) {
      return static_cast<int32_t>(number);
    }
  }
  throw Napi::TypeError::New(info.Env(), std::string("expected an int32 ") + what);
}

// Argument `index` as a path, a JavaScript string taken as UTF-8 as node:fs takes it. One holding
// a NUL is refused as node:fs refuses it: open(2) or opendir(3) would stop there, at another file.
inline std::string PathArgument(const Napi::CallbackInfo& info, size_t index) {
  if (info.Length() <= index || !info[index].IsString()) throw Napi::TypeError::New(info.Env(), "expected a path");
  std::string path = info[index].As<Napi::String>().Utf8Value();
  if (path.find('\0') != std::string::npos) throw Napi::TypeError::New(info.Env(), "The argument 'path' must be a string without null bytes");
  return path;
}

// A typed array (Napi::Float64Array, Int32Array...) holding a copy of `values`.
template <typename Array, typename T>
Array TypedArrayOf(Napi::Env env, const std::vector<T>& values) {
  Array out = Array::New(env, values.size());
  std::copy(values.begin(), values.end(), out.Data());
  return out;
}

void RegisterSysconf(Napi::Env env, Napi::Object exports);
void RegisterUsers(Napi::Env env, Napi::Object exports);
void RegisterFdScan(Napi::Env env, Napi::Object exports);
void RegisterNet(Napi::Env env, Napi::Object exports);
void RegisterProcScan(Napi::Env env, Napi::Object exports);
void RegisterProcInfo(Napi::Env env, Napi::Object exports);
void RegisterSockets(Napi::Env env, Napi::Object exports);
void RegisterScan(Napi::Env env, Napi::Object exports);
void RegisterWait(Napi::Env env, Napi::Object exports);
