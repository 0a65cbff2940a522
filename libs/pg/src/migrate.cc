#include "keyway/pg/migrate.h"

#include <map>

#include "absl/strings/str_cat.h"
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

constexpr const char* kSelectApplied =
    "SELECT version, name FROM schema_migrations WHERE component = $1";
constexpr const char* kRecord =
    "INSERT INTO schema_migrations (component, version, name) VALUES ($1, $2, $3)";

absl::Status ApplySet(pqxx::connection& conn, const MigrationSet& set) {
  std::map<int, std::string> applied;
  {
    pqxx::read_transaction tx(conn);
    for (const auto& row : tx.exec_params(kSelectApplied, set.component)) {
      applied[row[0].as<int>()] = row[1].as<std::string>();
    }
  }
  std::map<int, const Migration*> known;
  for (const auto& m : set.migrations) known[m.version] = &m;
  for (const auto& [version, name] : applied) {
    auto it = known.find(version);
    if (it == known.end()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the database has migration ", set.component, " V", version, " (", name,
          ") that this binary does not know: run a newer build"));
    }
    if (name != it->second->name) {
      return absl::FailedPreconditionError(
          absl::StrCat("migration ", set.component, " V", version, " is recorded as '", name,
                       "' but this binary calls it '", it->second->name,
                       "': landed migrations must never be edited"));
    }
  }
  for (const auto& [version, m] : known) {
    if (applied.count(version) != 0) continue;
    pqxx::work tx(conn);
    tx.exec(m->sql);
    tx.exec_params0(kRecord, set.component, version, std::string(m->name));
    tx.commit();
    core::Log(core::Severity::kInfo, "migration applied")
        .With("component", set.component)
        .With("version", version)
        .With("name", m->name);
  }
  return absl::OkStatus();
}

}  // namespace

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
