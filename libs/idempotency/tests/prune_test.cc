#include <catch2/catch.hpp>

#include "keyway/idempotency/idempotency.h"
#include "keyway/pg/transaction.h"
#include "keyway/testing/testenv.h"

TEST_CASE("K1: keys older than 24 hours are ignored, then pruned") {
  keyway::testing::TestDatabase db;
  keyway::pg::Pool pool(db.conninfo(), 2);
  REQUIRE(keyway::pg::ApplyMigrations(pool, {{"idempotency", keyway::idempotency::Migrations()}}).ok());
  auto result = keyway::pg::InTransaction(pool, [](pqxx::work& tx) -> absl::StatusOr<int> {
    keyway::idempotency::Remember(tx, "scope", "old", "fp", "first answer");
    keyway::idempotency::Remember(tx, "scope", "new", "fp", "second answer");
    tx.exec0("UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = 'old'");
    auto old = keyway::idempotency::Lookup(tx, "scope", "old", "fp");
    if (!old.ok() || old->has_value()) return absl::InternalError("an expired key was replayed");
    auto fresh = keyway::idempotency::Lookup(tx, "scope", "new", "fp");
    if (!fresh.ok() || !fresh->has_value()) return absl::InternalError("a fresh key was lost");
    return keyway::idempotency::Prune(tx);
  });
  REQUIRE(result.ok());
  CHECK(*result == 1);
}
