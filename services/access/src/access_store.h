#pragma once
// Every SQL statement of the access service, behind functions that take the
// caller's transaction. Lookups are by (organisation, id) (O6).

#include <optional>
#include <set>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "absl/time/time.h"

namespace keyway::access::store {

struct LockSecret {
  std::string lock_id, organisation_id, sealed_secret;
  absl::Time epoch;
  std::optional<absl::Time> provisioned_at;
};
// Once per lock: a second insert for the same lock changes nothing.
void InsertLockSecret(pqxx::work& tx, const LockSecret& s, absl::Time now);
std::optional<LockSecret> FindLockSecret(pqxx::work& tx, const std::string& organisation_id,
                                         const std::string& lock_id, bool lock = false);
void MarkProvisioned(pqxx::work& tx, const std::string& lock_id, absl::Time now);

struct AccessRow {
  std::string id, organisation_id, lock_id, type, status, pin_kind, name;
  absl::Time start;
  std::optional<absl::Time> end;
  std::optional<int> length_index, nonce;
  std::string created_by;
  absl::Time created_at;
};
void InsertAccess(pqxx::work& tx, const AccessRow& a);
std::optional<AccessRow> FindAccess(pqxx::work& tx, const std::string& organisation_id,
                                    const std::string& id, bool lock = false);
void MarkDeleted(pqxx::work& tx, const std::string& id, absl::Time now);
// The nonces already used by Remote PINs of this lock, start and length.
std::set<int> UsedNonces(pqxx::work& tx, const std::string& lock_id, absl::Time start,
                         int length_index);

struct PinFacts {
  int active_pins = 0;
  int locks_with_active_pins = 0;
  std::vector<std::string> custom_pin_locks;
};
// D5, D6: active PINs (not ended at `now`) and locks holding Custom PINs.
PinFacts PinFactsOf(pqxx::work& tx, const std::string& organisation_id,
                    const std::vector<std::string>& lock_ids, absl::Time now);

struct ListFilter {
  std::string lock_id, type, status;  // empty: any
  // Keyset position: strictly after (created_at, id) in newest-first order.
  std::optional<std::pair<absl::Time, std::string>> after;
  int limit = 50;
};
std::vector<AccessRow> ListAccesses(pqxx::work& tx, const std::string& organisation_id,
                                    const ListFilter& filter);

}  // namespace keyway::access::store
