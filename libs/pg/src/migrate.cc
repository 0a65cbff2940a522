#include "keyway/pg/migrate.h"

#include <map>
#include <optional>

#include "absl/strings/str_cat.h"
#include "keyway/core/hash.h"
#include "keyway/core/log.h"
#include "keyway/pg/transaction.h"

namespace keyway::pg {
namespace {

// Any constant shared by every Keyway binary: the key of the advisory lock.
constexpr int64_t kMigrationLockKey = 0x6b6579776179;  // "keyway"

constexpr const char* kCreateTable = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  component  text        NOT NULL,
  version    integer     NOT NULL,
  name       text        NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (component, version)
))sql";

// Databases made before checksums were kept get the column; their rows are
// filled in with the checksums of the files as they are at that first start.
constexpr const char* kAddChecksum =
    "ALTER TABLE schema_migrations ADD COLUMN IF NOT EXISTS checksum text";
constexpr const char* kSelectApplied =
    "SELECT version, name, checksum FROM schema_migrations WHERE component = $1";
constexpr const char* kRecord =
    "INSERT INTO schema_migrations (component, version, name, checksum) VALUES ($1, $2, $3, $4)";
constexpr const char* kRecordChecksum =
    "UPDATE schema_migrations SET checksum = $3 WHERE component = $1 AND version = $2";

struct Applied {
  std::string name;
  std::optional<std::string> checksum;
};

absl::Status ApplySet(pqxx::connection& conn, const MigrationSet& set) {
  std::map<int, Applied> applied;
  {
    pqxx::read_transaction tx(conn);
    for (const auto& row : tx.exec_params(kSelectApplied, set.component)) {
      applied[row[0].as<int>()] = {row[1].as<std::string>(),
                                   row[2].is_null() ? std::nullopt
                                                    : std::optional(row[2].as<std::string>())};
    }
  }
  std::map<int, const Migration*> known;
  for (const auto& m : set.migrations) known[m.version] = &m;
  for (const auto& [version, recorded] : applied) {
    auto it = known.find(version);
    if (it == known.end()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the database has migration ", set.component, " V", version, " (", recorded.name,
          ") that this binary does not know: run a newer build"));
    }
    if (recorded.name != it->second->name) {
      return absl::FailedPreconditionError(
          absl::StrCat("migration ", set.component, " V", version, " is recorded as '",
                       recorded.name, "' but this binary calls it '", it->second->name,
                       "': landed migrations must never be edited"));
    }
    const std::string checksum = MigrationChecksum(*it->second);
    if (!recorded.checksum) {
      pqxx::work tx(conn);
      tx.exec_params0(kRecordChecksum, set.component, version, checksum);
      tx.commit();
    } else if (*recorded.checksum != checksum) {
      return absl::FailedPreconditionError(absl::StrCat(
          "migration ", set.component, " V", version, " (", recorded.name,
          ") was applied from a file whose SHA-256 was ", recorded.checksum->substr(0, 12),
          "..., but this binary's is ", checksum.substr(0, 12),
          "...: landed migrations must never be edited; put the change in a new migration"));
    }
  }
  for (const auto& [version, m] : known) {
    if (applied.count(version) != 0) continue;
    pqxx::work tx(conn);
    tx.exec(m->sql);
    tx.exec_params0(kRecord, set.component, version, std::string(m->name), MigrationChecksum(*m));
    tx.commit();
    core::Log(core::Severity::kInfo, "migration applied")
        .With("component", set.component)
        .With("version", version)
        .With("name", m->name);
  }
  return absl::OkStatus();
}

}  // namespace

std::string MigrationChecksum(const Migration& migration) { return core::Sha256Hex(migration.sql); }

absl::Status ApplyMigrations(Pool& pool, const std::vector<MigrationSet>& sets) {
  auto lease = pool.Acquire();
  if (!lease.ok()) return lease.status();
  pqxx::connection& conn = **lease;
  try {
    // A session-level lock: held across the per-migration transactions below.
    pqxx::nontransaction(conn).exec_params("SELECT pg_advisory_lock($1)", kMigrationLockKey);
    absl::Status status;
    try {
      pqxx::nontransaction(conn).exec(kCreateTable);
      pqxx::nontransaction(conn).exec(kAddChecksum);
      for (const auto& set : sets) {
        status = ApplySet(conn, set);
        if (!status.ok()) break;
      }
    } catch (...) {
      pqxx::nontransaction(conn).exec_params("SELECT pg_advisory_unlock($1)", kMigrationLockKey);
      throw;
    }
    pqxx::nontransaction(conn).exec_params("SELECT pg_advisory_unlock($1)", kMigrationLockKey);
    return status;
  } catch (const std::exception& e) {
    bool retry = false;
    absl::Status status = internal::StatusFromException(e, &retry);
    return absl::Status(status.code(), absl::StrCat("applying migrations failed: ", e.what()));
  }
}

bool MigrationsApplied(Pool& pool, const std::vector<MigrationSet>& sets) {
  auto lease = pool.Acquire(absl::Seconds(1));
  if (!lease.ok()) return false;
  try {
    pqxx::read_transaction tx(**lease);
    for (const auto& set : sets) {
      auto n = tx.exec_params1("SELECT count(*) FROM schema_migrations WHERE component = $1",
                               set.component)[0]
                   .as<size_t>();
      if (n < set.migrations.size()) return false;
    }
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace keyway::pg
