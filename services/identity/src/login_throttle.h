#pragma once
// Slowing down and locking out password guessing, per account and per client
// address. Pure: the state is stored by the caller; time comes in as `now`.

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace keyway::identity {

struct ThrottlePolicy {
  int free_failures = 3;                          // failures before any delay
  absl::Duration first_delay = absl::Seconds(1);  // then doubling per failure...
  absl::Duration max_delay = absl::Seconds(30);   // ...up to this
  int lock_after = 10;                            // failures that lock
  absl::Duration lock_for = absl::Minutes(15);
  absl::Duration forget_after = absl::Hours(1);   // a quiet hour starts afresh
};

struct ThrottleState {
  int failures = 0;
  absl::Time last_failure = absl::InfinitePast();
  absl::Time locked_until = absl::InfinitePast();
};

// OK, or RESOURCE_EXHAUSTED saying when to try again. `what` names the
// subject in the message ("this account", "your network address").
absl::Status CheckThrottle(const ThrottleState& state, const ThrottlePolicy& policy,
                           absl::Time now, const char* what);

// The state after one more failed attempt at `now`.
ThrottleState AfterFailure(ThrottleState state, const ThrottlePolicy& policy, absl::Time now);

}  // namespace keyway::identity
