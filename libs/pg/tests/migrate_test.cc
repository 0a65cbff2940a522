#include <catch2/catch.hpp>

#include <thread>

#include "keyway/pg/migrate.h"
#include "keyway/pg/transaction.h"
#include "keyway/testing/testenv.h"

using keyway::pg::ApplyMigrations;
using keyway::pg::Migration;
using keyway::pg::MigrationSet;
using keyway::pg::Pool;

namespace {
const Migration kV1[] = {{1, "create_a", "CREATE TABLE a (id int)"}};
const Migration kV2[] = {{1, "create_a", "CREATE TABLE a (id int)"},
                         {2, "create_b", "CREATE TABLE b (id int)"}};

int CountRows(Pool& pool, const std::string& sql) {
  return *keyway::pg::InTransaction(pool, [&](pqxx::work& tx) -> absl::StatusOr<int> {
    return tx.exec1(sql)[0].as<int>();
  });
}
}  // namespace

TEST_CASE("migrations apply in order, once, and record themselves") {
  keyway::testing::TestDatabase db;
  Pool pool(db.conninfo(), 2);
  REQUIRE(ApplyMigrations(pool, {{"svc", kV1}}).ok());
  CHECK_FALSE(keyway::pg::MigrationsApplied(pool, {{"svc", kV2}}));
  REQUIRE(ApplyMigrations(pool, {{"svc", kV2}}).ok());
  REQUIRE(ApplyMigrations(pool, {{"svc", kV2}}).ok());  // nothing left to do
  CHECK(CountRows(pool, "SELECT count(*) FROM schema_migrations WHERE component='svc'") == 2);
  CHECK(CountRows(pool, "SELECT count(*) FROM b") == 0);
  CHECK(keyway::pg::MigrationsApplied(pool, {{"svc", kV2}}));
}

TEST_CASE("a database ahead of the binary, or an edited migration, is refused") {
  keyway::testing::TestDatabase db;
  Pool pool(db.conninfo(), 2);
  REQUIRE(ApplyMigrations(pool, {{"svc", kV2}}).ok());
  auto older = ApplyMigrations(pool, {{"svc", kV1}});
  CHECK(older.code() == absl::StatusCode::kFailedPrecondition);
  const Migration renamed[] = {{1, "create_a_renamed", "CREATE TABLE a (id int)"}};
  auto edited = ApplyMigrations(pool, {{"svc", renamed}});
  CHECK(edited.code() == absl::StatusCode::kFailedPrecondition);
  CHECK(edited.message().find("never be edited") != std::string::npos);
}

TEST_CASE("S9: a landed migration whose SQL was edited is refused, naming it") {
  keyway::testing::TestDatabase db;
  Pool pool(db.conninfo(), 2);
  REQUIRE(ApplyMigrations(pool, {{"svc", kV2}}).ok());
  const Migration edited[] = {{1, "create_a", "CREATE TABLE a (id int)"},
                              {2, "create_b", "CREATE TABLE b (id bigint)"}};
  auto refused = ApplyMigrations(pool, {{"svc", edited}});
  CHECK(refused.code() == absl::StatusCode::kFailedPrecondition);
  CHECK(refused.message().find("svc V2 (create_b)") != std::string::npos);
  CHECK(refused.message().find("new migration") != std::string::npos);
  REQUIRE(ApplyMigrations(pool, {{"svc", kV2}}).ok());  // the file as it landed is fine
  // A database from before checksums were recorded takes them at its next start.
  REQUIRE(keyway::pg::InTransaction(pool, [](pqxx::work& tx) {
            tx.exec0("UPDATE schema_migrations SET checksum = NULL");
            return absl::OkStatus();
          }).ok());
  REQUIRE(ApplyMigrations(pool, {{"svc", kV2}}).ok());
  CHECK(CountRows(pool, "SELECT count(*) FROM schema_migrations WHERE checksum IS NOT NULL") == 2);
  CHECK(ApplyMigrations(pool, {{"svc", edited}}).code() == absl::StatusCode::kFailedPrecondition);
}

TEST_CASE("replicas starting together apply each migration exactly once") {
  keyway::testing::TestDatabase db;
  // Without the advisory lock, the second CREATE TABLE would fail.
  std::vector<std::thread> replicas;
  std::atomic<int> failures = 0;
  for (int i = 0; i < 4; ++i) {
    replicas.emplace_back([&] {
      Pool pool(db.conninfo(), 1);
      if (!ApplyMigrations(pool, {{"svc", kV2}}).ok()) ++failures;
    });
  }
  for (auto& t : replicas) t.join();
  CHECK(failures == 0);
  Pool pool(db.conninfo(), 1);
  CHECK(CountRows(pool, "SELECT count(*) FROM schema_migrations") == 2);
}
