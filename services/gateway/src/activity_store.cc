#include "activity_store.h"

#include <cstdio>
#include <set>

#include "absl/strings/str_format.h"
#include "keyway/pg/convert.h"

namespace keyway::gateway::store {

using pg::TimeField;
using pg::TimeParam;

void EnsureMonthPartitions(pqxx::work& tx, const std::vector<absl::Time>& times) {
  std::set<std::pair<int64_t, int>> months;
  for (absl::Time t : times) {
    absl::CivilMonth m = absl::ToCivilMonth(t, absl::UTCTimeZone());
    months.insert({m.year(), m.month()});
  }
  if (months.empty()) return;
  // One creator at a time: two uploads of a new month would otherwise race.
  tx.exec("SELECT pg_advisory_xact_lock(hashtext('keyway activity partitions'))");
  for (const auto& [year, month] : months) {
    absl::CivilMonth from(year, month);
    absl::CivilMonth to = from + 1;
    tx.exec(absl::StrFormat(
        "CREATE TABLE IF NOT EXISTS activity_logs_%04d_%02d PARTITION OF activity_logs "
        "FOR VALUES FROM ('%04d-%02d-01 00:00:00+00') TO ('%04d-%02d-01 00:00:00+00')",
        year, month, from.year(), from.month(), to.year(), to.month()));
  }
}

std::vector<std::string> DropMonthsBefore(pqxx::work& tx, absl::Time cutoff) {
  const absl::CivilMonth keep_from = absl::ToCivilMonth(cutoff, absl::UTCTimeZone());
  std::vector<std::string> dropped;
  tx.exec("SELECT pg_advisory_xact_lock(hashtext('keyway activity partitions'))");
  for (const auto& r : tx.exec(
           "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
           "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'activity_logs' "
           "ORDER BY c.relname")) {
    const std::string name = r[0].as<std::string>();
    int year = 0, month = 0;
    if (std::sscanf(name.c_str(), "activity_logs_%4d_%2d", &year, &month) != 2) continue;
    if (absl::CivilMonth(year, month) >= keep_from) continue;
    tx.exec("DROP TABLE " + tx.quote_name(name));
    dropped.push_back(name);
  }
  return dropped;
}

int InsertActivity(pqxx::work& tx, const std::string& organisation_id, const std::string& lock_id,
                   const std::vector<ActivityLine>& lines, absl::Time received_at) {
  int added = 0;
  for (const auto& l : lines) {
    added += tx.exec_params(
                   "INSERT INTO activity_logs (id, organisation_id, lock_id, at, event, detail, "
                   "received_at) VALUES ($1, $2, $3, $4, $5, $6, $7) "
                   "ON CONFLICT (lock_id, at, event, detail) DO NOTHING",
                   l.id, organisation_id, lock_id, TimeParam(l.at), l.event, l.detail,
                   TimeParam(received_at))
                 .affected_rows();
  }
  return added;
}

std::vector<ActivityLine> ListActivity(pqxx::work& tx, const std::string& organisation_id,
                                       const std::string& lock_id,
                                       const std::optional<std::pair<absl::Time, std::string>>& after,
                                       int limit) {
  std::optional<std::string> after_time, after_id;
  if (after) {
    after_time = TimeParam(after->first);
    after_id = after->second;
  }
  std::vector<ActivityLine> out;
  for (const auto& r : tx.exec_params(
           "SELECT id, at, event, detail FROM activity_logs WHERE lock_id = $1 "
           "AND organisation_id = $2 "
           "AND ($3::timestamptz IS NULL OR (at, id) < ($3::timestamptz, $4::uuid)) "
           "ORDER BY at DESC, id DESC LIMIT $5",
           lock_id, organisation_id, after_time, after_id, limit)) {
    out.push_back({r[0].as<std::string>(), TimeField(r[1]), r[2].as<std::string>(),
                   r[3].as<std::string>()});
  }
  return out;
}

std::vector<ActivityLine> ActivityBetween(pqxx::work& tx, const std::string& organisation_id,
                                          const std::string& lock_id, absl::Time from, absl::Time to,
                                          const std::optional<std::pair<absl::Time, std::string>>& after,
                                          int limit) {
  std::optional<std::string> after_time, after_id;
  if (after) {
    after_time = TimeParam(after->first);
    after_id = after->second;
  }
  // Unbounded ends are NULL (PostgreSQL's -infinity is not absl's).
  std::optional<std::string> lower, upper;
  if (from != absl::InfinitePast()) lower = TimeParam(from);
  if (to != absl::InfiniteFuture()) upper = TimeParam(to);
  std::vector<ActivityLine> out;
  for (const auto& r : tx.exec_params(
           "SELECT id, at, event, detail FROM activity_logs WHERE lock_id = $1 "
           "AND organisation_id = $2 AND ($3::timestamptz IS NULL OR at >= $3) "
           "AND ($4::timestamptz IS NULL OR at < $4) "
           "AND ($5::timestamptz IS NULL OR (at, id) > ($5::timestamptz, $6::uuid)) "
           "ORDER BY at, id LIMIT $7",
           lock_id, organisation_id, lower, upper, after_time, after_id, limit)) {
    out.push_back({r[0].as<std::string>(), TimeField(r[1]), r[2].as<std::string>(),
                   r[3].as<std::string>()});
  }
  return out;
}

}  // namespace keyway::gateway::store
