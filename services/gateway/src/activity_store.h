#pragma once
// The gateway's SQL: activity logs, partitioned by month (L5).

#include <optional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "absl/time/time.h"

namespace keyway::gateway::store {

struct ActivityLine {
  std::string id;
  absl::Time at;
  std::string event, detail;
};

// Makes the month partitions these times fall in, if missing.
void EnsureMonthPartitions(pqxx::work& tx, const std::vector<absl::Time>& times);
// Lines already stored are skipped; returns how many were new.
int InsertActivity(pqxx::work& tx, const std::string& organisation_id, const std::string& lock_id,
                   const std::vector<ActivityLine>& lines, absl::Time received_at);
// Newest first, strictly after `after` (at, id) when given.
std::vector<ActivityLine> ListActivity(pqxx::work& tx, const std::string& organisation_id,
                                       const std::string& lock_id,
                                       const std::optional<std::pair<absl::Time, std::string>>& after,
                                       int limit);

// Retention: drops the month partitions wholly before `cutoff`'s month;
// returns their names.
std::vector<std::string> DropMonthsBefore(pqxx::work& tx, absl::Time cutoff);

// Oldest first within [from, to) (either may be infinite), strictly after
// `after` (at, id) when given.
std::vector<ActivityLine> ActivityBetween(pqxx::work& tx, const std::string& organisation_id,
                                          const std::string& lock_id, absl::Time from, absl::Time to,
                                          const std::optional<std::pair<absl::Time, std::string>>& after,
                                          int limit);

}  // namespace keyway::gateway::store
