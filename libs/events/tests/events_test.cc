// K3: nothing acknowledged is lost, whatever restarts, and each event is
// applied exactly once.
#include <catch2/catch.hpp>

#include "keyway/events/consumer.h"
#include "keyway/events/dead_letters.h"
#include "keyway/events/event.h"
#include "keyway/events/relay.h"
#include "keyway/pg/transaction.h"
#include "keyway/testing/testenv.h"

using namespace keyway;
using keyway::testing::UniqueName;

namespace {

// One service's database with the events tables and a table the handler
// writes to, plus its Redis, stream and consumer group.
struct Fixture {
  explicit Fixture(int pg_port = keyway::testing::SharedServers().pg_port,
                   int redis_port = keyway::testing::SharedServers().redis_port)
      : db(pg_port), pool(db.conninfo(), 4), redis("127.0.0.1", redis_port,
                                                    absl::Milliseconds(500)) {
    REQUIRE(pg::ApplyMigrations(pool, {{"events", events::Migrations()}}).ok());
    REQUIRE(pg::InTransaction(pool, [](pqxx::work& tx) {
              tx.exec0("CREATE TABLE applied (event_id uuid, payload text)");
              return absl::OkStatus();
            }).ok());
  }

  events::Consumer MakeConsumer(const std::string& name = "c1", int max_attempts = 20,
                                events::Consumer::Handler handler = nullptr) {
    if (!handler) {
      handler = [](pqxx::work& tx, const events::Event& e) {
        tx.exec_params0("INSERT INTO applied VALUES ($1, $2)", e.id, e.payload);
        return absl::OkStatus();
      };
    }
    return events::Consumer(pool, redis,
                            {.stream = stream, .group = "svc", .consumer = name,
                             .claim_after = absl::ZeroDuration(), .max_attempts = max_attempts},
                            handler);
  }

  void Publish(const std::string& payload, bool commit = true) {
    auto s = pg::InTransaction(pool, [&](pqxx::work& tx) {
      events::Publish(tx, stream, {"", "test.Event", "org-1", payload, absl::Now()});
      return commit ? absl::OkStatus() : absl::CancelledError("rolled back");
    });
    REQUIRE(s.ok() == commit);
  }

  int Count(const std::string& sql) {
    return *pg::InTransaction(pool, [&](pqxx::work& tx) -> absl::StatusOr<int> {
      return tx.exec1(sql)[0].as<int>();
    });
  }

  // Polls until nothing more arrives.
  int Drain(events::Consumer& consumer) {
    int total = 0;
    for (int i = 0; i < 5; ++i) {
      auto n = consumer.PollOnce(absl::Milliseconds(50));
      if (n.ok()) total += *n;
    }
    return total;
  }

  keyway::testing::TestDatabase db;
  pg::Pool pool;
  redis::Client redis;
  std::string stream = UniqueName("events");
};

}  // namespace

TEST_CASE("K3: a committed event is published and applied once, and a rolled-back one never") {
  Fixture f;
  f.Publish("kept");
  f.Publish("dropped", /*commit=*/false);
  events::Relay relay(f.pool, f.redis);
  CHECK(*relay.PublishBatch() == 1);
  CHECK(f.Count("SELECT count(*) FROM outbox_events") == 0);
  auto consumer = f.MakeConsumer();
  CHECK(f.Drain(consumer) == 1);
  CHECK(f.Count("SELECT count(*) FROM applied WHERE payload = 'kept'") == 1);
  CHECK(f.Count("SELECT count(*) FROM applied") == 1);
}

TEST_CASE("K3: an event delivered twice is applied once") {
  Fixture f;
  std::vector<std::pair<std::string, std::string>> fields = {
      {"event_id", "6f1c1f5e-9d1b-4a51-8c1e-2b8f0c1d2e3f"}, {"type", "t"}, {"payload", "p"}};
  REQUIRE(f.redis.XAdd(f.stream, fields).ok());
  REQUIRE(f.redis.XAdd(f.stream, fields).ok());
  auto consumer = f.MakeConsumer();
  CHECK(f.Drain(consumer) == 2);  // both entries are done with...
  CHECK(f.Count("SELECT count(*) FROM applied") == 1);  // ...but applied once
}

