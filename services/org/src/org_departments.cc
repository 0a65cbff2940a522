// D1-D6: departments of a departmental organisation.
#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "keyway/core/limits.h"
#include "keyway/core/paging.h"
#include "keyway/core/random.h"
#include "keyway/core/text.h"
#include "keyway/events/event.h"
#include "keyway/idempotency/idempotency.h"
#include "keyway/org/v1/org_events.pb.h"
#include "keyway/pg/transaction.h"
#include "keeping_d6.h"
#include "org.h"
#include "org_internal.h"
#include "org_proto.h"

namespace keyway::org {
namespace {

using auth::Role;

absl::Status RequireAdmin(const Caller& caller, const char* action) {
  return auth::RequireRole(caller.principal, {Role::kOwner, Role::kAdmin}, action);
}

std::vector<std::string> Ids(const google::protobuf::RepeatedPtrField<std::string>& ids) {
  return {ids.begin(), ids.end()};
}

// NOT_FOUND naming the first of `ids` that is not a property of the organisation.
absl::Status CheckPropertiesExist(pqxx::work& tx, const std::string& org,
                                  const std::vector<std::string>& ids) {
  auto found = store::FindProperties(tx, org, ids);
  if (found.size() == ids.size()) return absl::OkStatus();
  std::set<std::string> have;
  for (const auto& p : found) have.insert(p.id);
  for (const auto& id : ids) {
    if (!have.count(id)) return internal::NotFound("property", id);
  }
  return absl::OkStatus();
}

// O4: members whose department count changed, so identity knows who may log in.
void PublishDepartmentCounts(pqxx::work& tx, const std::string& stream, const std::string& org,
                             const std::set<std::string>& users) {
  for (const auto& user : users) {
    v1::MemberDepartmentsChanged event;
    event.set_organisation_id(org);
    event.set_user_id(user);
    event.set_department_count(static_cast<int>(store::DepartmentsOfUser(tx, org, user).size()));
    events::PublishMessage(tx, stream, org, event);
  }
}

std::set<std::string> Union(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::set<std::string> out(a.begin(), a.end());
  out.insert(b.begin(), b.end());
  return out;
}

}  // namespace

absl::Status Org::CheckDepartmentMembers(const Caller& caller, const std::vector<std::string>& ids) {
  for (const auto& id : ids) {
    auto role = directory_.RoleOf(caller.bearer_token, id);
    if (role.status().code() == absl::StatusCode::kNotFound) {
      return absl::InvalidArgumentError(
          absl::StrCat("user ", id, " is not a member of this organisation"));
    }
    if (!role.ok()) return role.status();
    if (auth::IsOrganisationAdmin(*role)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "user ", id, " is ", auth::RoleTitle(*role),
          ": Owners and Admins belong to every department already (D4)"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::Department> Org::CreateDepartment(const Caller& caller,
                                                     const v1::CreateDepartmentRequest& req) {
  if (auto s = RequireAdmin(caller, "create departments"); !s.ok()) return s;
  auto name = core::NormalizeText(req.name(), "name", 100);
  if (!name.ok()) return name.status();
  std::vector<std::string> properties = Ids(req.property_ids());
  std::vector<std::string> members = Ids(req.member_user_ids());
  if (auto s = internal::ValidateIds(properties, "property_ids"); !s.ok()) return s;
  if (auto s = internal::ValidateIds(members, "member_user_ids"); !s.ok()) return s;
  if (auto s = idempotency::ValidateKey(req.request_id()); !s.ok()) return s;
  const std::string& org_id = caller.principal.organisation_id;
  {
    // O1 before anything else: a flat organisation has no departments at all.
    auto kind = pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<store::OrganisationRow> {
      auto org = store::FindOrganisation(tx, org_id);
      if (!org) return internal::NotFound("organisation", org_id);
      return *org;
    });
    if (!kind.ok()) return kind.status();
    if (auto s = internal::RequireDepartmental(*kind); !s.ok()) return s;
  }
  if (auto s = CheckDepartmentMembers(caller, members); !s.ok()) return s;
  return ChangeKeepingD6(caller, [&](pqxx::work& tx, const D6Check& d6) -> absl::StatusOr<v1::Department> {
    auto created = idempotency::Run<v1::Department>(
        tx, absl::StrCat("CreateDepartment/", org_id, "/", caller.principal.user_id),
        req.request_id(), req, [&](pqxx::work& tx) -> absl::StatusOr<v1::Department> {
          store::FindOrganisation(tx, org_id, /*lock=*/true);  // serialises D2's count
          if (store::CountDepartments(tx, org_id) >= kMaxDepartments) {
            return absl::FailedPreconditionError(absl::StrCat(
                "this organisation already has ", kMaxDepartments,
                " departments, the most allowed (D2): delete one first"));
          }
          if (store::DepartmentNameTaken(tx, org_id, *name, "")) {
            return absl::AlreadyExistsError(
                absl::StrCat("a department named \"", *name, "\" already exists (D1)"));
          }
          if (auto s = CheckPropertiesExist(tx, org_id, properties); !s.ok()) return s;
          const absl::Time now = clock_.Now();
          store::DepartmentRow d{core::NewUuid(), org_id, *name, now, now, properties, members, ""};
          store::InsertDepartment(tx, d);
          if (auto s = d6(tx, store::DepartmentLocks(tx, d.id)); !s.ok()) return s;
          PublishDepartmentCounts(tx, config_.events_stream, org_id, Union(members, {}));
          internal::Audit(tx, caller, "department.created", "department", d.id,
                          {{"name", d.name}, {"properties", properties.size()},
                           {"members", members.size()}});
          return ToProto(*store::FindDepartment(tx, org_id, d.id));
        });
    return created;
  });
}

absl::StatusOr<v1::Department> Org::GetDepartment(const Caller& caller,
                                                  const v1::GetDepartmentRequest& req) {
  if (auto s = core::ValidateUuid(req.department_id(), "department_id"); !s.ok()) return s;
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::Department> {
    auto subject = SubjectOf(tx, caller);
    if (!subject.ok()) return subject.status();
    auto& [org, scope] = *subject;
    if (auto s = internal::RequireDepartmental(org); !s.ok()) return s;
    auto d = store::FindDepartment(tx, org.id, req.department_id());
    if (!d) return internal::NotFound("department", req.department_id());
    if (auto s = CheckScope(scope, {d->id}, "department " + d->id); !s.ok()) return s;
    return ToProto(*d);
  });
}

absl::StatusOr<v1::ListDepartmentsResponse> Org::ListDepartments(
    const Caller& caller, const v1::ListDepartmentsRequest& req) {
  auto size = core::PageSize(req.page_size());
  if (!size.ok()) return size.status();
  auto after = internal::DecodeAfter(req.page_token(), "departments");
  if (!after.ok()) return after.status();
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::ListDepartmentsResponse> {
    auto subject = SubjectOf(tx, caller);
    if (!subject.ok()) return subject.status();
    auto& [org, scope] = *subject;
    if (auto s = internal::RequireDepartmental(org); !s.ok()) return s;
    if (scope.role == Role::kLockUser) {
      return absl::PermissionDeniedError("a Lock User does not see departments (O5)");
    }
    std::optional<std::set<std::string>> only;
    if (!SeesWholeOrganisation(scope)) only = scope.departments;
    auto rows = store::ListDepartments(tx, org.id, only, *after, *size + 1);
    v1::ListDepartmentsResponse resp;
    for (int i = 0; i < static_cast<int>(rows.size()) && i < *size; ++i) {
      *resp.add_departments() = ToProto(rows[i]);
    }
    if (static_cast<int>(rows.size()) > *size) {
      const auto& last = rows[*size - 1];
      resp.set_next_page_token(core::EncodePageToken({last.sort_name, last.id}, "departments"));
    }
    return resp;
  });
}

absl::StatusOr<v1::Department> Org::UpdateDepartment(const Caller& caller,
                                                     const v1::UpdateDepartmentRequest& req) {
  if (auto s = RequireAdmin(caller, "edit departments"); !s.ok()) return s;
  const v1::Department& in = req.department();
  if (auto s = core::ValidateUuid(in.id(), "department.id"); !s.ok()) return s;
  if (req.update_mask().paths_size() == 0) {
    return absl::InvalidArgumentError(
        "update_mask must list the fields to change: name, property_ids, member_user_ids");
  }
  std::set<std::string> paths;
  for (const auto& p : req.update_mask().paths()) {
    if (p != "name" && p != "property_ids" && p != "member_user_ids") {
      return absl::InvalidArgumentError(absl::StrCat(
          "update_mask path '", p, "' cannot be changed: use name, property_ids or member_user_ids"));
    }
    paths.insert(p);
  }
  std::string name;
  if (paths.count("name")) {
    auto n = core::NormalizeText(in.name(), "department.name", 100);
    if (!n.ok()) return n.status();
    name = *n;
  }
  std::vector<std::string> properties = Ids(in.property_ids());
  std::vector<std::string> members = Ids(in.member_user_ids());
  if (auto s = internal::ValidateIds(properties, "department.property_ids"); !s.ok()) return s;
  if (auto s = internal::ValidateIds(members, "department.member_user_ids"); !s.ok()) return s;
  if (paths.count("member_user_ids")) {
    if (auto s = CheckDepartmentMembers(caller, members); !s.ok()) return s;
  }
  const std::string& org_id = caller.principal.organisation_id;
  return ChangeKeepingD6(caller, [&](pqxx::work& tx, const D6Check& d6) -> absl::StatusOr<v1::Department> {
    auto subject = SubjectOf(tx, caller);
    if (!subject.ok()) return subject.status();
    if (auto s = internal::RequireDepartmental(subject->first); !s.ok()) return s;
    auto d = store::FindDepartment(tx, org_id, in.id(), /*lock=*/true);
    if (!d) return internal::NotFound("department", in.id());
    store::DepartmentRow before = *d;
    if (paths.count("name")) {
      if (store::DepartmentNameTaken(tx, org_id, name, d->id)) {
        return absl::AlreadyExistsError(
            absl::StrCat("a department named \"", name, "\" already exists (D1)"));
      }
      d->name = name;
    }
    if (paths.count("property_ids")) {
      if (auto s = CheckPropertiesExist(tx, org_id, properties); !s.ok()) return s;
      d->property_ids = properties;
    }
    if (paths.count("member_user_ids")) d->member_user_ids = members;
    d->updated_at = clock_.Now();
    std::vector<std::string> locks_before = store::DepartmentLocks(tx, d->id);
    store::UpdateDepartment(tx, *d);
    if (paths.count("property_ids")) {
      if (auto s = d6(tx, store::DepartmentLocks(tx, d->id)); !s.ok()) return s;
    }
    if (paths.count("member_user_ids")) {
      PublishDepartmentCounts(tx, config_.events_stream, org_id,
                              Union(before.member_user_ids, members));
    }
    internal::Audit(tx, caller, "department.updated", "department", d->id,
                    {{"changed", std::vector<std::string>(paths.begin(), paths.end())},
                     {"locks_before", locks_before.size()}});
    return ToProto(*store::FindDepartment(tx, org_id, d->id));
  });
}

absl::Status Org::DeleteDepartment(const Caller& caller, const v1::DeleteDepartmentRequest& req) {
  if (auto s = RequireAdmin(caller, "delete departments"); !s.ok()) return s;
  if (auto s = core::ValidateUuid(req.department_id(), "department_id"); !s.ok()) return s;
  const std::string& org_id = caller.principal.organisation_id;
  // D5: access is asked about the department's locks between two short
  // transactions, never while a row is locked; the second deletes only if the
  // department still has exactly the locks that were checked.
  auto checked = pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<std::vector<std::string>> {
    auto subject = SubjectOf(tx, caller);
    if (!subject.ok()) return subject.status();
    if (auto s = internal::RequireDepartmental(subject->first); !s.ok()) return s;
    auto d = store::FindDepartment(tx, org_id, req.department_id());
    if (!d) return internal::NotFound("department", req.department_id());
    return store::DepartmentLocks(tx, d->id);
  });
  if (!checked.ok()) return checked.status();
  AccessFacts::PinCount pins;
  for (size_t at = 0; at < checked->size(); at += core::kMaxLocksPerRequest) {
    std::vector<std::string> batch(
        checked->begin() + static_cast<long>(at),
        checked->begin() + static_cast<long>(std::min(checked->size(), at + core::kMaxLocksPerRequest)));
    auto counted = access_.CountActivePins(caller.bearer_token, batch);
    if (!counted.ok()) return counted.status();
    pins.pins += counted->pins;
    pins.locks += counted->locks;
  }
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::Status {
    auto d = store::FindDepartment(tx, org_id, req.department_id(), /*lock=*/true);
    if (!d) return internal::NotFound("department", req.department_id());
    if (pins.pins > 0) {
      return absl::FailedPreconditionError(absl::StrCat(
          "department \"", d->name, "\" still has ", pins.pins, " active PIN",
          pins.pins == 1 ? "" : "s", " on ", pins.locks, " lock", pins.locks == 1 ? "" : "s",
          " (D5): delete those PINs first (Bluetooth keys do not block)"));
    }
    if (store::DepartmentLocks(tx, d->id) != *checked) {
      return absl::AbortedError(absl::StrCat(
          "department \"", d->name, "\" gained or lost locks while its PINs were counted: try again"));
    }
    store::DeleteDepartment(tx, d->id);
    PublishDepartmentCounts(tx, config_.events_stream, org_id,
                            Union(d->member_user_ids, {}));
    internal::Audit(tx, caller, "department.deleted", "department", d->id, {{"name", d->name}});
    return absl::OkStatus();
  });
}

}  // namespace keyway::org
