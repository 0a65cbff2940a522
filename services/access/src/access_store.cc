#include "access_store.h"

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "keyway/core/encoding.h"
#include "keyway/pg/convert.h"

namespace keyway::access::store {
namespace {

using pg::OptionalTimeField;
using pg::TimeField;
using pg::TimeParam;

// U4: a 2FA access whose holder's new number is not verified yet (a row of
// `accesses` in scope).
constexpr const char* kPausedTwoFactor =
    "(accesses.type = 'two_factor' AND accesses.status <> 'deleted' AND EXISTS (SELECT 1 FROM "
    "unverified_mobiles m WHERE m.organisation_id = accesses.organisation_id AND "
    "m.user_id = accesses.user_id))";

const std::string kAccessColumns = std::string(
    "id, organisation_id, lock_id, type, status, coalesce(pin_kind, ''), name, start_at, end_at, "
    "length_index, nonce, created_by, created_at, coalesce(user_id, ''), "
    "coalesce(array_to_string(permissions, ','), ''), coalesce(channel, ''), pin_digest, "
    "key_id, pending_job_id, coalesce(status_reason, ''), coalesce(deleted_by, ''), job_recreated, "
    "at_lock, coalesce(add_job_id::text, ''), coalesce(final_delete_job_id::text, ''), ") +
    kPausedTwoFactor;

AccessRow AccessFrom(const pqxx::row& r) {
  AccessRow a;
  a.id = r[0].as<std::string>();
  a.organisation_id = r[1].as<std::string>();
  a.lock_id = r[2].as<std::string>();
  a.type = r[3].as<std::string>();
  a.status = r[4].as<std::string>();
  a.pin_kind = r[5].as<std::string>();
  a.name = r[6].as<std::string>();
  a.start = TimeField(r[7]);
  a.end = OptionalTimeField(r[8]);
  if (!r[9].is_null()) a.length_index = r[9].as<int>();
  if (!r[10].is_null()) a.nonce = r[10].as<int>();
  a.created_by = r[11].as<std::string>();
  a.created_at = TimeField(r[12]);
  a.user_id = r[13].as<std::string>();
  a.permissions = absl::StrSplit(r[14].as<std::string>(), ',', absl::SkipEmpty());
  a.channel = r[15].as<std::string>();
  if (!r[16].is_null()) a.pin_digest = pqxx::binarystring(r[16]).str();
  if (!r[17].is_null()) a.key_id = r[17].as<std::string>();
  if (!r[18].is_null()) a.pending_job_id = r[18].as<std::string>();
  a.status_reason = r[19].as<std::string>();
  a.deleted_by = r[20].as<std::string>();
  a.job_recreated = r[21].as<bool>();
  a.at_lock = r[22].as<std::string>();
  a.add_job_id = r[23].as<std::string>();
  a.final_delete_job_id = r[24].as<std::string>();
  a.paused = r[25].as<bool>();
  return a;
}

std::optional<std::string> OptionalInt(const std::optional<int>& v) {
  if (!v) return std::nullopt;
  return std::to_string(*v);
}

std::optional<std::string> OptionalTime(const std::optional<absl::Time>& t) {
  if (!t) return std::nullopt;
  return TimeParam(*t);
}

// bytea travels as hex text so that it can be NULL.
std::optional<std::string> OptionalBytesHex(const std::string& v) {
  if (v.empty()) return std::nullopt;
  return core::HexEncode(v);
}

std::vector<AccessRow> Rows(const pqxx::result& result) {
  std::vector<AccessRow> out;
  for (const auto& r : result) out.push_back(AccessFrom(r));
  return out;
}

}  // namespace

void InsertLockSecret(pqxx::work& tx, const LockSecret& s, absl::Time now) {
  tx.exec_params0(
      "INSERT INTO lock_secrets (lock_id, organisation_id, sealed_secret, digest_secret, epoch, "
      "created_at) VALUES ($1, $2, $3, $3, $4, $5) ON CONFLICT (lock_id) DO NOTHING",
      s.lock_id, s.organisation_id, pqxx::binarystring(s.sealed_secret), TimeParam(s.epoch),
      TimeParam(now));
}

std::optional<uint64_t> TakeJobCounter(pqxx::work& tx, const std::string& organisation_id,
                                       const std::string& lock_id) {
  auto r = tx.exec_params(
      "UPDATE lock_secrets SET jobs_sealed = jobs_sealed + 1 "
      "WHERE lock_id = $1 AND organisation_id = $2 RETURNING jobs_sealed",
      lock_id, organisation_id);
  if (r.empty()) return std::nullopt;
  return static_cast<uint64_t>(r[0][0].as<int64_t>());
}

std::optional<LockSecret> FindLockSecret(pqxx::work& tx, const std::string& organisation_id,
                                         const std::string& lock_id, bool lock) {
  auto rows = tx.exec_params(
      std::string("SELECT lock_id, organisation_id, sealed_secret, epoch, provisioned_at, "
                  "coalesce(rotating_to, ''::bytea), coalesce(rotation_job_id::text, ''), "
                  "coalesce(digest_secret, sealed_secret) "
                  "FROM lock_secrets WHERE organisation_id = $1 AND lock_id = $2") +
          (lock ? " FOR UPDATE" : ""),
      organisation_id, lock_id);
  if (rows.empty()) return std::nullopt;
  const auto& r = rows[0];
  return LockSecret{r[0].as<std::string>(), r[1].as<std::string>(),
                    pqxx::binarystring(r[2]).str(), TimeField(r[3]), OptionalTimeField(r[4]),
                    pqxx::binarystring(r[5]).str(), r[6].as<std::string>(),
                    pqxx::binarystring(r[7]).str()};
}

void StartRotation(pqxx::work& tx, const std::string& lock_id, const std::string& sealed_new,
                   const std::string& job_id) {
  tx.exec_params0(
      "UPDATE lock_secrets SET rotating_to = $2, rotation_job_id = $3::uuid WHERE lock_id = $1",
      lock_id, pqxx::binarystring(sealed_new), job_id);
}

std::optional<std::string> FinishRotation(pqxx::work& tx, const std::string& organisation_id,
                                          const std::string& job_id) {
  auto r = tx.exec_params(
      "UPDATE lock_secrets SET sealed_secret = rotating_to, rotating_to = NULL, "
      "rotation_job_id = NULL WHERE organisation_id = $1 AND rotation_job_id = $2::uuid "
      "RETURNING lock_id::text",
      organisation_id, job_id);
  if (r.empty()) return std::nullopt;
  return r[0][0].as<std::string>();
}

void AbandonRotation(pqxx::work& tx, const std::string& organisation_id, const std::string& job_id) {
  tx.exec_params0(
      "UPDATE lock_secrets SET rotating_to = NULL, rotation_job_id = NULL "
      "WHERE organisation_id = $1 AND rotation_job_id = $2::uuid",
      organisation_id, job_id);
}

std::vector<std::string> DeleteLiveRemotePins(pqxx::work& tx, const std::string& lock_id,
                                              const std::string& reason, absl::Time now) {
  std::vector<std::string> ids;
  for (const auto& r : tx.exec_params(
           "UPDATE accesses SET status = 'deleted', deleted_at = $3, status_reason = $2, "
           "pending_job_id = NULL WHERE lock_id = $1 AND type = 'remote_pin' AND status <> 'deleted' "
           "RETURNING id::text",
           lock_id, reason, TimeParam(now))) {
    ids.push_back(r[0].as<std::string>());
  }
  return ids;
}

void MarkProvisioned(pqxx::work& tx, const std::string& lock_id, absl::Time now) {
  tx.exec_params0("UPDATE lock_secrets SET provisioned_at = $2 WHERE lock_id = $1", lock_id,
                  TimeParam(now));
}

void InsertAccess(pqxx::work& tx, const AccessRow& a) {
  tx.exec_params0(
      "INSERT INTO accesses (id, organisation_id, lock_id, type, status, pin_kind, name, start_at, "
      "end_at, length_index, nonce, created_by, created_at, user_id, permissions, channel, "
      "pin_digest, key_id, pending_job_id, add_job_id) VALUES ($1, $2, $3, $4, $5, NULLIF($6, ''), "
      "$7, $8, $9, $10::integer, $11::integer, $12, $13, $14, string_to_array($15, ','), $16, "
      "decode($17, 'hex'), "
      "$18::uuid, $19::uuid, CASE WHEN $4 = 'custom_pin' THEN $19::uuid END)",
      a.id, a.organisation_id, a.lock_id, a.type, a.status, a.pin_kind, a.name,
      TimeParam(a.start), OptionalTime(a.end), OptionalInt(a.length_index), OptionalInt(a.nonce),
      a.created_by, TimeParam(a.created_at), pg::NullIfEmpty(a.user_id),
      pg::NullIfEmpty(absl::StrJoin(a.permissions, ",")), pg::NullIfEmpty(a.channel),
      OptionalBytesHex(a.pin_digest), pg::NullIfEmpty(a.key_id), pg::NullIfEmpty(a.pending_job_id));
}

std::optional<AccessRow> FindAccess(pqxx::work& tx, const std::string& organisation_id,
                                    const std::string& id, bool lock) {
  auto rows = tx.exec_params(std::string("SELECT ") + kAccessColumns +
                                 " FROM accesses WHERE organisation_id = $1 AND id = $2" +
                                 (lock ? " FOR UPDATE" : ""),
                             organisation_id, id);
  if (rows.empty()) return std::nullopt;
  return AccessFrom(rows[0]);
}

void MarkDeleted(pqxx::work& tx, const std::string& id, absl::Time now,
                 const std::string& deleted_by, const std::string& reason) {
  tx.exec_params0(
      "UPDATE accesses SET status = 'deleted', deleted_at = $2, deleted_by = coalesce($3, deleted_by), "
      "status_reason = $4, pending_job_id = NULL WHERE id = $1",
      id, TimeParam(now), pg::NullIfEmpty(deleted_by), pg::NullIfEmpty(reason));
}

void MarkJobFailed(pqxx::work& tx, const std::string& id, absl::Time now, const std::string& reason) {
  tx.exec_params0(
      "UPDATE accesses SET status = 'deleted', deleted_at = $2, status_reason = $3 WHERE id = $1",
      id, TimeParam(now), reason);
}

void ReviveForRecreatedJob(pqxx::work& tx, const std::string& id) {
  tx.exec_params0(
      "UPDATE accesses SET status = 'pending', deleted_at = NULL, status_reason = NULL, "
      "job_recreated = true WHERE id = $1",
      id);
}

void SetDeletedBy(pqxx::work& tx, const std::string& id, const std::string& deleted_by) {
  tx.exec_params0("UPDATE accesses SET deleted_by = $2 WHERE id = $1", id, deleted_by);
}

void MarkDeleting(pqxx::work& tx, const std::string& id, const std::string& job_id,
                  const std::string& deleted_by, const std::string& reason) {
  tx.exec_params0(
      "UPDATE accesses SET status = 'deleting', pending_job_id = $2::uuid, deleted_by = $3, "
      "status_reason = $4 WHERE id = $1",
      id, job_id, pg::NullIfEmpty(deleted_by), pg::NullIfEmpty(reason));
}

void MarkJobRecreated(pqxx::work& tx, const std::string& id) {
  tx.exec_params0("UPDATE accesses SET job_recreated = true WHERE id = $1", id);
}

void SetFinalDeleteJob(pqxx::work& tx, const std::string& id, const std::string& job_id) {
  tx.exec_params0("UPDATE accesses SET final_delete_job_id = $2::uuid WHERE id = $1", id, job_id);
}

void SetAtLock(pqxx::work& tx, const std::string& id, const std::string& at_lock) {
  tx.exec_params0("UPDATE accesses SET at_lock = $2 WHERE id = $1", id, at_lock);
}

void SetStatus(pqxx::work& tx, const std::string& id, const std::string& status,
               const std::string& pending_job_id, const std::string& reason) {
  tx.exec_params0(
      "UPDATE accesses SET status = $2, pending_job_id = $3::uuid, status_reason = $4, "
      "deleted_by = CASE WHEN $2 IN ('active', 'pending') THEN NULL ELSE deleted_by END WHERE id = $1",
      id, status, pg::NullIfEmpty(pending_job_id), pg::NullIfEmpty(reason));
}

void SetEnd(pqxx::work& tx, const std::string& id, absl::Time end, const std::string& key_id) {
  tx.exec_params0("UPDATE accesses SET end_at = $2, key_id = $3::uuid WHERE id = $1", id,
                  TimeParam(end), pg::NullIfEmpty(key_id));
}

std::optional<AccessRow> FindByPendingJob(pqxx::work& tx, const std::string& job_id) {
  auto rows = Rows(tx.exec_params(std::string("SELECT ") + kAccessColumns +
                                      " FROM accesses WHERE pending_job_id = $1::uuid FOR UPDATE",
                                  job_id));
  if (rows.empty()) return std::nullopt;
  return rows[0];
}

bool LiveCustomPinExists(pqxx::work& tx, const std::string& lock_id, const std::string& digest) {
  return !tx.exec_params(
                "SELECT 1 FROM accesses WHERE lock_id = $1 AND pin_digest = $2 AND type = "
                "'custom_pin' AND status IN ('pending', 'active', 'deleting')",
                lock_id, pqxx::binarystring(digest))
              .empty();
}

bool LiveRemotePinExists(pqxx::work& tx, const std::string& lock_id, absl::Time start,
                         int length_index, int nonce) {
  return !tx.exec_params(
                "SELECT 1 FROM accesses WHERE type = 'remote_pin' AND status = 'active' AND "
                "lock_id = $1 AND start_at = $2 AND length_index = $3 AND nonce = $4",
                lock_id, TimeParam(start), length_index, nonce)
              .empty();
}

std::vector<AccessRow> LiveHeldAccesses(pqxx::work& tx, const std::string& organisation_id,
                                        const std::string& user_id, const std::string& lock_id,
                                        absl::Time now) {
  return Rows(tx.exec_params(
      std::string("SELECT ") + kAccessColumns +
          " FROM accesses WHERE organisation_id = $1 AND user_id = $2"
          " AND type IN ('bluetooth_key', 'two_factor') AND status = 'active' AND end_at > $3"
          " AND ($4::uuid IS NULL OR lock_id = $4::uuid) ORDER BY created_at FOR UPDATE",
      organisation_id, user_id, TimeParam(now), pg::NullIfEmpty(lock_id)));
}

std::vector<std::string> HeldLockIds(pqxx::work& tx, const std::string& organisation_id,
                                     const std::string& user_id, absl::Time now, int limit) {
  std::vector<std::string> out;
  for (const auto& r : tx.exec_params(
           // Two arms so that each uses an index (holder; organisation and type).
           std::string("SELECT lock_id::text FROM accesses WHERE organisation_id = $1 AND user_id = $2"
                       " AND type IN ('bluetooth_key', 'two_factor') AND status IN ('pending', 'active')"
                       " AND (end_at IS NULL OR end_at > $3) AND NOT ") +
               kPausedTwoFactor +  // U4: paused 2FA access holds nothing
               " UNION SELECT lock_id::text FROM accesses WHERE organisation_id = $1"
               " AND type = 'custom_pin' AND created_by = $2 AND status IN ('pending', 'active')"
               " AND (end_at IS NULL OR end_at > $3) ORDER BY 1 LIMIT $4",
           organisation_id, user_id, TimeParam(now), limit)) {
    out.push_back(r[0].as<std::string>());
  }
  return out;
}

int CountPinShares(pqxx::work& tx, const std::string& access_id, absl::Time since) {
  return tx.exec_params1("SELECT count(*) FROM pin_shares WHERE access_id = $1 AND shared_at > $2",
                         access_id, TimeParam(since))[0]
      .as<int>();
}

void RecordPinShare(pqxx::work& tx, const std::string& access_id, const std::string& user_id,
                    absl::Time now) {
  tx.exec_params0("INSERT INTO pin_shares (access_id, user_id, shared_at) VALUES ($1, $2, $3)",
                  access_id, user_id, TimeParam(now));
}

int PrunePinShares(pqxx::work& tx, absl::Time before) {
  return static_cast<int>(
      tx.exec_params0("DELETE FROM pin_shares WHERE shared_at < $1", TimeParam(before))
          .affected_rows());
}

std::set<int> UsedNonces(pqxx::work& tx, const std::string& lock_id, absl::Time start,
                         int length_index) {
  std::set<int> used;
  for (const auto& r : tx.exec_params(
           "SELECT nonce FROM accesses WHERE type = 'remote_pin' AND lock_id = $1 "
           "AND start_at = $2 AND length_index = $3",
           lock_id, TimeParam(start), length_index)) {
    used.insert(r[0].as<int>());
  }
  return used;
}

int CountRefusals(pqxx::work& tx, const std::string& user_id, const std::string& lock_id,
                  absl::Time since) {
  return tx
      .exec_params1(
          "SELECT count(*) FROM custom_pin_refusals WHERE user_id = $1 AND lock_id = $2 "
          "AND refused_at > $3",
          user_id, lock_id, TimeParam(since))[0]
      .as<int>();
}

std::optional<int64_t> ReserveRefusal(pqxx::work& tx, const std::string& organisation_id,
                                      const std::string& user_id, const std::string& lock_id,
                                      absl::Time now, int limit) {
  // One reservation at a time per person and lock: each counts what the
  // one before it reserved.
  tx.exec_params("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
                  "custom-pin-refusals/" + user_id + "/" + lock_id);
  if (CountRefusals(tx, user_id, lock_id, now - absl::Hours(24)) >= limit) return std::nullopt;
  return tx
      .exec_params1(
          "INSERT INTO custom_pin_refusals (organisation_id, user_id, lock_id, refused_at) "
          "VALUES ($1, $2, $3, $4) RETURNING id",
          organisation_id, user_id, lock_id, TimeParam(now))[0]
      .as<int64_t>();
}

void ForgetRefusal(pqxx::work& tx, int64_t id) {
  tx.exec_params0("DELETE FROM custom_pin_refusals WHERE id = $1", id);
}

int LiveCustomPinsMadeBy(pqxx::work& tx, const std::string& user_id, const std::string& lock_id) {
  return tx
      .exec_params1(
          "SELECT count(*) FROM accesses WHERE type = 'custom_pin' AND created_by = $1 "
          "AND lock_id = $2 AND status IN ('pending', 'active', 'deleting')",
          user_id, lock_id)[0]
      .as<int>();
}

void LockUser(pqxx::work& tx, const std::string& organisation_id, const std::string& user_id) {
  tx.exec_params("SELECT pg_advisory_xact_lock(hashtext('access user ' || $1 || ' ' || $2))",
                 organisation_id, user_id);
}

void SetDeactivated(pqxx::work& tx, const std::string& organisation_id, const std::string& user_id,
                    bool deactivated) {
  if (deactivated) {
    tx.exec_params0(
        "INSERT INTO deactivated_users (organisation_id, user_id) VALUES ($1, $2) "
        "ON CONFLICT DO NOTHING",
        organisation_id, user_id);
  } else {
    tx.exec_params0("DELETE FROM deactivated_users WHERE organisation_id = $1 AND user_id = $2",
                    organisation_id, user_id);
  }
}

void SetMobileUnverified(pqxx::work& tx, const std::string& organisation_id,
                         const std::string& user_id, std::optional<absl::Time> since) {
  if (since) {
    tx.exec_params0(
        "INSERT INTO unverified_mobiles (organisation_id, user_id, since) VALUES ($1, $2, $3) "
        "ON CONFLICT (organisation_id, user_id) DO UPDATE SET since = excluded.since",
        organisation_id, user_id, TimeParam(*since));
  } else {
    tx.exec_params0("DELETE FROM unverified_mobiles WHERE organisation_id = $1 AND user_id = $2",
                    organisation_id, user_id);
  }
}

bool IsDeactivated(pqxx::work& tx, const std::string& organisation_id, const std::string& user_id) {
  return !tx.exec_params("SELECT 1 FROM deactivated_users WHERE organisation_id = $1 AND user_id = $2",
                         organisation_id, user_id)
              .empty();
}

PinFacts PinFactsOf(pqxx::work& tx, const std::string& organisation_id,
                    const std::vector<std::string>& lock_ids, absl::Time now) {
  std::string ids = "{";
  for (size_t i = 0; i < lock_ids.size(); ++i) ids += (i ? "," : "") + lock_ids[i];
  ids += "}";
  PinFacts facts;
  auto counts = tx.exec_params1(
      "SELECT count(*), count(DISTINCT lock_id) FROM accesses WHERE organisation_id = $1 "
      "AND lock_id = ANY($2::uuid[]) AND type IN ('remote_pin', 'custom_pin') "
      "AND status IN ('pending', 'active', 'deleting') AND (end_at IS NULL OR end_at > $3)",
      organisation_id, ids, TimeParam(now));
  facts.active_pins = counts[0].as<int>();
  facts.locks_with_active_pins = counts[1].as<int>();
  for (const auto& r : tx.exec_params(
           "SELECT DISTINCT lock_id FROM accesses WHERE organisation_id = $1 "
           "AND lock_id = ANY($2::uuid[]) AND type = 'custom_pin' AND status <> 'deleted' "
           "ORDER BY lock_id",
           organisation_id, ids)) {
    facts.custom_pin_locks.push_back(r[0].as<std::string>());
  }
  return facts;
}

std::vector<AccessRow> ListAccesses(pqxx::work& tx, const std::string& organisation_id,
                                    const ListFilter& f) {
  std::optional<std::string> lock, type, status, after_time, after_id, user, involving;
  if (!f.lock_id.empty()) lock = f.lock_id;
  if (!f.user_id.empty()) user = f.user_id;
  if (!f.involving_user_id.empty()) involving = f.involving_user_id;
  std::optional<std::string> locks;
  if (f.lock_ids) locks = "{" + absl::StrJoin(*f.lock_ids, ",") + "}";
  if (!f.type.empty()) type = f.type;
  if (!f.status.empty()) status = f.status;
  if (f.after) {
    after_time = TimeParam(f.after->first);
    after_id = f.after->second;
  }
  std::vector<AccessRow> out;
  for (const auto& r : tx.exec_params(
           std::string("SELECT ") + kAccessColumns +
               " FROM accesses WHERE organisation_id = $1"
               " AND ($2::uuid IS NULL OR lock_id = $2::uuid)"
               " AND ($3::text IS NULL OR type = $3) AND ($4::text IS NULL OR status = $4)"
               " AND ($5::timestamptz IS NULL OR (created_at, id) < ($5::timestamptz, $6::uuid))"
               " AND ($8::text IS NULL OR user_id = $8)"
               " AND ($9::text IS NULL OR user_id = $9 OR created_by = $9)"
               " AND ($10::uuid[] IS NULL OR lock_id = ANY($10::uuid[]))"
               " ORDER BY created_at DESC, id DESC LIMIT $7",
           organisation_id, lock, type, status, after_time, after_id, f.limit, user, involving,
           locks)) {
    out.push_back(AccessFrom(r));
  }
  return out;
}

}  // namespace keyway::access::store
