#pragma once
// Every SQL statement of the org service, behind functions that take the
// caller's transaction. All lookups are by (organisation, id): an object of
// another organisation is simply not found (O6).

#include <optional>
#include <set>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "absl/time/time.h"

namespace keyway::org::store {

struct OrganisationRow {
  std::string id, name, kind, owner_user_id;
  absl::Time created_at;
};
void InsertOrganisation(pqxx::work& tx, const OrganisationRow& o);
// FOR UPDATE when `lock`: serialises changes that count (D2).
std::optional<OrganisationRow> FindOrganisation(pqxx::work& tx, const std::string& id,
                                                bool lock = false);

// A keyset position: strictly after (lower(name), id).
struct After {
  std::string name, id;
};

struct DepartmentRow {
  std::string id, organisation_id, name;
  absl::Time created_at, updated_at;
  std::vector<std::string> property_ids, member_user_ids;
  std::string sort_name;  // lower(name) as the database sorts: the page position
};
int CountDepartments(pqxx::work& tx, const std::string& org);
bool DepartmentNameTaken(pqxx::work& tx, const std::string& org, const std::string& name,
                         const std::string& except_id);
void InsertDepartment(pqxx::work& tx, const DepartmentRow& d);
void UpdateDepartment(pqxx::work& tx, const DepartmentRow& d);
void DeleteDepartment(pqxx::work& tx, const std::string& id);
std::optional<DepartmentRow> FindDepartment(pqxx::work& tx, const std::string& org,
                                            const std::string& id, bool lock = false);
// `only`: when set, just these departments (a Manager's).
std::vector<DepartmentRow> ListDepartments(pqxx::work& tx, const std::string& org,
                                           const std::optional<std::set<std::string>>& only,
                                           const std::optional<After>& after, int limit);
void SetDepartmentProperties(pqxx::work& tx, const std::string& department_id,
                             const std::vector<std::string>& property_ids);
void SetDepartmentMembers(pqxx::work& tx, const std::string& org, const std::string& department_id,
                          const std::vector<std::string>& user_ids);
std::set<std::string> DepartmentsOfUser(pqxx::work& tx, const std::string& org,
                                        const std::string& user_id);
// Returns how many memberships were removed.
int RemoveFromAllDepartments(pqxx::work& tx, const std::string& org, const std::string& user_id);
// The locks of the department's properties.
std::vector<std::string> DepartmentLocks(pqxx::work& tx, const std::string& department_id);

struct PropertyRow {
  std::string id, organisation_id, name, address;
  double latitude = 0, longitude = 0;
  std::string time_zone;
  absl::Time created_at, updated_at;
  std::vector<std::string> department_ids;
  int lock_count = 0;
  std::string sort_name;
};
void InsertProperty(pqxx::work& tx, const PropertyRow& p);
void UpdateProperty(pqxx::work& tx, const PropertyRow& p);
void DeleteProperty(pqxx::work& tx, const std::string& id);
std::optional<PropertyRow> FindProperty(pqxx::work& tx, const std::string& org,
                                        const std::string& id, bool lock = false);
// Those of `ids` that exist in the organisation.
std::vector<PropertyRow> FindProperties(pqxx::work& tx, const std::string& org,
                                        const std::vector<std::string>& ids);
// `departments`: when set, only properties in one of them (a Manager's view).
std::vector<PropertyRow> ListProperties(pqxx::work& tx, const std::string& org,
                                        const std::optional<std::set<std::string>>& departments,
                                        const std::optional<After>& after, int limit);
struct Box {
  double south, west, north, east;
};
std::vector<PropertyRow> PropertiesInBox(pqxx::work& tx, const std::string& org,
                                         const std::optional<std::set<std::string>>& departments,
                                         const std::optional<Box>& box);

struct LockRow {
  std::string id, organisation_id, serial_number, model, name, time_zone;
  std::optional<int> battery_percent;
  std::optional<absl::Time> last_sync_at;
  std::optional<absl::Duration> activity_log_interval, heartbeat_interval;
  absl::Time created_at, updated_at;
  std::vector<std::string> property_ids, department_ids, accessory_ids;
  std::string sort_name;
  std::optional<int> signal_strength_dbm;  // L4
  std::string carrier, radio_channel;
};
void InsertLock(pqxx::work& tx, const LockRow& l);
void UpdateLock(pqxx::work& tx, const LockRow& l);
std::optional<LockRow> FindLock(pqxx::work& tx, const std::string& org, const std::string& id,
                                bool lock = false);
bool SerialNumberPaired(pqxx::work& tx, const std::string& serial_number);
// L7: a Bridge's connectivity as the gateway saw it; an older word than the
// one kept changes nothing (events may cross).
void RecordBridgePresence(pqxx::work& tx, const std::string& org, const std::string& bridge_id,
                          bool online, absl::Time last_seen);
// L1, L4: what a lock said at `sync_time`; unset fields keep their value,
// and an older report changes nothing.
struct Telemetry {
  std::optional<int> battery_percent, signal_strength_dbm;
  std::string carrier, radio_channel;
  absl::Time sync_time;
};
void RecordTelemetry(pqxx::work& tx, const std::string& org, const std::string& lock_id,
                     const Telemetry& t);
// L3, L4: an NB-IoT lock's credential (its hash), replacing any before.
void SetDeviceCredential(pqxx::work& tx, const std::string& org, const std::string& lock_id,
                         const std::string& credential_hash);
struct LockCredential {
  std::string organisation_id, credential_hash;
  std::optional<absl::Duration> activity_log_interval, heartbeat_interval;
};
std::optional<LockCredential> FindLockCredential(pqxx::work& tx, const std::string& lock_id);
// Those of `ids` that exist in the organisation, with their departments.
std::vector<LockRow> FindLocks(pqxx::work& tx, const std::string& org,
                               const std::vector<std::string>& ids);
// Those of `lock_ids` linked to at least one Bridge (A6).
std::set<std::string> LocksWithBridge(pqxx::work& tx, const std::vector<std::string>& lock_ids);
// `departments`, `only_locks`: when set, the locks in one of those
// departments, or among those ids (a Lock User's held locks, O5).
std::vector<LockRow> ListLocks(pqxx::work& tx, const std::string& org,
                               const std::optional<std::set<std::string>>& departments,
                               const std::optional<std::set<std::string>>& only_locks,
                               const std::string& property_id, const std::optional<After>& after,
                               int limit);
void SetLockProperties(pqxx::work& tx, const std::string& lock_id,
                       const std::vector<std::string>& property_ids);

// O7: how many the caller sees (`departments` as for the lists).
int CountProperties(pqxx::work& tx, const std::string& org,
                    const std::optional<std::set<std::string>>& departments);
int CountLocks(pqxx::work& tx, const std::string& org,
               const std::optional<std::set<std::string>>& departments);

struct AccessoryRow {
  std::string id, organisation_id, kind, serial_number, name;
  bool online = false;
  std::optional<absl::Time> last_seen_at;
  absl::Time created_at, updated_at;
  std::vector<std::string> lock_ids;
  std::vector<std::string> department_ids;  // of its locks
  std::string sort_name;
  std::string credential_hash;  // Bridges: SHA-256 (hex) of the secret part of the credential
};
// L7: a Bridge's organisation, locks and credential hash, by id alone (the
// gateway knows no organisation yet).
std::optional<AccessoryRow> FindBridgeForAuthentication(pqxx::work& tx, const std::string& id);
bool AccessorySerialTaken(pqxx::work& tx, const std::string& kind, const std::string& serial);
void InsertAccessory(pqxx::work& tx, const AccessoryRow& a);
void UpdateAccessory(pqxx::work& tx, const AccessoryRow& a);
void DeleteAccessory(pqxx::work& tx, const std::string& id);
std::optional<AccessoryRow> FindAccessory(pqxx::work& tx, const std::string& org,
                                          const std::string& id, bool lock = false);
// `departments` as for the lists: an accessory shows when one of its locks does.
std::vector<AccessoryRow> ListAccessories(pqxx::work& tx, const std::string& org,
                                          const std::optional<std::set<std::string>>& departments,
                                          const std::string& kind,
                                          const std::optional<After>& after, int limit);

// Empty when the user never saved one.
std::vector<int> WidgetLayout(pqxx::work& tx, const std::string& org, const std::string& user_id);
void SaveWidgetLayout(pqxx::work& tx, const std::string& org, const std::string& user_id,
                      const std::vector<int>& widgets);

}  // namespace keyway::org::store