TEST_CASE("K3: events committed while Redis is down are published when it returns") {
  keyway::testing::PrivateServers servers;
  Fixture f(servers.ports().pg_port, servers.ports().redis_port);
  servers.StopRedis();
  for (int i = 0; i < 5; ++i) f.Publish("while-down-" + std::to_string(i));
  events::Relay relay(f.pool, f.redis);
  CHECK(relay.PublishBatch().status().code() == absl::StatusCode::kUnavailable);
  CHECK(f.Count("SELECT count(*) FROM outbox_events") == 5);  // nothing lost
  servers.StartRedis();
  CHECK(*relay.PublishBatch() == 5);
  auto consumer = f.MakeConsumer();
  CHECK(f.Drain(consumer) == 5);
  CHECK(f.Count("SELECT count(*) FROM applied") == 5);
}

TEST_CASE("K3: events in Redis survive a Redis restart before they are consumed") {
  keyway::testing::PrivateServers servers;
  Fixture f(servers.ports().pg_port, servers.ports().redis_port);
  auto consumer = f.MakeConsumer();
  REQUIRE(consumer.PollOnce(absl::Milliseconds(1)).ok());  // the group exists
  for (int i = 0; i < 3; ++i) f.Publish("e" + std::to_string(i));
  events::Relay relay(f.pool, f.redis);
  REQUIRE(*relay.PublishBatch() == 3);
  // Read but not acknowledged when Redis goes away: pending survives too.
  REQUIRE(f.redis.ReadGroup(f.stream, "svc", "c1", ">", 1, absl::Milliseconds(10))->size() == 1);
  servers.StopRedis();
  servers.StartRedis();
  CHECK(f.Drain(consumer) == 3);
  CHECK(f.Count("SELECT count(*) FROM applied") == 3);
}

TEST_CASE("K3: an event whose handling hit a PostgreSQL outage is applied after it") {
  keyway::testing::PrivateServers servers;
  Fixture f(servers.ports().pg_port, servers.ports().redis_port);
  f.Publish("survivor");
  events::Relay relay(f.pool, f.redis);
  REQUIRE(*relay.PublishBatch() == 1);
  auto consumer = f.MakeConsumer();
  servers.StopPostgres();
  CHECK_FALSE(consumer.PollOnce(absl::Milliseconds(50)).ok());  // not applied, not acknowledged
  servers.StartPostgres();
  CHECK(f.Drain(consumer) == 1);
  CHECK(f.Count("SELECT count(*) FROM applied WHERE payload = 'survivor'") == 1);
}

TEST_CASE("K3: a replica that died holding events has them taken over") {
  Fixture f;
  f.Publish("orphan");
  events::Relay relay(f.pool, f.redis);
  REQUIRE(*relay.PublishBatch() == 1);
  REQUIRE(f.redis.EnsureGroup(f.stream, "svc").ok());
  // "dead" reads the entry and never acknowledges it.
  REQUIRE(f.redis.ReadGroup(f.stream, "svc", "dead", ">", 10, absl::Milliseconds(10))->size() == 1);
  auto survivor = f.MakeConsumer("alive");
  CHECK(f.Drain(survivor) == 1);
  CHECK(f.Count("SELECT count(*) FROM applied") == 1);
}

TEST_CASE("K3: an event that keeps failing is kept in a dead-letter stream, not lost") {
  Fixture f;
  f.Publish("poison");
  events::Relay relay(f.pool, f.redis);
  REQUIRE(*relay.PublishBatch() == 1);
  int calls = 0;
  auto consumer = f.MakeConsumer("c1", 3, [&](pqxx::work&, const events::Event&) {
    ++calls;
    return absl::InternalError("cannot apply");
  });
  f.Drain(consumer);
  CHECK(calls == 3);
  auto dead = f.redis.Command({"XLEN", f.stream + ".dead"});
  REQUIRE(dead.ok());
  CHECK(dead->integer == 1);
  CHECK(f.Count("SELECT count(*) FROM processed_events") == 0);
}

