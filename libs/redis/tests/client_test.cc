#include <catch2/catch.hpp>

#include "keyway/redis/client.h"
#include "keyway/redis/durability.h"
#include "keyway/testing/testenv.h"

using keyway::redis::Client;
using keyway::testing::SharedServers;
using keyway::testing::UniqueName;

TEST_CASE("stream entries are read by a consumer group and stay pending until acknowledged") {
  Client redis("127.0.0.1", SharedServers().redis_port);
  std::string stream = UniqueName("stream"), group = "g";
  REQUIRE(redis.EnsureGroup(stream, group).ok());
  REQUIRE(redis.EnsureGroup(stream, group).ok());  // idempotent
  REQUIRE(redis.XAdd(stream, {{"k", std::string("v\0w", 3)}}).ok());
  auto read = redis.ReadGroup(stream, group, "c1", ">", 10, absl::Milliseconds(100));
  REQUIRE(read.ok());
  REQUIRE(read->size() == 1);
  CHECK(*(*read)[0].Field("k") == std::string("v\0w", 3));  // binary-safe
  // Not acknowledged: the same consumer sees it again in its pending list.
  auto pending = redis.ReadGroup(stream, group, "c1", "0", 10, absl::Milliseconds(10));
  REQUIRE(pending->size() == 1);
  REQUIRE(redis.Ack(stream, group, (*read)[0].id).ok());
  pending = redis.ReadGroup(stream, group, "c1", "0", 10, absl::Milliseconds(10));
  CHECK(pending->empty());
}

TEST_CASE("entries a dead consumer left pending are claimed by another") {
  Client redis("127.0.0.1", SharedServers().redis_port);
  std::string stream = UniqueName("stream"), group = "g";
  REQUIRE(redis.EnsureGroup(stream, group).ok());
  REQUIRE(redis.XAdd(stream, {{"k", "v"}}).ok());
  REQUIRE(redis.ReadGroup(stream, group, "dead", ">", 10, absl::Milliseconds(10))->size() == 1);
  auto claimed = redis.AutoClaim(stream, group, "alive", absl::ZeroDuration(), 10);
  REQUIRE(claimed.ok());
  CHECK(claimed->size() == 1);
}

TEST_CASE("an unreachable Redis is UNAVAILABLE and an error reply says why") {
  Client down("127.0.0.1", 1, absl::Milliseconds(200));
  CHECK(down.Command({"PING"}).status().code() == absl::StatusCode::kUnavailable);
  Client redis("127.0.0.1", SharedServers().redis_port);
  auto bad = redis.Command({"NOSUCHCOMMAND"});
  CHECK(bad.status().code() == absl::StatusCode::kFailedPrecondition);
}

TEST_CASE("S9: K3: a Redis that may lose what it acknowledged is named, with what to set") {
  keyway::testing::PrivateServers servers;  // its own Redis: the setting is changed below
  Client redis("127.0.0.1", servers.ports().redis_port);
  // The project's scripts start Redis durable.
  CHECK(keyway::redis::CheckDurable(redis).ok());
  REQUIRE(redis.Command({"CONFIG", "SET", "appendfsync", "everysec"}).ok());
  auto lossy = keyway::redis::CheckDurable(redis);
  CHECK(lossy.code() == absl::StatusCode::kFailedPrecondition);
  CHECK(lossy.message().find("appendfsync everysec") != std::string::npos);
  CHECK(lossy.message().find("--accept_redis_data_loss") != std::string::npos);
  REQUIRE(redis.Command({"CONFIG", "SET", "appendonly", "no"}).ok());
  CHECK(keyway::redis::CheckDurable(redis).code() == absl::StatusCode::kFailedPrecondition);
  Client down("127.0.0.1", 1, absl::Milliseconds(200));
  CHECK(keyway::redis::CheckDurable(down).code() == absl::StatusCode::kUnavailable);
}
