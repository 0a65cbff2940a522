#pragma once
// Schema migrations: numbered SQL files compiled into each binary (see
// keyway_embed_migrations in cmake/Keyway.cmake), applied in order at start,
// each recorded in `schema_migrations`. A PostgreSQL advisory lock makes two
// replicas that start together apply them once, one after the other.

#include <span>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "keyway/pg/pool.h"

namespace keyway::pg {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

// A named series of migrations: a service's own, or a shared library's
// tables (the outbox, idempotency keys, the audit trail).
struct MigrationSet {
  std::string component;
  std::span<const Migration> migrations;
};

// The SHA-256 (hex) of a migration's SQL, recorded when it is applied.
std::string MigrationChecksum(const Migration& migration);

// Applies what is missing. FAILED_PRECONDITION when the database holds a
// migration this binary does not know, one recorded under another name, or
// one applied from SQL whose checksum differs from this binary's (an edited
// or newer schema), so that nothing runs against a schema it does not
// understand.
absl::Status ApplyMigrations(Pool& pool, const std::vector<MigrationSet>& sets);

// True when every migration of `sets` is recorded: the readiness check.
bool MigrationsApplied(Pool& pool, const std::vector<MigrationSet>& sets);

}  // namespace keyway::pg
