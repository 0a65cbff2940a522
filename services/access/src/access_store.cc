#include "access_store.h"

#include "keyway/pg/convert.h"

namespace keyway::access::store {
namespace {

using pg::OptionalTimeField;
using pg::TimeField;
using pg::TimeParam;

constexpr const char* kAccessColumns =
    "id, organisation_id, lock_id, type, status, coalesce(pin_kind, ''), name, start_at, end_at, "
    "length_index, nonce, created_by, created_at";

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

}  // namespace

void InsertLockSecret(pqxx::work& tx, const LockSecret& s, absl::Time now) {
  tx.exec_params0(
      "INSERT INTO lock_secrets (lock_id, organisation_id, sealed_secret, epoch, created_at) "
      "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (lock_id) DO NOTHING",
      s.lock_id, s.organisation_id, pqxx::binarystring(s.sealed_secret), TimeParam(s.epoch),
      TimeParam(now));
}

std::optional<LockSecret> FindLockSecret(pqxx::work& tx, const std::string& organisation_id,
                                         const std::string& lock_id, bool lock) {
  auto rows = tx.exec_params(
      std::string("SELECT lock_id, organisation_id, sealed_secret, epoch, provisioned_at "
                  "FROM lock_secrets WHERE organisation_id = $1 AND lock_id = $2") +
          (lock ? " FOR UPDATE" : ""),
      organisation_id, lock_id);
  if (rows.empty()) return std::nullopt;
  const auto& r = rows[0];
  return LockSecret{r[0].as<std::string>(), r[1].as<std::string>(),
                    pqxx::binarystring(r[2]).str(), TimeField(r[3]), OptionalTimeField(r[4])};
}

void MarkProvisioned(pqxx::work& tx, const std::string& lock_id, absl::Time now) {
  tx.exec_params0("UPDATE lock_secrets SET provisioned_at = $2 WHERE lock_id = $1", lock_id,
                  TimeParam(now));
}

void InsertAccess(pqxx::work& tx, const AccessRow& a) {
  tx.exec_params0(
      "INSERT INTO accesses (id, organisation_id, lock_id, type, status, pin_kind, name, start_at, "
      "end_at, length_index, nonce, created_by, created_at) VALUES ($1, $2, $3, $4, $5, "
      "NULLIF($6, ''), $7, $8, $9, $10::integer, $11::integer, $12, $13)",
      a.id, a.organisation_id, a.lock_id, a.type, a.status, a.pin_kind, a.name,
      TimeParam(a.start), OptionalTime(a.end), OptionalInt(a.length_index), OptionalInt(a.nonce),
      a.created_by, TimeParam(a.created_at));
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

void MarkDeleted(pqxx::work& tx, const std::string& id, absl::Time now) {
  tx.exec_params0("UPDATE accesses SET status = 'deleted', deleted_at = $2 WHERE id = $1", id,
                  TimeParam(now));
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

PinFacts PinFactsOf(pqxx::work& tx, const std::string& organisation_id,
                    const std::vector<std::string>& lock_ids, absl::Time now) {
  std::string ids = "{";
  for (size_t i = 0; i < lock_ids.size(); ++i) ids += (i ? "," : "") + lock_ids[i];
  ids += "}";
  PinFacts facts;
  auto counts = tx.exec_params1(
      "SELECT count(*), count(DISTINCT lock_id) FROM accesses WHERE organisation_id = $1 "
      "AND lock_id = ANY($2::uuid[]) AND type IN ('remote_pin', 'custom_pin') "
      "AND status = 'active' AND (end_at IS NULL OR end_at > $3)",
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
  std::optional<std::string> lock, type, status, after_time, after_id;
  if (!f.lock_id.empty()) lock = f.lock_id;
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
               " ORDER BY created_at DESC, id DESC LIMIT $7",
           organisation_id, lock, type, status, after_time, after_id, f.limit)) {
    out.push_back(AccessFrom(r));
  }
  return out;
}

}  // namespace keyway::access::store
