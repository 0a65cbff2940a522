#pragma once
// Helpers the access.cc files share: rows to protos, audit entries, errors.

#include <string>

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "access_store.h"
#include "keyway/access/v1/access_events.pb.h"
#include "keyway/access/v1/access_service.pb.h"
#include "keyway/rpc/call.h"

namespace keyway::access::internal {

namespace v1 = keyway::access::v1;

v1::Access ToProto(const store::AccessRow& row);
std::string KindName(v1::PinKind kind);

// K2: who changed what, from where.
void Audit(pqxx::work& tx, const rpc::Caller& caller, const std::string& action,
           const std::string& target_type, const std::string& target_id,
           const nlohmann::json& details);
// K2 for what a service event changed (a job's outcome, a deactivation): an
// access, or another target (a lock whose secret rotated).
void AuditBySystem(pqxx::work& tx, const std::string& organisation_id, const std::string& action,
                   const std::string& target_id, const nlohmann::json& details,
                   const std::string& target_type = "access");

absl::Status AccessNotFound(const std::string& id);
// UNAVAILABLE: a lock paired a moment ago, whose secret access has not made yet.
absl::Status SecretStillBeingMade();

// A job for the access's lock, naming the access (its kind and payload to add).
v1::LockJobRequested LockJobFor(const store::AccessRow& access, const std::string& job_id);

// "2026-11-24 15:00 UTC", for messages.
std::string FormatWhen(absl::Time t);
// A14: FAILED_PRECONDITION unless [start, end) lies inside the resident's key.
absl::Status RequireInside(const store::AccessRow& resident_key, absl::Time start, absl::Time end);

// "Unlock, Sync" for people; the stored names for SQL.
std::vector<std::string> PermissionNames(const v1::KeyPermissions& p);
v1::KeyPermissions PermissionsOf(const std::vector<std::string>& names);

}  // namespace keyway::access::internal
