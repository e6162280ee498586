// waitExit(pid): the exit status of a child of this process, without reaping it. Node (libuv)
// reaps its own children as soon as SIGCHLD arrives, and a JavaScript poll of /proc would rarely
// see the zombie in between; a thread blocked in waitid(WNOWAIT) is woken by the exit itself and
// leaves the zombie for libuv, so both get the status. A child that already ended is answered at
// once, before the event loop can reap it. The thread is a plain one, not one of libuv's pool: a
// process that runs for hours must not hold a pool thread.
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

/** waitid(P_PID, pid, WEXITED | WNOWAIT | extra); false when WNOHANG found the child still running. */
bool Wait(pid_t pid, int extra, Outcome* outcome) {
  siginfo_t info{};
  int result;
  do {
    result = waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOWAIT | extra);
  } while (result < 0 && errno == EINTR);
  if (result < 0) outcome->error = errno;
  else if (info.si_pid == 0) return false;
  else if (info.si_code == CLD_EXITED) outcome->code = info.si_status;
  else outcome->signal = info.si_status;
  return true;
}

Napi::Object Settled(Napi::Env env, const Outcome& outcome) {
  Napi::Object out = Napi::Object::New(env);
  if (outcome.error != 0) out.Set("errno", Napi::Number::New(env, outcome.error));
  else if (outcome.signal >= 0) out.Set("signal", Napi::Number::New(env, outcome.signal));
  else out.Set("code", Napi::Number::New(env, outcome.code));
  return out;
}

void Settle(Napi::Env env, Napi::Function, Napi::Promise::Deferred* deferred, Outcome* outcome) {
  if (env != nullptr) deferred->Resolve(Settled(env, *outcome));
  delete outcome;
  delete deferred;
}

using Waiter = Napi::TypedThreadSafeFunction<Napi::Promise::Deferred, Outcome, Settle>;

Napi::Value WaitExit(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const pid_t pid = Int32Arg(info, 0, "pid");
  Outcome now;
  if (Wait(pid, WNOHANG, &now)) {
    Napi::Promise::Deferred deferred = Napi::Promise::Deferred::New(env);
    deferred.Resolve(Settled(env, now));
    return deferred.Promise();
  }
  auto* deferred = new Napi::Promise::Deferred(Napi::Promise::Deferred::New(env));
  Napi::Promise promise = deferred->Promise();
  Waiter waiter = Waiter::New(env, "ptools.waitExit", 0, 1, deferred);
  // Unreferenced: a pending wait alone does not keep Node running (the caller's timers do).
  waiter.Unref(env);
  std::thread([waiter, pid]() mutable {
    auto* outcome = new Outcome();
    Wait(pid, 0, outcome);
    waiter.BlockingCall(outcome);
    waiter.Release();
  }).detach();
  return promise;
}

}  // namespace

void RegisterWait(Napi::Env env, Napi::Object exports) {
  exports.Set("waitExit", Napi::Function::New(env, WaitExit, "waitExit"));
}
