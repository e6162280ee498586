// sysconf(3) values that /proc does not state directly (pidusage and friends spawn getconf).
#include <sys/ioctl.h>
#include <sys/sysinfo.h>
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

// sysinfo(2)'s load averages, in the kernel's fixed point (1 << SI_LOAD_SHIFT is 1.0): what
// getloadavg(3), and so Python's os.getloadavg and psutil, answer; /proc/loadavg rounds them to
// two decimals.
static Napi::Value LoadAverages(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  struct sysinfo si {};
  if (sysinfo(&si) < 0) throw Napi::Error::New(env, "sysinfo failed");
  Napi::Array out = Napi::Array::New(env, 3);
  for (uint32_t i = 0; i < 3; i++) out.Set(i, Napi::Number::New(env, static_cast<double>(si.loads[i]) / (1 << SI_LOAD_SHIFT)));
  return out;
}

// terminalSize(fd) -> [columns, rows] | null: isatty(3) and TIOCGWINSZ, as the C tools ask; null
// when fd is no terminal. Node's answer (process.stdout.isTTY and columns) creates the stream,
// which loads its tty, net and stream modules: a good part of a short command's start-up.
static Napi::Value TerminalSize(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = Int32Arg(info, 0, "fd");
  struct winsize size {};
  if (isatty(fd) == 0 || ioctl(fd, TIOCGWINSZ, &size) < 0) return env.Null();
  Napi::Array out = Napi::Array::New(env, 2);
  out.Set(0u, Napi::Number::New(env, size.ws_col));
  out.Set(1u, Napi::Number::New(env, size.ws_row));
  return out;
}

void RegisterSysconf(Napi::Env env, Napi::Object exports) {
  exports.Set("sysconf", Napi::Function::New(env, Sysconf, "sysconf"));
  exports.Set("loadAverages", Napi::Function::New(env, LoadAverages, "loadAverages"));
  exports.Set("terminalSize", Napi::Function::New(env, TerminalSize, "terminalSize"));
}