TEST_CASE("K3: S9: a dead letter says who gave up and why, and once replayed is applied exactly once") {
  Fixture f;
  f.Publish("mended later");
  events::Relay relay(f.pool, f.redis);
  REQUIRE(*relay.PublishBatch() == 1);
  bool mended = false;
  auto consumer = f.MakeConsumer("c1", 2, [&](pqxx::work& tx, const events::Event& e) {
    if (!mended) return absl::InvalidArgumentError("unknown lock model XYZ");
    tx.exec_params0("INSERT INTO applied VALUES ($1, $2)", e.id, e.payload);
    return absl::OkStatus();
  });
  f.Drain(consumer);
  auto dead = events::ListDeadLetters(f.redis, f.stream, 10);
  REQUIRE(dead.ok());
  REQUIRE(dead->size() == 1);
  CHECK(dead->front().group == "svc");
  CHECK(dead->front().error == "unknown lock model XYZ");
  CHECK(dead->front().type == "test.Event");
  CHECK(dead->front().dead_at > absl::Now() - absl::Minutes(1));
  // The cause mended, the operator replays it: applied once, and gone from the dead letters.
  mended = true;
  auto replayed = events::ReplayDeadLetters(f.redis, f.stream, {dead->front().entry_id});
  REQUIRE(replayed.ok());
  CHECK(*replayed == 1);
  f.Drain(consumer);
  CHECK(f.Count("SELECT count(*) FROM applied WHERE payload = 'mended later'") == 1);
  CHECK(events::ListDeadLetters(f.redis, f.stream, 10)->empty());
  CHECK(*events::ReplayDeadLetters(f.redis, f.stream, {}) == 0);
  // The same event put back twice (a replay cut short) is still applied once.
  REQUIRE(f.redis.XAdd(f.stream, {{"event_id", *f.redis.Range(f.stream, "-", "+", 1)->front().Field("event_id")},
                                  {"type", "test.Event"}, {"payload", "mended later"}}).ok());
  f.Drain(consumer);
  CHECK(f.Count("SELECT count(*) FROM applied WHERE payload = 'mended later'") == 1);
}

TEST_CASE("K3: K4: S8: a stream is trimmed once every group has read past, never before") {
  Fixture f;
  for (int i = 0; i < 30; ++i) f.Publish("event " + std::to_string(i));
  events::Relay relay(f.pool, f.redis);
  REQUIRE(*relay.PublishBatch() == 30);
  auto xlen = [&] { return f.redis.Command({"XLEN", f.stream})->integer; };
  // No group reads it yet: nothing goes.
  CHECK(*relay.TrimStreams(absl::ZeroDuration()) == 0);
  // One group has read and acknowledged all; another (a service that was
  // down) has read nothing: everything stays for it.
  auto consumer = f.MakeConsumer("c1");
  CHECK(f.Drain(consumer) == 30);
  REQUIRE(f.redis.EnsureGroup(f.stream, "late").ok());
  CHECK(*relay.TrimStreams(absl::ZeroDuration()) == 0);
  CHECK(xlen() == 30);
  // The late group reads ten and acknowledges five: the other five are still its.
  auto read = f.redis.ReadGroup(f.stream, "late", "l1", ">", 10, absl::Milliseconds(10));
  REQUIRE(read->size() == 10);
  for (int i = 0; i < 5; ++i) REQUIRE(f.redis.Ack(f.stream, "late", (*read)[i].id).ok());
  CHECK(*relay.TrimStreams(absl::ZeroDuration()) == 5);
  CHECK(xlen() == 25);
  // Within the retention nothing goes, however read.
  for (int i = 5; i < 10; ++i) REQUIRE(f.redis.Ack(f.stream, "late", (*read)[i].id).ok());
  CHECK(*relay.TrimStreams(absl::Hours(24)) == 0);
  // Everything read by both: the bound is reached, the stream is empty.
  while (true) {
    auto more = f.redis.ReadGroup(f.stream, "late", "l1", ">", 100, absl::Milliseconds(10));
    if (more->empty()) break;
    for (const auto& e : *more) REQUIRE(f.redis.Ack(f.stream, "late", e.id).ok());
  }
  CHECK(*relay.TrimStreams(absl::ZeroDuration()) == 25);
  CHECK(xlen() == 0);
}

