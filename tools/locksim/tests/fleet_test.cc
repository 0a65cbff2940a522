#include "fleet.h"

#include <catch2/catch.hpp>

using keyway::locksim::ParseFleet;

namespace {
// 32 bytes of zeros, base64url.
const std::string kSecret = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
const std::string kLock = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
}  // namespace

TEST_CASE("locksim fleet: bridges own the lock lines below them") {
  auto fleet = ParseFleet("# demo\nbridge hall b1.secret\nlock front-door " + kLock + " " + kSecret +
                          " 1700000000\n\nlock bike-store " + kLock + " " + kSecret + " 1700003600\n");
  REQUIRE(fleet.ok());
  REQUIRE(fleet->bridges.size() == 1);
  const auto& bridge = fleet->bridges[0];
  CHECK(bridge.credential == "b1.secret");
  REQUIRE(bridge.locks.size() == 2);
  CHECK(bridge.locks[1].name == "bike-store");
  CHECK(bridge.locks[1].config.epoch == absl::FromUnixSeconds(1700003600));
  CHECK(bridge.locks[0].config.secret == std::string(32, '\0'));
  CHECK(fleet->nbiot_locks.empty());
}

TEST_CASE("locksim fleet: an NB-IoT lock stands alone with its credential") {
  auto fleet = ParseFleet("nbiot back-door " + kLock + " " + kSecret + " 1700000000 " + kLock + ".s\n");
  REQUIRE(fleet.ok());
  CHECK(fleet->bridges.empty());
  REQUIRE(fleet->nbiot_locks.size() == 1);
  CHECK(fleet->nbiot_locks[0].lock.name == "back-door");
  CHECK(fleet->nbiot_locks[0].credential == kLock + ".s");
  CHECK_FALSE(ParseFleet("nbiot back-door " + kLock + " " + kSecret + " 1700000000\n").ok());
}

TEST_CASE("locksim fleet: a malformed line is refused by its number") {
  auto orphan = ParseFleet("lock front-door " + kLock + " " + kSecret + " 1700000000\n");
  CHECK(orphan.status().message() == "fleet line 1: a lock line needs a bridge line above it");
  auto short_secret = ParseFleet("bridge hall c\nlock x " + kLock + " AAAA 1\n");
  CHECK(short_secret.status().message().find("line 2") != std::string::npos);
  CHECK_FALSE(ParseFleet("bridge hall\n").ok());
  CHECK_FALSE(ParseFleet("keypad k1\n").ok());
}
