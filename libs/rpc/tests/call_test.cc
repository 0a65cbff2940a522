#include <catch2/catch.hpp>

#include "keyway/rpc/call.h"
#include "keyway/rpc/flags.h"
#include "keyway/rpc/metrics.h"

using keyway::rpc::PeerAddress;

TEST_CASE("the peer address drops the port") {
  CHECK(PeerAddress("ipv4:127.0.0.1:5000") == "127.0.0.1");
  CHECK(PeerAddress("ipv6:[::1]:5000") == "::1");
  CHECK(PeerAddress("unix:/tmp/sock") == "unix");
}

TEST_CASE("flags are backed by KEYWAY_ environment variables") {
  CHECK(keyway::rpc::EnvVarOf("db_url") == "KEYWAY_DB_URL");
}

TEST_CASE("status codes have their canonical names") {
  CHECK(std::string(keyway::rpc::StatusCodeName(0)) == "OK");
  CHECK(std::string(keyway::rpc::StatusCodeName(5)) == "NOT_FOUND");
  CHECK(std::string(keyway::rpc::StatusCodeName(16)) == "UNAUTHENTICATED");
  CHECK(std::string(keyway::rpc::StatusCodeName(99)) == "UNKNOWN");
}
