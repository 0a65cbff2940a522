#pragma once
// Every SQL statement of the jobs service, behind functions that take the
// caller's transaction. Lookups are by (organisation, id) (O6).

#include <optional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "absl/time/time.h"

namespace keyway::jobs::store {

struct JobRow {
  std::string id, organisation_id, lock_id, access_id, kind, channel, state;
  std::string request;  // serialized LockJobRequested
  std::string sealed;      // S6: the SealedLockJob access made for the lock
  std::string result_key;  // S6: what the lock's results verify under
  std::string reason;
  bool recreated = false;
  bool access_deleted = false;  // J4: never to be recreated
  std::string requested_by;
  absl::Time created_at, updated_at;
  std::string carried_by;  // L7: the Bridge that carried it
  bool deleted = false;    // J4: never sent nor listed again
};

// Once per id: a second insert changes nothing and returns false.
bool InsertJob(pqxx::work& tx, const JobRow& job);
std::optional<JobRow> FindJob(pqxx::work& tx, const std::string& organisation_id,
                              const std::string& id, bool lock = false);
// For the gateway, which knows no organisation: by id alone, locked, deleted
// or not.
std::optional<JobRow> FindJobById(pqxx::work& tx, const std::string& id);
void SetState(pqxx::work& tx, const std::string& id, const std::string& state,
              const std::string& reason, bool recreated, absl::Time now);
void SetCarriedBy(pqxx::work& tx, const std::string& id, const std::string& bridge_id);
void MarkDeleted(pqxx::work& tx, const std::string& id, absl::Time now);
void MarkAccessDeleted(pqxx::work& tx, const std::string& organisation_id, const std::string& id);

// The locks' pending jobs that `channel` ("bluetooth", "bridge", or "nbiot":
// all of them) can carry, oldest first.
// L6: Lock, Unlock and Sync commands (of these locks, or of all when unset)
// still pending from before `made_before` become failed with `reason`.
std::vector<JobRow> ExpireCommands(pqxx::work& tx,
                                   const std::optional<std::vector<std::string>>& lock_ids,
                                   absl::Time made_before, const std::string& reason, absl::Time now);
// At most 100 per lock; commands made before `commands_after` are not sent.
std::vector<JobRow> PendingJobsFor(pqxx::work& tx, const std::vector<std::string>& lock_ids,
                                   const std::string& channel, int limit, absl::Time commands_after);

struct ListFilter {
  std::string state, lock_id, carried_by;  // empty: any
  std::optional<std::vector<std::string>> lock_ids;  // only these locks (a Manager's), when set
  std::optional<std::pair<absl::Time, std::string>> after;  // newest first, strictly after
  int limit = 50;
};
std::vector<JobRow> ListJobs(pqxx::work& tx, const std::string& organisation_id,
                             const ListFilter& filter);

}  // namespace keyway::jobs::store
