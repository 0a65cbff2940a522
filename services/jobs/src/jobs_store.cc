#include "jobs_store.h"

#include "absl/strings/str_join.h"
#include "keyway/pg/convert.h"

namespace keyway::jobs::store {
namespace {

using pg::TimeField;
using pg::TimeParam;

constexpr const char* kColumns =
    "id, organisation_id, lock_id, coalesce(access_id::text, ''), kind, channel, state, request, "
    "reason, recreated, requested_by, created_at, updated_at, access_deleted, carried_by, "
    "deleted_at IS NOT NULL, sealed, result_key";

JobRow JobFrom(const pqxx::row& r) {
  JobRow j;
  j.id = r[0].as<std::string>();
  j.organisation_id = r[1].as<std::string>();
  j.lock_id = r[2].as<std::string>();
  j.access_id = r[3].as<std::string>();
  j.kind = r[4].as<std::string>();
  j.channel = r[5].as<std::string>();
  j.state = r[6].as<std::string>();
  j.request = pqxx::binarystring(r[7]).str();
  j.reason = r[8].as<std::string>();
  j.recreated = r[9].as<bool>();
  j.requested_by = r[10].as<std::string>();
  j.created_at = TimeField(r[11]);
  j.updated_at = TimeField(r[12]);
  j.access_deleted = r[13].as<bool>();
  j.carried_by = r[14].as<std::string>();
  j.deleted = r[15].as<bool>();
  j.sealed = pqxx::binarystring(r[16]).str();
  j.result_key = pqxx::binarystring(r[17]).str();
  return j;
}

// A PostgreSQL array literal of ids the caller validated.
std::string UuidArray(const std::vector<std::string>& ids) { return "{" + absl::StrJoin(ids, ",") + "}"; }

std::optional<JobRow> First(const pqxx::result& rows) {
  if (rows.empty()) return std::nullopt;
  return JobFrom(rows[0]);
}

}  // namespace

bool InsertJob(pqxx::work& tx, const JobRow& j) {
  auto r = tx.exec_params(
      "INSERT INTO jobs (id, organisation_id, lock_id, access_id, kind, channel, state, request, "
      "requested_by, created_at, updated_at, sealed, result_key) VALUES ($1, $2, $3, $4::uuid, $5, "
      "$6, $7, $8, $9, $10, $10, $11, $12) ON CONFLICT (id) DO NOTHING",
      j.id, j.organisation_id, j.lock_id, pg::NullIfEmpty(j.access_id), j.kind, j.channel, j.state,
      pqxx::binarystring(j.request), j.requested_by, TimeParam(j.created_at),
      pqxx::binarystring(j.sealed), pqxx::binarystring(j.result_key));
  return r.affected_rows() == 1;
}

std::optional<JobRow> FindJob(pqxx::work& tx, const std::string& organisation_id,
                              const std::string& id, bool lock) {
  return First(tx.exec_params(std::string("SELECT ") + kColumns +
                                  " FROM jobs WHERE organisation_id = $1 AND id = $2"
                                  " AND deleted_at IS NULL" +
                                  (lock ? " FOR UPDATE" : ""),
                              organisation_id, id));
}

std::optional<JobRow> FindJobById(pqxx::work& tx, const std::string& id) {
  return First(tx.exec_params(std::string("SELECT ") + kColumns +
                                  " FROM jobs WHERE id = $1 FOR UPDATE",
                              id));
}

void SetState(pqxx::work& tx, const std::string& id, const std::string& state,
              const std::string& reason, bool recreated, absl::Time now) {
  tx.exec_params0(
      "UPDATE jobs SET state = $2, reason = $3, recreated = $4, updated_at = $5 WHERE id = $1", id,
      state, reason, recreated, TimeParam(now));
}

void SetCarriedBy(pqxx::work& tx, const std::string& id, const std::string& bridge_id) {
  tx.exec_params0("UPDATE jobs SET carried_by = $2 WHERE id = $1", id, bridge_id);
}

void MarkDeleted(pqxx::work& tx, const std::string& id, absl::Time now) {
  tx.exec_params0("UPDATE jobs SET deleted_at = $2, updated_at = $2 WHERE id = $1", id,
                  TimeParam(now));
}

void MarkAccessDeleted(pqxx::work& tx, const std::string& organisation_id, const std::string& id) {
  tx.exec_params0("UPDATE jobs SET access_deleted = true WHERE organisation_id = $1 AND id = $2",
                  organisation_id, id);
}

std::vector<JobRow> ExpireCommands(pqxx::work& tx,
                                   const std::optional<std::vector<std::string>>& lock_ids,
                                   absl::Time made_before, const std::string& reason, absl::Time now) {
  std::optional<std::string> locks;
  if (lock_ids) locks = UuidArray(*lock_ids);
  std::vector<JobRow> out;
  for (const auto& r : tx.exec_params(
           std::string("UPDATE jobs SET state = 'failed', reason = $3, updated_at = $4 "
                       "WHERE ($1::uuid[] IS NULL OR lock_id = ANY($1::uuid[])) AND state = 'pending' "
                       "AND deleted_at IS NULL AND kind IN ('lock', 'unlock', 'sync') AND created_at < $2 "
                       "RETURNING ") +
               kColumns,
           locks, TimeParam(made_before), reason, TimeParam(now))) {
    out.push_back(JobFrom(r));
  }
  return out;
}

std::vector<JobRow> PendingJobsFor(pqxx::work& tx, const std::vector<std::string>& lock_ids,
                                   const std::string& channel, int limit, absl::Time commands_after) {
  // The oldest 100 of each lock, so that one lock's backlog never hides
  // another's jobs from a claim of many locks.
  std::vector<JobRow> out;
  for (const auto& r : tx.exec_params(
           std::string("SELECT ") + kColumns +
               " FROM jobs WHERE id IN (SELECT id FROM (SELECT id, row_number() OVER"
               " (PARTITION BY lock_id ORDER BY created_at, id) AS n FROM jobs"
               " WHERE lock_id = ANY($1::uuid[]) AND state = 'pending' AND deleted_at IS NULL"
               " AND ($2 = 'nbiot' OR channel IN ($2, 'any'))"
               " AND NOT (kind IN ('lock', 'unlock', 'sync') AND created_at < $4)) per_lock"
               " WHERE n <= 100) ORDER BY created_at, id LIMIT $3",
           UuidArray(lock_ids), channel, limit, TimeParam(commands_after))) {
    out.push_back(JobFrom(r));
  }
  return out;
}

std::vector<JobRow> ListJobs(pqxx::work& tx, const std::string& organisation_id,
                             const ListFilter& f) {
  std::optional<std::string> state, lock, after_time, after_id, carried_by;
  if (!f.state.empty()) state = f.state;
  if (!f.carried_by.empty()) carried_by = f.carried_by;
  if (!f.lock_id.empty()) lock = f.lock_id;
  if (f.after) {
    after_time = TimeParam(f.after->first);
    after_id = f.after->second;
  }
  std::optional<std::string> locks;
  if (f.lock_ids) locks = UuidArray(*f.lock_ids);
  std::vector<JobRow> out;
  for (const auto& r : tx.exec_params(
           std::string("SELECT ") + kColumns +
               " FROM jobs WHERE organisation_id = $1 AND deleted_at IS NULL"
               " AND ($7::uuid[] IS NULL OR lock_id = ANY($7::uuid[]))"
               " AND ($8::text IS NULL OR carried_by = $8)"
               " AND ($2::text IS NULL OR state = $2) AND ($3::uuid IS NULL OR lock_id = $3::uuid)"
               " AND ($4::timestamptz IS NULL OR (created_at, id) < ($4::timestamptz, $5::uuid))"
               " ORDER BY created_at DESC, id DESC LIMIT $6",
           organisation_id, state, lock, after_time, after_id, f.limit, locks, carried_by)) {
    out.push_back(JobFrom(r));
  }
  return out;
}

}  // namespace keyway::jobs::store
