// L1-L3, P2, P4, D6: locks, and CheckLockScope for every other service.
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "keyway/core/limits.h"
#include "keyway/core/paging.h"
#include "keyway/core/random.h"
#include "keyway/core/text.h"
#include "keyway/events/event.h"
#include "keyway/idempotency/idempotency.h"
#include "keyway/org/v1/org_events.pb.h"
#include "keyway/pg/transaction.h"
#include "lock_models.h"
#include "keeping_d6.h"
#include "org.h"
#include "org_internal.h"
#include "org_proto.h"

namespace keyway::org {
namespace {

using auth::Role;

absl::Status ValidateSerialNumber(const std::string& serial) {
  if (serial.empty() || serial.size() > 64) {
    return absl::InvalidArgumentError("serial_number must have 1 to 64 characters");
  }
  for (char c : serial) {
    if (!(absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-')) {
      return absl::InvalidArgumentError(
          "serial_number may contain only letters, digits and '-', as printed on the lock");
    }
  }
  return absl::OkStatus();
}

// The properties a lock is to belong to: each of the organisation, in the
// caller's scope, and all in one time zone (P2). Returns that zone.
absl::StatusOr<std::string> CheckLockPlaces(pqxx::work& tx, const std::string& org,
                                            const ScopeSubject& scope,
                                            const std::vector<std::string>& property_ids) {
  if (property_ids.empty()) {
    return absl::FailedPreconditionError("a lock belongs to at least one property (P4)");
  }
  auto found = store::FindProperties(tx, org, property_ids);
  std::set<std::string> have;
  for (const auto& p : found) have.insert(p.id);
  for (const auto& id : property_ids) {
    if (!have.count(id)) return internal::NotFound("property", id);
  }
  std::string zone = found.front().time_zone;
  for (const auto& p : found) {
    if (auto s = CheckScope(scope, p.department_ids, "property " + p.id); !s.ok()) return s;
    if (p.time_zone != zone) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the properties are in different time zones (", zone, " and ", p.time_zone,
          "): all locks of a property share its zone, so a lock's properties must too (P2)"));
    }
  }
  return zone;
}

std::vector<std::string> Ids(const google::protobuf::RepeatedPtrField<std::string>& ids) {
  return {ids.begin(), ids.end()};
}

}  // namespace

absl::StatusOr<v1::Lock> Org::PairLock(const Caller& caller, const v1::PairLockRequest& req) {
  if (caller.principal.role == Role::kLockUser) {
    return absl::PermissionDeniedError("a Lock User cannot pair locks (O5)");
  }
  if (auto s = ValidateSerialNumber(req.serial_number()); !s.ok()) return s;
  auto model = FindLockModel(req.model());
  if (!model) {
    return absl::InvalidArgumentError(
        absl::StrCat("model '", core::IsCleanText(req.model()) ? req.model() : "?",
                     "' is not a lock model Keyway knows: one of ", KnownModelCodes()));
  }
  auto name = core::NormalizeText(req.name(), "name", 100);
  if (!name.ok()) return name.status();
  std::vector<std::string> properties = Ids(req.property_ids());
  if (auto s = internal::ValidateIds(properties, "property_ids"); !s.ok()) return s;
  if (auto s = idempotency::ValidateKey(req.request_id()); !s.ok()) return s;
  const std::string& org_id = caller.principal.organisation_id;
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::Lock> {
    return idempotency::Run<v1::Lock>(
        tx, absl::StrCat("PairLock/", org_id, "/", caller.principal.user_id), req.request_id(), req,
        [&](pqxx::work& tx) -> absl::StatusOr<v1::Lock> {
          auto subject = SubjectOf(tx, caller);
          if (!subject.ok()) return subject.status();
          auto zone = CheckLockPlaces(tx, org_id, subject->second, properties);
          if (!zone.ok()) return zone.status();
          if (store::SerialNumberPaired(tx, req.serial_number())) {
            return absl::AlreadyExistsError(absl::StrCat(
                "lock ", req.serial_number(),
                " is already paired: unpair it from its organisation first"));
          }
          const absl::Time now = clock_.Now();
          store::LockRow l;
          l.id = core::NewUuid();
          l.organisation_id = org_id;
          l.serial_number = req.serial_number();
          l.model = model->code;
          l.name = *name;
          l.time_zone = *zone;  // P2: the property's zone
          if (model->nbiot) {
            l.activity_log_interval = kDefaultActivityLogInterval;
            l.heartbeat_interval = kDefaultHeartbeatInterval;
          }
          l.created_at = l.updated_at = now;
          l.property_ids = properties;
          store::InsertLock(tx, l);
          v1::LockPaired event;
          event.set_organisation_id(org_id);
          event.set_lock_id(l.id);
          event.set_serial_number(l.serial_number);
          event.set_model(l.model);
          event.set_time_zone(l.time_zone);
          events::PublishMessage(tx, config_.events_stream, org_id, event);
          internal::Audit(tx, caller, "lock.paired", "lock", l.id,
                          {{"serial_number", l.serial_number}, {"model", l.model}});
          return ToProto(*store::FindLock(tx, org_id, l.id));
        });
  });
}

