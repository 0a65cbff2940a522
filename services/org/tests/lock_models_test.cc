#include <catch2/catch.hpp>

#include "lock_models.h"

using namespace keyway::org;

TEST_CASE("L3: each allowed activity-log interval is accepted and others refused") {
  for (int m : {1, 10, 30}) CHECK(ValidateActivityLogInterval(absl::Minutes(m)).ok());
  for (int h = 1; h <= 24; ++h) CHECK(ValidateActivityLogInterval(absl::Hours(h)).ok());
  for (auto d : {absl::Minutes(5), absl::Minutes(90), absl::Hours(25), absl::ZeroDuration(),
                 absl::Seconds(-60), absl::Hours(2) + absl::Seconds(1)}) {
    INFO(absl::FormatDuration(d));
    auto s = ValidateActivityLogInterval(d);
    CHECK(s.code() == absl::StatusCode::kInvalidArgument);
    CHECK(s.message().find("(L3)") != std::string::npos);
  }
}

TEST_CASE("L3: each allowed heartbeat interval is accepted and others refused") {
  for (int h : {1, 2, 5, 12, 24}) CHECK(ValidateHeartbeatInterval(absl::Hours(h)).ok());
  for (auto d : {absl::Hours(3), absl::Hours(6), absl::Minutes(30), absl::Hours(48)}) {
    CHECK(ValidateHeartbeatInterval(d).code() == absl::StatusCode::kInvalidArgument);
  }
}

TEST_CASE("lock models say what they can do") {
  CHECK(FindLockModel("INB1")->nbiot);
  CHECK_FALSE(FindLockModel("INB1")->two_factor);
  CHECK(FindLockModel("INB1-2FA")->two_factor);
  CHECK_FALSE(FindLockModel("IGB4")->nbiot);
  CHECK_FALSE(FindLockModel("XYZ").has_value());
  CHECK(KnownModelCodes().find("INB1") != std::string::npos);
}