TEST_CASE("K3: S9: an outage never counts as an attempt: nothing is dead-lettered for waiting") {
  keyway::testing::PrivateServers servers;
  Fixture f(servers.ports().pg_port, servers.ports().redis_port);
  f.Publish("patient");
  events::Relay relay(f.pool, f.redis);
  REQUIRE(*relay.PublishBatch() == 1);
  // Another service the handler needs is down for many rounds.
  int calls = 0;
  auto consumer = f.MakeConsumer("c1", 2, [&](pqxx::work& tx, const events::Event& e) {
    if (++calls <= 6) return absl::UnavailableError("the org service is unreachable");
    tx.exec_params0("INSERT INTO applied VALUES ($1, $2)", e.id, e.payload);
    return absl::OkStatus();
  });
  for (int i = 0; i < 6; ++i) (void)consumer.PollOnce(absl::Milliseconds(20));
  // Then PostgreSQL itself goes away for a while.
  servers.StopPostgres();
  for (int i = 0; i < 5; ++i) CHECK_FALSE(consumer.PollOnce(absl::Milliseconds(20)).ok());
  servers.StartPostgres();
  f.Drain(consumer);
  CHECK(f.Count("SELECT count(*) FROM applied WHERE payload = 'patient'") == 1);
  auto dead = f.redis.Command({"XLEN", f.stream + ".dead"});
  REQUIRE(dead.ok());
  CHECK(dead->integer == 0);
}

TEST_CASE("K3: the relay thread publishes as soon as an event commits") {
  Fixture f;
  events::Relay relay(f.pool, f.redis, absl::Seconds(30));  // long poll: NOTIFY must wake it
  relay.Start();
  f.Publish("prompt");
  auto consumer = f.MakeConsumer();
  int applied = 0;
  for (int i = 0; i < 50 && applied == 0; ++i) applied += *consumer.PollOnce(absl::Milliseconds(100));
  relay.Stop();
  CHECK(applied == 1);
}

TEST_CASE("K3: applied-event records are pruned after a week, not before") {
  Fixture f;
  REQUIRE(pg::InTransaction(f.pool, [](pqxx::work& tx) {
            tx.exec0("INSERT INTO processed_events (consumer, event_id, processed_at) VALUES "
                     "('svc', '6f1c1f5e-9d1b-4a51-8c1e-2b8f0c1d2e3f', now() - interval '8 days'), "
                     "('svc', '6f1c1f5e-9d1b-4a51-8c1e-2b8f0c1d2e40', now() - interval '1 day')");
            return absl::OkStatus();
          }).ok());
  auto pruned = pg::InTransaction(f.pool, [](pqxx::work& tx) -> absl::StatusOr<int> {
    return events::PruneProcessed(tx);
  });
  CHECK(*pruned == 1);
  CHECK(f.Count("SELECT count(*) FROM processed_events") == 1);
}

TEST_CASE("K3: a consumer given types applies only those and acknowledges the rest untouched") {
  Fixture f;
  REQUIRE(f.redis.XAdd(f.stream, {{"event_id", "0b7c7c1e-3f9d-4a51-8c1e-2b8f0c1d2e30"},
                                  {"type", "wanted.Event"}, {"payload", "w"}}).ok());
  REQUIRE(f.redis.XAdd(f.stream, {{"event_id", "0b7c7c1e-3f9d-4a51-8c1e-2b8f0c1d2e31"},
                                  {"type", "other.Event"}, {"payload", "o"}}).ok());
  events::Consumer consumer(
      f.pool, f.redis,
      {.stream = f.stream, .group = "svc", .consumer = "c1", .types = {"wanted.Event"}},
      [](pqxx::work& tx, const events::Event& e) {
        tx.exec_params0("INSERT INTO applied VALUES ($1, $2)", e.id, e.payload);
        return absl::OkStatus();
      });
  CHECK(f.Drain(consumer) == 2);  // both done with
  CHECK(f.Count("SELECT count(*) FROM applied WHERE payload = 'w'") == 1);
  CHECK(f.Count("SELECT count(*) FROM applied") == 1);
  CHECK(f.Count("SELECT count(*) FROM processed_events") == 1);  // no record for the other
  auto pending = f.redis.Command({"XPENDING", f.stream, "svc"});
  REQUIRE(pending.ok());
  CHECK(pending->elements[0].integer == 0);  // nothing left unacknowledged
}