absl::StatusOr<std::optional<std::set<std::string>>> Org::HeldLocksOf(const Caller& caller) {
  if (caller.principal.role != Role::kLockUser) return std::optional<std::set<std::string>>();
  auto held = access_.HeldLocks(caller.bearer_token);
  if (!held.ok()) return held.status();
  return std::optional<std::set<std::string>>(std::in_place, held->begin(), held->end());
}

absl::StatusOr<v1::Lock> Org::GetLock(const Caller& caller, const v1::GetLockRequest& req) {
  if (auto s = core::ValidateUuid(req.lock_id(), "lock_id"); !s.ok()) return s;
  auto held = HeldLocksOf(caller);
  if (!held.ok()) return held.status();
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::Lock> {
    auto subject = SubjectOf(tx, caller);
    if (!subject.ok()) return subject.status();
    auto l = store::FindLock(tx, subject->first.id, req.lock_id());
    if (!l) return internal::NotFound("lock", req.lock_id());
    if (*held && (*held)->count(l->id)) return ToProto(*l);  // O5: the tenant's own lock
    if (auto s = CheckScope(subject->second, l->department_ids, "lock " + l->id); !s.ok()) return s;
    return ToProto(*l);
  });
}

absl::StatusOr<v1::ListLocksResponse> Org::ListLocks(const Caller& caller,
                                                     const v1::ListLocksRequest& req) {
  if (!req.property_id().empty()) {
    if (auto s = core::ValidateUuid(req.property_id(), "property_id"); !s.ok()) return s;
  }
  if (!req.department_id().empty()) {
    if (auto s = core::ValidateUuid(req.department_id(), "department_id"); !s.ok()) return s;
  }
  auto size = core::PageSize(req.page_size());
  if (!size.ok()) return size.status();
  const std::string query = "locks|" + req.property_id() + "|" + req.department_id();
  auto after = internal::DecodeAfter(req.page_token(), query);
  if (!after.ok()) return after.status();
  auto held = HeldLocksOf(caller);
  if (!held.ok()) return held.status();
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::ListLocksResponse> {
    auto subject = SubjectOf(tx, caller);
    if (!subject.ok()) return subject.status();
    std::optional<std::set<std::string>> departments;
    // O5: a Lock User's locks are those they hold; a department only narrows them.
    if (!SeesWholeOrganisation(subject->second) && !*held) {
      departments = subject->second.departments;
    }
    if (!req.department_id().empty() && !subject->second.departmental) {
      return absl::InvalidArgumentError(
          "this organisation is flat: it has no departments to filter by (O1); leave "
          "department_id empty");
    }
    if (!req.department_id().empty()) {
      // One department, and only if it is in the caller's scope.
      bool in_scope = !departments || departments->count(req.department_id()) != 0;
      departments = std::set<std::string>();
      if (in_scope) departments->insert(req.department_id());
    }
    auto rows = store::ListLocks(tx, subject->first.id, departments, *held, req.property_id(),
                                 *after, *size + 1);
    v1::ListLocksResponse resp;
    for (int i = 0; i < static_cast<int>(rows.size()) && i < *size; ++i) {
      *resp.add_locks() = ToProto(rows[i]);
    }
    if (static_cast<int>(rows.size()) > *size) {
      const auto& last = rows[*size - 1];
      resp.set_next_page_token(core::EncodePageToken({last.sort_name, last.id}, query));
    }
    return resp;
  });
}

