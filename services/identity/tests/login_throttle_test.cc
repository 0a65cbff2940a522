#include <catch2/catch.hpp>

#include "login_throttle.h"

using namespace keyway::identity;

namespace {
const absl::Time kT0 = absl::FromUnixSeconds(1'800'000'000);
}

TEST_CASE("the first failures cost nothing, then each one doubles the wait") {
  ThrottlePolicy policy;  // 3 free, 1 s doubling to 30 s, lock after 10
  ThrottleState s;
  absl::Time now = kT0;
  for (int i = 0; i < 3; ++i) {
    REQUIRE(CheckThrottle(s, policy, now, "this account").ok());
    s = AfterFailure(s, policy, now);
  }
  // 3 failures: the 4th attempt must wait 1 s.
  CHECK(CheckThrottle(s, policy, now, "this account").code() ==
        absl::StatusCode::kResourceExhausted);
  CHECK(CheckThrottle(s, policy, now + absl::Seconds(1), "this account").ok());
  s = AfterFailure(s, policy, now + absl::Seconds(1));
  // 4 failures: 2 s.
  CHECK_FALSE(CheckThrottle(s, policy, now + absl::Seconds(2.5), "x").ok());
  CHECK(CheckThrottle(s, policy, now + absl::Seconds(3), "x").ok());
}

TEST_CASE("enough failures lock for the lock period, with a message saying how long") {
  ThrottlePolicy policy;
  ThrottleState s;
  absl::Time now = kT0;
  for (int i = 0; i < policy.lock_after; ++i) {
    now += absl::Minutes(1);  // slow enough never to be delayed
    s = AfterFailure(s, policy, now);
  }
  auto locked = CheckThrottle(s, policy, now + absl::Minutes(14), "this account");
  CHECK(locked.code() == absl::StatusCode::kResourceExhausted);
  CHECK(locked.message().find("this account is locked; try again in 60 s") != std::string::npos);
  CHECK(CheckThrottle(s, policy, now + absl::Minutes(15), "this account").ok());
  // After the lock is served, one more failure does not lock again at once.
  s = AfterFailure(s, policy, now + absl::Minutes(16));
  CHECK(s.failures == 1);
  CHECK(CheckThrottle(s, policy, now + absl::Minutes(16), "x").ok());
}

TEST_CASE("a quiet hour forgets old failures") {
  ThrottlePolicy policy;
  ThrottleState s;
  for (int i = 0; i < 5; ++i) s = AfterFailure(s, policy, kT0);
  s = AfterFailure(s, policy, kT0 + absl::Hours(2));
  CHECK(s.failures == 1);
}
