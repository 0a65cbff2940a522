#include <catch2/catch.hpp>

#include "remote_pin_plan.h"

using namespace keyway::access;

namespace {
const absl::Time kEpoch = absl::FromCivil(absl::CivilHour(2026, 1, 1, 0), absl::UTCTimeZone());
const absl::Time kNow = kEpoch + absl::Hours(24 * 50) + absl::Minutes(10);
const absl::Time kNextHour = kEpoch + absl::Hours(24 * 50 + 1);
}  // namespace

TEST_CASE("A3: Remote PIN starts: whole hours, not past, at most 14 days ahead") {
  CHECK(PlanRemotePin(v1::PIN_KIND_ONE_TIME, kNextHour, {}, kNow, kEpoch).ok());
  CHECK(PlanRemotePin(v1::PIN_KIND_ONE_TIME, kNextHour - absl::Hours(2), {}, kNow, kEpoch)
            .status().message().find("past") != std::string::npos);
  CHECK(PlanRemotePin(v1::PIN_KIND_ONE_TIME, kNextHour + absl::Hours(24 * 15), {}, kNow, kEpoch)
            .status().message().find("14 days") != std::string::npos);
  CHECK_FALSE(PlanRemotePin(v1::PIN_KIND_ONE_TIME, kNextHour + absl::Minutes(5), {}, kNow, kEpoch).ok());
}

TEST_CASE("A2: one-time PINs last 24 hours, permanent ones never end, neither takes an end") {
  auto once = PlanRemotePin(v1::PIN_KIND_ONE_TIME, kNextHour, {}, kNow, kEpoch);
  REQUIRE(once.ok());
  CHECK(once->end == kNextHour + absl::Hours(24));
  auto forever = PlanRemotePin(v1::PIN_KIND_PERMANENT, kNextHour, {}, kNow, kEpoch);
  REQUIRE(forever.ok());
  CHECK(forever->end == absl::InfiniteFuture());
  CHECK(PlanRemotePin(v1::PIN_KIND_PERMANENT, kNextHour, kNextHour + absl::Hours(3), kNow, kEpoch)
            .status().code() == absl::StatusCode::kInvalidArgument);
}

TEST_CASE("A2: a duration PIN ends at the longest length it can carry, never after the end asked") {
  auto plan = PlanRemotePin(v1::PIN_KIND_DURATION, kNextHour, kNextHour + absl::Hours(4), kNow, kEpoch);
  REQUIRE(plan.ok());
  CHECK(plan->end == kNextHour + absl::Hours(4));
  auto cut = PlanRemotePin(v1::PIN_KIND_DURATION, kNextHour,
                           kNextHour + absl::Hours(24 * 5) + absl::Hours(7), kNow, kEpoch);
  REQUIRE(cut.ok());
  CHECK(cut->end == kNextHour + absl::Hours(24 * 5));
  CHECK(PlanRemotePin(v1::PIN_KIND_DURATION, kNextHour, {}, kNow, kEpoch).status().message() ==
        "a duration PIN needs an end_time");
  CHECK(PlanRemotePin(v1::PIN_KIND_DURATION, kNextHour, kNextHour + absl::Minutes(30), kNow, kEpoch)
            .status().message() == "a duration PIN lasts at least one hour");
  CHECK(PlanRemotePin(v1::PIN_KIND_UNSPECIFIED, kNextHour, {}, kNow, kEpoch).status().code() ==
        absl::StatusCode::kInvalidArgument);
}
