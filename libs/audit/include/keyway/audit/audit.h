#pragma once
// The audit trail (K2): every change to access, users, departments,
// properties and locks is recorded in the same transaction as the change.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "absl/status/statusor.h"
#include "keyway/audit/v1/audit.pb.h"
#include "keyway/pg/migrate.h"

namespace keyway::audit {

// The audit_events table, component "audit".
std::span<const pg::Migration> Migrations();

struct Entry {
  std::string organisation_id;
  std::string actor_user_id;  // or "operator" for the operator credential
  std::string action;         // "user.invited", "lock.renamed", ...
  std::string target_type;    // "user", "lock", ...
  std::string target_id;
  std::string details_json = "{}";  // never a secret (K4)
  std::string peer;
};

void Record(pqxx::work& tx, const Entry& entry);

struct Page {
  std::vector<keyway::audit::v1::AuditEvent> events;
  std::string next_page_token;
};

// Newest first. INVALID_ARGUMENT for a bad page size or token.
absl::StatusOr<Page> List(pqxx::work& tx, const std::string& organisation_id, int page_size,
                          const std::string& page_token);

}  // namespace keyway::audit
