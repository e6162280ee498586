// waitExit(pid): the exit status of a child of this process, without reaping it. Node (libuv)
// reaps its own children as soon as SIGCHLD arrives, and a JavaScript poll of /proc would rarely
// see the zombie in between; a thread blocked in waitid(WNOWAIT) is woken by the exit itself and
// leaves the zombie for libuv, so both get the status. The thread is a plain one, not one of
// libuv's pool: a process that runs for hours must not hold a pool thread.
#include "addon.h"

#include <cerrno>
#include <sys/wait.h>
#include <thread>

namespace {

struct Outcome {
  int code = -1;
  int signal = -1;
  int error = 0;
};

void Settle(Napi::Env env, Napi::Function, Napi::Promise::Deferred* deferred, Outcome* outcome) {
  if (env != nullptr) {
    Napi::Object out = Napi::Object::New(env);
    if (outcome->error != 0) out.Set("errno", Napi::Number::New(env, outcome->error));
    else if (outcome->signal >= 0) out.Set("signal", Napi::Number::New(env, outcome->signal));
    else out.Set("code", Napi::Number::New(env, outcome->code));
    deferred->Resolve(out);
  }
  delete outcome;
  delete deferred;
}

using Waiter = Napi::TypedThreadSafeFunction<Napi::Promise::Deferred, Outcome, Settle>;

Napi::Value WaitExit(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const pid_t pid = info[0].As<Napi::Number>().Int32Value();
  auto* deferred = new Napi::Promise::Deferred(Napi::Promise::Deferred::New(env));
  Napi::Promise promise = deferred->Promise();
  Waiter waiter = Waiter::New(env, "ptools.waitExit", 0, 1, deferred);
  // Unreferenced: a pending wait alone does not keep Node running (the caller's timers do).
  waiter.Unref(env);
  std::thread([waiter, pid]() mutable {
    siginfo_t info{};
    int result;
    do {
      result = waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOWAIT);
    } while (result < 0 && errno == EINTR);
    auto* outcome = new Outcome();
    if (result < 0) outcome->error = errno;
    else if (info.si_code == CLD_EXITED) outcome->code = info.si_status;
    else outcome->signal = info.si_status;
    waiter.BlockingCall(outcome);
    waiter.Release();
  }).detach();
  return promise;
}

}  // namespace

void RegisterWait(Napi::Env env, Napi::Object exports) {
  exports.Set("waitExit", Napi::Function::New(env, WaitExit, "waitExit"));
}
