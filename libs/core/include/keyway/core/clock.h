#pragma once
// Time comes through a Clock so that logic with expiries can be tested with
// an injected one instead of waiting.

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace keyway::core {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() const = 0;
};

// The real wall clock (UTC instants).
class SystemClock final : public Clock {
 public:
  absl::Time Now() const override { return absl::Now(); }
  static const SystemClock& Instance();
};

// A clock that moves only when told to.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(absl::Time start = absl::FromUnixSeconds(1'800'000'000)) : now_(start) {}
  absl::Time Now() const override {
    absl::MutexLock lock(&mu_);
    return now_;
  }
  void Advance(absl::Duration d) {
    absl::MutexLock lock(&mu_);
    now_ += d;
  }
  void Set(absl::Time t) {
    absl::MutexLock lock(&mu_);
    now_ = t;
  }

 private:
  mutable absl::Mutex mu_;
  absl::Time now_ ABSL_GUARDED_BY(mu_);
};

}  // namespace keyway::core
