#include "login_throttle.h"

#include <cmath>

#include "absl/strings/str_cat.h"

namespace keyway::identity {
namespace {

int64_t SecondsUntil(absl::Time t, absl::Time now) {
  return std::max<int64_t>(1, static_cast<int64_t>(std::ceil(absl::ToDoubleSeconds(t - now))));
}

}  // namespace

absl::Status CheckThrottle(const ThrottleState& state, const ThrottlePolicy& policy,
                           absl::Time now, const char* what) {
  if (now < state.locked_until) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "too many failed logins: ", what, " is locked; try again in ",
        SecondsUntil(state.locked_until, now), " s or reset the password"));
  }
  if (now - state.last_failure > policy.forget_after) return absl::OkStatus();
  int excess = state.failures - policy.free_failures;
  if (excess < 0) return absl::OkStatus();
  absl::Duration delay = std::min(policy.first_delay * std::pow(2.0, std::min(excess, 30)),
                                  policy.max_delay);
  absl::Time allowed_at = state.last_failure + delay;
  if (now < allowed_at) {
    return absl::ResourceExhaustedError(absl::StrCat("too many failed logins from ", what,
                                                     "; try again in ",
                                                     SecondsUntil(allowed_at, now), " s"));
  }
  return absl::OkStatus();
}

ThrottleState AfterFailure(ThrottleState state, const ThrottlePolicy& policy, absl::Time now) {
  bool lock_served = state.locked_until != absl::InfinitePast() && now >= state.locked_until;
  if (lock_served || now - state.last_failure > policy.forget_after) {
    state.failures = 0;  // a served lock or a quiet spell wipes the slate
    state.locked_until = absl::InfinitePast();
  }
  ++state.failures;
  state.last_failure = now;
  if (state.failures >= policy.lock_after) state.locked_until = now + policy.lock_for;
  return state;
}

}  // namespace keyway::identity
