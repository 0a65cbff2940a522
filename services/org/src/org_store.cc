#include "org_store.h"

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "keyway/pg/convert.h"

namespace keyway::org::store {
namespace {

using pg::OptionalTimeField;
using pg::TimeField;
using pg::TimeParam;

// A PostgreSQL array literal of ids. Callers pass only validated UUIDs,
// which need no quoting.
std::string IdArray(const std::vector<std::string>& ids) {
  return "{" + absl::StrJoin(ids, ",") + "}";
}
std::string IdArray(const std::set<std::string>& ids) {
  return "{" + absl::StrJoin(ids, ",") + "}";
}

// string_agg(...) of ids: NULL or "a,b".
std::vector<std::string> IdList(const pqxx::field& f) {
  if (f.is_null()) return {};
  return absl::StrSplit(f.as<std::string>(), ',', absl::SkipEmpty());
}

std::optional<absl::Duration> Seconds(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return absl::Seconds(f.as<int64_t>());
}

std::optional<std::string> SecondsParam(const std::optional<absl::Duration>& d) {
  if (!d) return std::nullopt;
  return std::to_string(absl::ToInt64Seconds(*d));
}

// Rows come back sorted by (lower(name), id); `after` continues past a position.
std::string AfterClause(int name_param, int id_param, const char* table) {
  return absl::StrCat(" AND ($", name_param, "::text IS NULL OR (lower(", table, ".name), ", table,
                      ".id) > ($", name_param, ", $", id_param, "::uuid))");
}

constexpr const char* kDepartmentSelect =
    "SELECT d.id, d.organisation_id, d.name, d.created_at, d.updated_at, "
    "(SELECT string_agg(property_id::text, ',' ORDER BY property_id) FROM department_properties "
    " WHERE department_id = d.id), "
    "(SELECT string_agg(user_id, ',' ORDER BY user_id) FROM department_members "
    " WHERE department_id = d.id), lower(d.name) "
    "FROM departments d ";

DepartmentRow DepartmentFrom(const pqxx::row& r) {
  return {r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(),
          TimeField(r[3]),        TimeField(r[4]),        IdList(r[5]),
          IdList(r[6]),           r[7].as<std::string>()};
}

constexpr const char* kPropertySelect =
    "SELECT p.id, p.organisation_id, p.name, p.address, p.latitude, p.longitude, p.time_zone, "
    "p.created_at, p.updated_at, "
    "(SELECT string_agg(department_id::text, ',' ORDER BY department_id) "
    " FROM department_properties WHERE property_id = p.id), "
    "(SELECT count(*) FROM lock_properties WHERE property_id = p.id), lower(p.name) "
    "FROM properties p ";

PropertyRow PropertyFrom(const pqxx::row& r) {
  PropertyRow p;
  p.id = r[0].as<std::string>();
  p.organisation_id = r[1].as<std::string>();
  p.name = r[2].as<std::string>();
  p.address = r[3].as<std::string>();
  p.latitude = r[4].as<double>();
  p.longitude = r[5].as<double>();
  p.time_zone = r[6].as<std::string>();
  p.created_at = TimeField(r[7]);
  p.updated_at = TimeField(r[8]);
  p.department_ids = IdList(r[9]);
  p.lock_count = r[10].as<int>();
  p.sort_name = r[11].as<std::string>();
  return p;
}

constexpr const char* kLockSelect =
    "SELECT l.id, l.organisation_id, l.serial_number, l.model, l.name, l.time_zone, "
    "l.battery_percent, l.last_sync_at, l.activity_log_interval_s, l.heartbeat_interval_s, "
    "l.created_at, l.updated_at, "
    "(SELECT string_agg(property_id::text, ',' ORDER BY property_id) FROM lock_properties "
    " WHERE lock_id = l.id), "
    "(SELECT string_agg(DISTINCT dp.department_id::text, ',') FROM lock_properties lp "
    " JOIN department_properties dp ON dp.property_id = lp.property_id WHERE lp.lock_id = l.id), "
    "lower(l.name), "
    "(SELECT string_agg(accessory_id::text, ',' ORDER BY accessory_id) FROM accessory_locks "
    " WHERE lock_id = l.id), "
    "l.signal_strength_dbm, l.carrier, l.radio_channel "
    "FROM locks l ";

LockRow LockFrom(const pqxx::row& r) {
  LockRow l;
  l.id = r[0].as<std::string>();
  l.organisation_id = r[1].as<std::string>();
  l.serial_number = r[2].as<std::string>();
  l.model = r[3].as<std::string>();
  l.name = r[4].as<std::string>();
  l.time_zone = r[5].as<std::string>();
  if (!r[6].is_null()) l.battery_percent = r[6].as<int>();
  l.last_sync_at = OptionalTimeField(r[7]);
  l.activity_log_interval = Seconds(r[8]);
  l.heartbeat_interval = Seconds(r[9]);
  l.created_at = TimeField(r[10]);
  l.updated_at = TimeField(r[11]);
  l.property_ids = IdList(r[12]);
  l.department_ids = IdList(r[13]);
  l.sort_name = r[14].as<std::string>();
  l.accessory_ids = IdList(r[15]);
  if (!r[16].is_null()) l.signal_strength_dbm = r[16].as<int>();
  l.carrier = r[17].as<std::string>();
  l.radio_channel = r[18].as<std::string>();
  return l;
}

// NULL when unset: no filter.
std::optional<std::string> DepartmentFilter(const std::optional<std::set<std::string>>& d) {
  if (!d) return std::nullopt;
  return IdArray(*d);
}

}  // namespace

void InsertOrganisation(pqxx::work& tx, const OrganisationRow& o) {
  tx.exec_params0(
      "INSERT INTO organisations (id, name, kind, owner_user_id, created_at) "
      "VALUES ($1, $2, $3, $4, $5)",
      o.id, o.name, o.kind, o.owner_user_id, TimeParam(o.created_at));
}

std::optional<OrganisationRow> FindOrganisation(pqxx::work& tx, const std::string& id, bool lock) {
  auto rows = tx.exec_params(
      std::string("SELECT id, name, kind, owner_user_id, created_at FROM organisations "
                  "WHERE id = $1") + (lock ? " FOR UPDATE" : ""),
      id);
  if (rows.empty()) return std::nullopt;
  const auto& r = rows[0];
  return OrganisationRow{r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(),
                         r[3].as<std::string>(), TimeField(r[4])};
}

int CountDepartments(pqxx::work& tx, const std::string& org) {
  return tx.exec_params1("SELECT count(*) FROM departments WHERE organisation_id = $1", org)[0]
      .as<int>();
}

bool DepartmentNameTaken(pqxx::work& tx, const std::string& org, const std::string& name,
                         const std::string& except_id) {
  return !tx.exec_params(
                "SELECT 1 FROM departments WHERE organisation_id = $1 AND lower(name) = lower($2) "
                "AND id::text <> $3",
                org, name, except_id)
              .empty();
}

void InsertDepartment(pqxx::work& tx, const DepartmentRow& d) {
  tx.exec_params0(
      "INSERT INTO departments (id, organisation_id, name, created_at, updated_at) "
      "VALUES ($1, $2, $3, $4, $5)",
      d.id, d.organisation_id, d.name, TimeParam(d.created_at), TimeParam(d.updated_at));
  SetDepartmentProperties(tx, d.id, d.property_ids);
  SetDepartmentMembers(tx, d.organisation_id, d.id, d.member_user_ids);
}

void UpdateDepartment(pqxx::work& tx, const DepartmentRow& d) {
  tx.exec_params0("UPDATE departments SET name = $2, updated_at = $3 WHERE id = $1", d.id, d.name,
                  TimeParam(d.updated_at));
  SetDepartmentProperties(tx, d.id, d.property_ids);
  SetDepartmentMembers(tx, d.organisation_id, d.id, d.member_user_ids);
}

void DeleteDepartment(pqxx::work& tx, const std::string& id) {
  tx.exec_params0("DELETE FROM departments WHERE id = $1", id);
}

std::optional<DepartmentRow> FindDepartment(pqxx::work& tx, const std::string& org,
                                            const std::string& id, bool lock) {
  auto rows = tx.exec_params(std::string(kDepartmentSelect) +
                                 "WHERE d.organisation_id = $1 AND d.id = $2" +
                                 (lock ? " FOR UPDATE OF d" : ""),
                             org, id);
  if (rows.empty()) return std::nullopt;
  return DepartmentFrom(rows[0]);
}

std::vector<DepartmentRow> ListDepartments(pqxx::work& tx, const std::string& org,
                                           const std::optional<std::set<std::string>>& only,
                                           const std::optional<After>& after, int limit) {
  std::optional<std::string> after_name, after_id;
  if (after) {
    after_name = after->name;
    after_id = after->id;
  }
  std::vector<DepartmentRow> out;
  for (const auto& r : tx.exec_params(
           std::string(kDepartmentSelect) +
               "WHERE d.organisation_id = $1 AND ($2::uuid[] IS NULL OR d.id = ANY($2::uuid[]))" +
               AfterClause(3, 4, "d") + " ORDER BY lower(d.name), d.id LIMIT $5",
           org, DepartmentFilter(only), after_name, after_id, limit)) {
    out.push_back(DepartmentFrom(r));
  }
  return out;
}

void SetDepartmentProperties(pqxx::work& tx, const std::string& department_id,
                             const std::vector<std::string>& property_ids) {
  tx.exec_params0("DELETE FROM department_properties WHERE department_id = $1", department_id);
  tx.exec_params0(
      "INSERT INTO department_properties (department_id, property_id) "
      "SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING",
      department_id, IdArray(property_ids));
}

void SetDepartmentMembers(pqxx::work& tx, const std::string& org, const std::string& department_id,
                          const std::vector<std::string>& user_ids) {
  tx.exec_params0("DELETE FROM department_members WHERE department_id = $1", department_id);
  tx.exec_params0(
      "INSERT INTO department_members (department_id, organisation_id, user_id) "
      "SELECT $1, $2, unnest($3::text[]) ON CONFLICT DO NOTHING",
      department_id, org, IdArray(user_ids));
}

std::set<std::string> DepartmentsOfUser(pqxx::work& tx, const std::string& org,
                                        const std::string& user_id) {
  std::set<std::string> out;
  for (const auto& r : tx.exec_params(
           "SELECT department_id FROM department_members WHERE organisation_id = $1 AND user_id = $2",
           org, user_id)) {
    out.insert(r[0].as<std::string>());
  }
  return out;
}

int RemoveFromAllDepartments(pqxx::work& tx, const std::string& org, const std::string& user_id) {
  return static_cast<int>(
      // Compared as text: an id from another service need not be a UUID.
      tx.exec_params0(
            "DELETE FROM department_members WHERE organisation_id::text = $1 AND user_id = $2",
            org, user_id)
          .affected_rows());
}

std::vector<std::string> DepartmentLocks(pqxx::work& tx, const std::string& department_id) {
  std::vector<std::string> out;
  for (const auto& r : tx.exec_params(
           "SELECT DISTINCT lp.lock_id FROM department_properties dp "
           "JOIN lock_properties lp ON lp.property_id = dp.property_id "
           "WHERE dp.department_id = $1 ORDER BY lp.lock_id",
           department_id)) {
    out.push_back(r[0].as<std::string>());
  }
  return out;
}

void InsertProperty(pqxx::work& tx, const PropertyRow& p) {
  tx.exec_params0(
      "INSERT INTO properties (id, organisation_id, name, address, latitude, longitude, "
      "time_zone, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
      p.id, p.organisation_id, p.name, p.address, p.latitude, p.longitude, p.time_zone,
      TimeParam(p.created_at), TimeParam(p.updated_at));
}

void UpdateProperty(pqxx::work& tx, const PropertyRow& p) {
  tx.exec_params0(
      "UPDATE properties SET name = $2, address = $3, latitude = $4, longitude = $5, "
      "updated_at = $6 WHERE id = $1",
      p.id, p.name, p.address, p.latitude, p.longitude, TimeParam(p.updated_at));
}

void DeleteProperty(pqxx::work& tx, const std::string& id) {
  tx.exec_params0("DELETE FROM properties WHERE id = $1", id);
}

std::optional<PropertyRow> FindProperty(pqxx::work& tx, const std::string& org,
                                        const std::string& id, bool lock) {
  auto rows = tx.exec_params(std::string(kPropertySelect) +
                                 "WHERE p.organisation_id = $1 AND p.id = $2" +
                                 (lock ? " FOR UPDATE OF p" : ""),
                             org, id);
  if (rows.empty()) return std::nullopt;
  return PropertyFrom(rows[0]);
}

std::vector<PropertyRow> FindProperties(pqxx::work& tx, const std::string& org,
                                        const std::vector<std::string>& ids) {
  std::vector<PropertyRow> out;
  for (const auto& r : tx.exec_params(std::string(kPropertySelect) +
                                          "WHERE p.organisation_id = $1 AND p.id = ANY($2::uuid[])",
                                      org, IdArray(ids))) {
    out.push_back(PropertyFrom(r));
  }
  return out;
}

std::vector<PropertyRow> ListProperties(pqxx::work& tx, const std::string& org,
                                        const std::optional<std::set<std::string>>& departments,
                                        const std::optional<After>& after, int limit) {
  std::optional<std::string> after_name, after_id;
  if (after) {
    after_name = after->name;
    after_id = after->id;
  }
  std::vector<PropertyRow> out;
  for (const auto& r : tx.exec_params(
           std::string(kPropertySelect) +
               "WHERE p.organisation_id = $1 AND ($2::uuid[] IS NULL OR EXISTS ("
               " SELECT 1 FROM department_properties dp WHERE dp.property_id = p.id"
               " AND dp.department_id = ANY($2::uuid[])))" +
               AfterClause(3, 4, "p") + " ORDER BY lower(p.name), p.id LIMIT $5",
           org, DepartmentFilter(departments), after_name, after_id, limit)) {
    out.push_back(PropertyFrom(r));
  }
  return out;
}

std::vector<PropertyRow> PropertiesInBox(pqxx::work& tx, const std::string& org,
                                         const std::optional<std::set<std::string>>& departments,
                                         const std::optional<Box>& box) {
  std::vector<PropertyRow> out;
  for (const auto& r : tx.exec_params(
           std::string(kPropertySelect) +
               "WHERE p.organisation_id = $1 AND ($2::uuid[] IS NULL OR EXISTS ("
               " SELECT 1 FROM department_properties dp WHERE dp.property_id = p.id"
               " AND dp.department_id = ANY($2::uuid[])))"
               " AND (NOT $3 OR (p.latitude BETWEEN $4::float8 AND $5::float8 AND"
               // A box whose west edge is east of its east edge crosses the antimeridian.
               "  (CASE WHEN $6::float8 <= $7::float8"
               "        THEN p.longitude BETWEEN $6::float8 AND $7::float8"
               "        ELSE p.longitude >= $6::float8 OR p.longitude <= $7::float8 END)))"
               " ORDER BY lower(p.name), p.id",
           org, DepartmentFilter(departments), box.has_value(), box ? box->south : 0.0,
           box ? box->north : 0.0, box ? box->west : 0.0, box ? box->east : 0.0)) {
    out.push_back(PropertyFrom(r));
  }
  return out;
}

void InsertLock(pqxx::work& tx, const LockRow& l) {
  tx.exec_params0(
      "INSERT INTO locks (id, organisation_id, serial_number, model, name, time_zone, "
      "activity_log_interval_s, heartbeat_interval_s, created_at, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7::integer, $8::integer, $9, $10)",
      l.id, l.organisation_id, l.serial_number, l.model, l.name, l.time_zone,
      SecondsParam(l.activity_log_interval), SecondsParam(l.heartbeat_interval),
      TimeParam(l.created_at), TimeParam(l.updated_at));
  SetLockProperties(tx, l.id, l.property_ids);
}

void UpdateLock(pqxx::work& tx, const LockRow& l) {
  tx.exec_params0(
      "UPDATE locks SET name = $2, time_zone = $3, activity_log_interval_s = $4::integer, "
      "heartbeat_interval_s = $5::integer, updated_at = $6 WHERE id = $1",
      l.id, l.name, l.time_zone, SecondsParam(l.activity_log_interval),
      SecondsParam(l.heartbeat_interval), TimeParam(l.updated_at));
}

std::optional<LockRow> FindLock(pqxx::work& tx, const std::string& org, const std::string& id,
                                bool lock) {
  auto rows = tx.exec_params(std::string(kLockSelect) + "WHERE l.organisation_id = $1 AND l.id = $2" +
                                 (lock ? " FOR UPDATE OF l" : ""),
                             org, id);
  if (rows.empty()) return std::nullopt;
  return LockFrom(rows[0]);
}

bool SerialNumberPaired(pqxx::work& tx, const std::string& serial_number) {
  return !tx.exec_params("SELECT 1 FROM locks WHERE serial_number = $1", serial_number).empty();
}

std::vector<LockRow> FindLocks(pqxx::work& tx, const std::string& org,
                               const std::vector<std::string>& ids) {
  std::vector<LockRow> out;
  for (const auto& r : tx.exec_params(std::string(kLockSelect) +
                                          "WHERE l.organisation_id = $1 AND l.id = ANY($2::uuid[])",
                                      org, IdArray(ids))) {
    out.push_back(LockFrom(r));
  }
  return out;
}

void RecordTelemetry(pqxx::work& tx, const std::string& org, const std::string& lock_id,
                     const Telemetry& t) {
  std::optional<std::string> battery, signal;
  if (t.battery_percent) battery = std::to_string(*t.battery_percent);
  if (t.signal_strength_dbm) signal = std::to_string(*t.signal_strength_dbm);
  tx.exec_params0(
      "UPDATE locks SET battery_percent = coalesce($3::integer, battery_percent), last_sync_at = $4, "
      "signal_strength_dbm = coalesce($5::integer, signal_strength_dbm), "
      "carrier = coalesce(nullif($6, ''), carrier), radio_channel = coalesce(nullif($7, ''), radio_channel) "
      "WHERE organisation_id = $1 AND id = $2 AND (last_sync_at IS NULL OR last_sync_at <= $4)",
      org, lock_id, battery, TimeParam(t.sync_time), signal, t.carrier, t.radio_channel);
}

void SetDeviceCredential(pqxx::work& tx, const std::string& org, const std::string& lock_id,
                         const std::string& credential_hash) {
  tx.exec_params0("UPDATE locks SET device_credential_hash = $3 WHERE organisation_id = $1 AND id = $2",
                  org, lock_id, credential_hash);
}

std::optional<LockCredential> FindLockCredential(pqxx::work& tx, const std::string& lock_id) {
  auto rows = tx.exec_params(
      "SELECT organisation_id, coalesce(device_credential_hash, ''), activity_log_interval_s, "
      "heartbeat_interval_s FROM locks WHERE id = $1",
      lock_id);
  if (rows.empty()) return std::nullopt;
  return LockCredential{rows[0][0].as<std::string>(), rows[0][1].as<std::string>(),
                        Seconds(rows[0][2]), Seconds(rows[0][3])};
}

void RecordBridgePresence(pqxx::work& tx, const std::string& org, const std::string& bridge_id,
                          bool online, absl::Time last_seen) {
  tx.exec_params0(
      "UPDATE accessories SET online = $3, last_seen_at = $4 WHERE organisation_id = $1 "
      "AND id = $2::uuid AND kind = 'bridge' AND (last_seen_at IS NULL OR last_seen_at <= $4)",
      org, bridge_id, online, TimeParam(last_seen));
}

std::set<std::string> LocksWithBridge(pqxx::work& tx, const std::vector<std::string>& lock_ids) {
  std::set<std::string> out;
  for (const auto& r : tx.exec_params(
           "SELECT DISTINCT al.lock_id FROM accessory_locks al JOIN accessories a"
           " ON a.id = al.accessory_id WHERE a.kind = 'bridge' AND al.lock_id = ANY($1::uuid[])",
           IdArray(lock_ids))) {
    out.insert(r[0].as<std::string>());
  }
  return out;
}

std::vector<LockRow> ListLocks(pqxx::work& tx, const std::string& org,
                               const std::optional<std::set<std::string>>& departments,
                               const std::optional<std::set<std::string>>& only_locks,
                               const std::string& property_id, const std::optional<After>& after,
                               int limit) {
  std::optional<std::string> after_name, after_id, property;
  if (after) {
    after_name = after->name;
    after_id = after->id;
  }
  if (!property_id.empty()) property = property_id;
  std::vector<LockRow> out;
  for (const auto& r : tx.exec_params(
           std::string(kLockSelect) +
               "WHERE l.organisation_id = $1 AND ($2::uuid[] IS NULL OR EXISTS ("
               " SELECT 1 FROM lock_properties lp JOIN department_properties dp"
               " ON dp.property_id = lp.property_id WHERE lp.lock_id = l.id"
               " AND dp.department_id = ANY($2::uuid[])))"
               " AND ($6::uuid IS NULL OR EXISTS (SELECT 1 FROM lock_properties lp"
               " WHERE lp.lock_id = l.id AND lp.property_id = $6::uuid))"
               " AND ($7::uuid[] IS NULL OR l.id = ANY($7::uuid[]))" +
               AfterClause(3, 4, "l") + " ORDER BY lower(l.name), l.id LIMIT $5",
           org, DepartmentFilter(departments), after_name, after_id, limit, property,
           DepartmentFilter(only_locks))) {
    out.push_back(LockFrom(r));
  }
  return out;
}

void SetLockProperties(pqxx::work& tx, const std::string& lock_id,
                       const std::vector<std::string>& property_ids) {
  tx.exec_params0("DELETE FROM lock_properties WHERE lock_id = $1", lock_id);
  tx.exec_params0(
      "INSERT INTO lock_properties (lock_id, property_id) SELECT $1, unnest($2::uuid[]) "
      "ON CONFLICT DO NOTHING",
      lock_id, IdArray(property_ids));
}

namespace {

// A property or lock is in `departments` through department_properties.
constexpr const char* kPropertyInDepartments =
    "($2::uuid[] IS NULL OR EXISTS (SELECT 1 FROM department_properties dp"
    " WHERE dp.property_id = p.id AND dp.department_id = ANY($2::uuid[])))";
constexpr const char* kLockInDepartments =
    "($2::uuid[] IS NULL OR EXISTS (SELECT 1 FROM lock_properties lp"
    " JOIN department_properties dp ON dp.property_id = lp.property_id WHERE lp.lock_id = l.id"
    " AND dp.department_id = ANY($2::uuid[])))";

constexpr const char* kAccessorySelect =
    "SELECT a.id, a.organisation_id, a.kind, a.serial_number, a.name, a.online, a.last_seen_at, "
    "a.created_at, a.updated_at, "
    "(SELECT string_agg(lock_id::text, ',' ORDER BY lock_id) FROM accessory_locks "
    " WHERE accessory_id = a.id), "
    "(SELECT string_agg(DISTINCT dp.department_id::text, ',') FROM accessory_locks al"
    " JOIN lock_properties lp ON lp.lock_id = al.lock_id"
    " JOIN department_properties dp ON dp.property_id = lp.property_id"
    " WHERE al.accessory_id = a.id), "
    "lower(a.name) "
    "FROM accessories a ";

AccessoryRow AccessoryFrom(const pqxx::row& r) {
  AccessoryRow a;
  a.id = r[0].as<std::string>();
  a.organisation_id = r[1].as<std::string>();
  a.kind = r[2].as<std::string>();
  a.serial_number = r[3].as<std::string>();
  a.name = r[4].as<std::string>();
  a.online = r[5].as<bool>();
  a.last_seen_at = OptionalTimeField(r[6]);
  a.created_at = TimeField(r[7]);
  a.updated_at = TimeField(r[8]);
  a.lock_ids = IdList(r[9]);
  a.department_ids = IdList(r[10]);
  a.sort_name = r[11].as<std::string>();
  return a;
}

void SetAccessoryLocks(pqxx::work& tx, const std::string& accessory_id,
                       const std::vector<std::string>& lock_ids) {
  tx.exec_params0("DELETE FROM accessory_locks WHERE accessory_id = $1", accessory_id);
  tx.exec_params0(
      "INSERT INTO accessory_locks (accessory_id, lock_id) SELECT $1, unnest($2::uuid[]) "
      "ON CONFLICT DO NOTHING",
      accessory_id, IdArray(lock_ids));
}

}  // namespace

int CountProperties(pqxx::work& tx, const std::string& org,
                    const std::optional<std::set<std::string>>& departments) {
  return tx.exec_params1(std::string("SELECT count(*) FROM properties p WHERE p.organisation_id = $1"
                                     " AND ") + kPropertyInDepartments,
                         org, DepartmentFilter(departments))[0]
      .as<int>();
}

int CountLocks(pqxx::work& tx, const std::string& org,
               const std::optional<std::set<std::string>>& departments) {
  return tx.exec_params1(std::string("SELECT count(*) FROM locks l WHERE l.organisation_id = $1"
                                     " AND ") + kLockInDepartments,
                         org, DepartmentFilter(departments))[0]
      .as<int>();
}

bool AccessorySerialTaken(pqxx::work& tx, const std::string& kind, const std::string& serial) {
  return !tx.exec_params("SELECT 1 FROM accessories WHERE kind = $1 AND serial_number = $2", kind,
                         serial)
              .empty();
}

void InsertAccessory(pqxx::work& tx, const AccessoryRow& a) {
  tx.exec_params0(
      "INSERT INTO accessories (id, organisation_id, kind, serial_number, name, created_at, "
      "updated_at, credential_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, NULLIF($8, ''))",
      a.id, a.organisation_id, a.kind, a.serial_number, a.name, TimeParam(a.created_at),
      TimeParam(a.updated_at), a.credential_hash);
  SetAccessoryLocks(tx, a.id, a.lock_ids);
}

std::optional<AccessoryRow> FindBridgeForAuthentication(pqxx::work& tx, const std::string& id) {
  auto rows = tx.exec_params(
      "SELECT a.organisation_id, coalesce(a.credential_hash, ''), "
      "(SELECT string_agg(lock_id::text, ',' ORDER BY lock_id) FROM accessory_locks "
      " WHERE accessory_id = a.id) FROM accessories a WHERE a.id = $1 AND a.kind = 'bridge'",
      id);
  if (rows.empty()) return std::nullopt;
  AccessoryRow a;
  a.id = id;
  a.kind = "bridge";
  a.organisation_id = rows[0][0].as<std::string>();
  a.credential_hash = rows[0][1].as<std::string>();
  if (!rows[0][2].is_null()) a.lock_ids = absl::StrSplit(rows[0][2].as<std::string>(), ',');
  return a;
}

void UpdateAccessory(pqxx::work& tx, const AccessoryRow& a) {
  tx.exec_params0("UPDATE accessories SET name = $2, updated_at = $3 WHERE id = $1", a.id, a.name,
                  TimeParam(a.updated_at));
  SetAccessoryLocks(tx, a.id, a.lock_ids);
}

void DeleteAccessory(pqxx::work& tx, const std::string& id) {
  tx.exec_params0("DELETE FROM accessories WHERE id = $1", id);
}

std::optional<AccessoryRow> FindAccessory(pqxx::work& tx, const std::string& org,
                                          const std::string& id, bool lock) {
  auto rows = tx.exec_params(std::string(kAccessorySelect) +
                                 "WHERE a.organisation_id = $1 AND a.id = $2" +
                                 (lock ? " FOR UPDATE OF a" : ""),
                             org, id);
  if (rows.empty()) return std::nullopt;
  return AccessoryFrom(rows[0]);
}

std::vector<AccessoryRow> ListAccessories(pqxx::work& tx, const std::string& org,
                                          const std::optional<std::set<std::string>>& departments,
                                          const std::string& kind,
                                          const std::optional<After>& after, int limit) {
  std::optional<std::string> after_name, after_id, kind_filter;
  if (after) {
    after_name = after->name;
    after_id = after->id;
  }
  if (!kind.empty()) kind_filter = kind;
  std::vector<AccessoryRow> out;
  for (const auto& r : tx.exec_params(
           std::string(kAccessorySelect) +
               "WHERE a.organisation_id = $1 AND ($2::uuid[] IS NULL OR EXISTS ("
               " SELECT 1 FROM accessory_locks al JOIN lock_properties lp ON lp.lock_id = al.lock_id"
               " JOIN department_properties dp ON dp.property_id = lp.property_id"
               " WHERE al.accessory_id = a.id AND dp.department_id = ANY($2::uuid[])))"
               " AND ($6::text IS NULL OR a.kind = $6)" +
               AfterClause(3, 4, "a") + " ORDER BY lower(a.name), a.id LIMIT $5",
           org, DepartmentFilter(departments), after_name, after_id, limit, kind_filter)) {
    out.push_back(AccessoryFrom(r));
  }
  return out;
}

std::vector<int> WidgetLayout(pqxx::work& tx, const std::string& org, const std::string& user_id) {
  auto rows = tx.exec_params(
      "SELECT array_to_string(widgets, ',') FROM widget_layouts "
      "WHERE organisation_id = $1 AND user_id = $2",
      org, user_id);
  std::vector<int> out;
  if (rows.empty()) return out;
  for (const auto& part : IdList(rows[0][0])) out.push_back(std::stoi(part));
  return out;
}

void SaveWidgetLayout(pqxx::work& tx, const std::string& org, const std::string& user_id,
                      const std::vector<int>& widgets) {
  tx.exec_params0(
      "INSERT INTO widget_layouts (organisation_id, user_id, widgets) VALUES ($1, $2, $3::integer[]) "
      "ON CONFLICT (organisation_id, user_id) DO UPDATE SET widgets = excluded.widgets",
      org, user_id, "{" + absl::StrJoin(widgets, ",") + "}");
}

}  // namespace keyway::org::store