absl::StatusOr<v1::Lock> Org::UpdateLock(const Caller& caller, const v1::UpdateLockRequest& req) {
  const v1::Lock& in = req.lock();
  if (auto s = core::ValidateUuid(in.id(), "lock.id"); !s.ok()) return s;
  if (req.update_mask().paths_size() == 0) {
    return absl::InvalidArgumentError(
        "update_mask must list the fields to change: name, activity_log_interval, "
        "heartbeat_interval");
  }
  std::set<std::string> paths;
  for (const auto& p : req.update_mask().paths()) {
    if (p != "name" && p != "activity_log_interval" && p != "heartbeat_interval") {
      return absl::InvalidArgumentError(absl::StrCat(
          "update_mask path '", p,
          "' cannot be changed: use name, activity_log_interval or heartbeat_interval"));
    }
    paths.insert(p);
  }
  std::string name;
  if (paths.count("name")) {
    auto n = core::NormalizeText(in.name(), "lock.name", 100);
    if (!n.ok()) return n.status();
    name = *n;
  }
  bool intervals = paths.count("activity_log_interval") || paths.count("heartbeat_interval");
  absl::Duration activity = FromDuration(in.activity_log_interval());
  absl::Duration heartbeat = FromDuration(in.heartbeat_interval());
  if (paths.count("activity_log_interval")) {
    if (auto s = ValidateActivityLogInterval(activity); !s.ok()) return s;
  }
  if (paths.count("heartbeat_interval")) {
    if (auto s = ValidateHeartbeatInterval(heartbeat); !s.ok()) return s;
  }
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::Lock> {
    auto subject = SubjectOf(tx, caller);
    if (!subject.ok()) return subject.status();
    auto l = store::FindLock(tx, subject->first.id, in.id(), /*lock=*/true);
    if (!l) return internal::NotFound("lock", in.id());
    if (auto s = CheckScope(subject->second, l->department_ids, "lock " + l->id); !s.ok()) return s;
    if (intervals && !FindLockModel(l->model).value_or(LockModel{}).nbiot) {
      return absl::FailedPreconditionError(absl::StrCat(
          "lock \"", l->name, "\" is a ", l->model,
          ": only NB-IoT locks (INB1) have activity-log and heartbeat intervals (L3)"));
    }
    if (paths.count("name")) l->name = name;
    if (paths.count("activity_log_interval")) l->activity_log_interval = activity;
    if (paths.count("heartbeat_interval")) l->heartbeat_interval = heartbeat;
    l->updated_at = clock_.Now();
    store::UpdateLock(tx, *l);
    if (intervals) {
      // L3: the gateway hands them over at the lock's next heartbeat.
      v1::LockIntervalsChanged event;
      event.set_organisation_id(l->organisation_id);
      event.set_lock_id(l->id);
      *event.mutable_activity_log_interval() = ToDuration(*l->activity_log_interval);
      *event.mutable_heartbeat_interval() = ToDuration(*l->heartbeat_interval);
      events::PublishMessage(tx, config_.events_stream, l->organisation_id, event);
    }
    internal::Audit(tx, caller, "lock.updated", "lock", l->id,
                    {{"changed", std::vector<std::string>(paths.begin(), paths.end())}});
    return ToProto(*l);
  });
}

