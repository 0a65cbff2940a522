#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "keyway/pg/pool.h"
#include "keyway/pg/transaction.h"
#include "keyway/testing/testenv.h"

using keyway::pg::InTransaction;
using keyway::pg::Pool;
using keyway::testing::TestDatabase;

TEST_CASE("a transaction commits on OK and rolls back on an error status") {
  TestDatabase db;
  Pool pool(db.conninfo(), 2);
  REQUIRE(InTransaction(pool, [](pqxx::work& tx) {
            tx.exec0("CREATE TABLE t (v int)");
            return absl::OkStatus();
          }).ok());
  auto failed = InTransaction(pool, [](pqxx::work& tx) {
    tx.exec0("INSERT INTO t VALUES (1)");
    return absl::InvalidArgumentError("no");
  });
  CHECK(failed.code() == absl::StatusCode::kInvalidArgument);
  auto count = InTransaction(pool, [](pqxx::work& tx) -> absl::StatusOr<int> {
    return tx.exec1("SELECT count(*) FROM t")[0].as<int>();
  });
  REQUIRE(count.ok());
  CHECK(*count == 0);
}

TEST_CASE("serialization failures are retried until the work succeeds") {
  TestDatabase db;
  Pool pool(db.conninfo(), 8);
  REQUIRE(InTransaction(pool, [](pqxx::work& tx) {
            tx.exec0("CREATE TABLE counter (n int); INSERT INTO counter VALUES (0)");
            return absl::OkStatus();
          }).ok());
  // Serializable read-modify-write from many threads: conflicts are certain,
  // and every increment must land exactly once after retries.
  constexpr int kThreads = 6, kEach = 10;
  std::atomic<int> failures = 0;
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < kEach; ++j) {
        auto s = InTransaction(
            pool,
            [](pqxx::work& tx) {
              int n = tx.exec1("SELECT n FROM counter")[0].as<int>();
              tx.exec_params0("UPDATE counter SET n = $1", n + 1);
              return absl::OkStatus();
            },
            {.isolation = keyway::pg::Isolation::kSerializable, .max_attempts = 100});
        if (!s.ok()) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(failures == 0);
  auto n = InTransaction(pool, [](pqxx::work& tx) -> absl::StatusOr<int> {
    return tx.exec1("SELECT n FROM counter")[0].as<int>();
  });
  CHECK(*n == kThreads * kEach);
}

TEST_CASE("an unreachable database is UNAVAILABLE, not an exception") {
  Pool pool("host=127.0.0.1 port=1 user=postgres connect_timeout=1", 1);
  auto s = InTransaction(pool, [](pqxx::work&) { return absl::OkStatus(); });
  CHECK(s.code() == absl::StatusCode::kUnavailable);
}

TEST_CASE("the pool heals after PostgreSQL restarts") {
  keyway::testing::PrivateServers servers;
  TestDatabase db(servers.ports().pg_port);
  Pool pool(db.conninfo(), 2);
  auto ping = [&] {
    return InTransaction(pool, [](pqxx::work& tx) {
      tx.exec1("SELECT 1");
      return absl::OkStatus();
    });
  };
  REQUIRE(ping().ok());
  servers.StopPostgres();
  CHECK(ping().code() == absl::StatusCode::kUnavailable);
  servers.StartPostgres();
  CHECK(ping().ok());
}

TEST_CASE("a pool whose connections all stay busy says so") {
  TestDatabase db;
  Pool pool(db.conninfo(), 1);
  auto held = pool.Acquire();
  REQUIRE(held.ok());
  auto second = pool.Acquire(absl::Milliseconds(50));
  CHECK(second.status().code() == absl::StatusCode::kDeadlineExceeded);
}
