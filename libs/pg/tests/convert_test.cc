#include <catch2/catch.hpp>

#include "keyway/pg/convert.h"
#include "keyway/pg/transaction.h"
#include "keyway/testing/testenv.h"

TEST_CASE("instants round-trip through timestamptz to the microsecond") {
  keyway::testing::TestDatabase db;
  keyway::pg::Pool pool(db.conninfo(), 1);
  const absl::Time t = absl::FromUnixMicros(1'795'000'000'123'456);
  auto back = keyway::pg::InTransaction(pool, [&](pqxx::work& tx) -> absl::StatusOr<absl::Time> {
    return keyway::pg::TimeField(
        tx.exec_params1("SELECT $1::timestamptz", keyway::pg::TimeParam(t))[0]);
  });
  REQUIRE(back.ok());
  CHECK(*back == t);
  auto whole = keyway::pg::InTransaction(pool, [&](pqxx::work& tx) -> absl::StatusOr<absl::Time> {
    return keyway::pg::TimeField(tx.exec1("SELECT '2026-11-23 10:00:00+00'::timestamptz")[0]);
  });
  CHECK(*whole == absl::FromCivil(absl::CivilSecond(2026, 11, 23, 10, 0, 0), absl::UTCTimeZone()));
}