absl::StatusOr<v1::Lock> Org::SetLockProperties(const Caller& caller,
                                                const v1::SetLockPropertiesRequest& req) {
  if (auto s = core::ValidateUuid(req.lock_id(), "lock_id"); !s.ok()) return s;
  std::vector<std::string> properties = Ids(req.property_ids());
  if (auto s = internal::ValidateIds(properties, "property_ids"); !s.ok()) return s;
  return ChangeKeepingD6(caller, [&](pqxx::work& tx, const D6Check& d6) -> absl::StatusOr<v1::Lock> {
    auto subject = SubjectOf(tx, caller);
    if (!subject.ok()) return subject.status();
    const std::string& org_id = subject->first.id;
    auto l = store::FindLock(tx, org_id, req.lock_id(), /*lock=*/true);
    if (!l) return internal::NotFound("lock", req.lock_id());
    if (auto s = CheckScope(subject->second, l->department_ids, "lock " + l->id); !s.ok()) return s;
    if (subject->second.role == Role::kLockUser) {
      return absl::PermissionDeniedError("a Lock User cannot move locks (O5)");
    }
    if (properties.empty()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "lock \"", l->name, "\" must keep at least one property (P4)"));
    }
    auto zone = CheckLockPlaces(tx, org_id, subject->second, properties);
    if (!zone.ok()) return zone.status();
    if (*zone != l->time_zone) {
      return absl::FailedPreconditionError(absl::StrCat(
          "lock \"", l->name, "\" is in time zone ", l->time_zone, ", the properties in ", *zone,
          ": a lock stays in its properties' zone (P2)"));
    }
    store::SetLockProperties(tx, l->id, properties);
    if (auto s = d6(tx, {l->id}); !s.ok()) return s;
    l->updated_at = clock_.Now();
    store::UpdateLock(tx, *l);
    internal::Audit(tx, caller, "lock.properties_set", "lock", l->id,
                    {{"property_ids", properties}});
    return ToProto(*store::FindLock(tx, org_id, l->id));
  });
}

absl::StatusOr<v1::CheckLockScopeResponse> Org::CheckLockScope(
    const Caller& caller, const v1::CheckLockScopeRequest& req) {
  std::vector<std::string> ids = Ids(req.lock_ids());
  if (ids.empty()) return absl::InvalidArgumentError("lock_ids must name at least one lock");
  if (auto s = internal::ValidateIds(ids, "lock_ids", core::kMaxLocksPerRequest); !s.ok()) return s;
  if (!req.member_user_id().empty()) {
    if (auto s = core::ValidateUuid(req.member_user_id(), "member_user_id"); !s.ok()) return s;
  }
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::CheckLockScopeResponse> {
    auto subject = SubjectOf(tx, caller);
    if (!subject.ok()) return subject.status();
    std::map<std::string, store::LockRow> found;
    for (auto& l : store::FindLocks(tx, subject->first.id, ids)) found.emplace(l.id, std::move(l));
    const std::set<std::string> bridged = store::LocksWithBridge(tx, ids);
    std::set<std::string> member_departments;
    if (!req.member_user_id().empty()) {
      member_departments = store::DepartmentsOfUser(tx, subject->first.id, req.member_user_id());
    }
    v1::CheckLockScopeResponse resp;
    resp.set_departmental(subject->second.departmental);
    for (const auto& id : ids) {
      auto* out = resp.add_locks();
      out->set_lock_id(id);
      auto it = found.find(id);
      if (it == found.end()) {
        out->set_reason("lock " + id + " not found");  // O6: also for other organisations
        continue;
      }
      absl::Status s = CheckScope(subject->second, it->second.department_ids, "lock " + id);
      out->set_allowed(s.ok());
      out->set_department_count(static_cast<int>(it->second.department_ids.size()));
      if (!s.ok()) {
        out->set_reason(std::string(s.message()));
        continue;
      }
      out->set_model(it->second.model);
      out->set_time_zone(it->second.time_zone);
      out->set_has_bridge(bridged.count(id) != 0);
      out->set_two_factor_capable(FindLockModel(it->second.model).value_or(LockModel{}).two_factor);
      bool member = !subject->second.departmental;
      for (const auto& d : it->second.department_ids) {
        out->add_department_ids(d);
        member = member || member_departments.count(d) != 0;
      }
      out->set_member_in_department(member && !req.member_user_id().empty());
    }
    return resp;
  });
}

}  // namespace keyway::org
