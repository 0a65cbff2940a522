// U1, U4, U5: the users of an organisation, and its audit trail (K2).
#include <set>

#include <google/protobuf/util/field_mask_util.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "identity.h"
#include "identity_internal.h"
#include "keyway/audit/audit.h"
#include "keyway/audit/trail.h"
#include "keyway/core/paging.h"
#include "keyway/events/event.h"
#include "keyway/identity/v1/identity_events.pb.h"
#include "keyway/pg/transaction.h"
#include "user_proto.h"
#include "keyway/core/text.h"
#include "validation.h"

namespace keyway::identity {
namespace {

using auth::Role;
using internal::AuditUserChange;
using internal::UserNotFound;

absl::Status RequireAdmin(const Caller& caller, const char* action) {
  return auth::RequireRole(caller.principal, {Role::kOwner, Role::kAdmin}, action);
}

// O3-O5: Owners, Admins and Managers see the organisation's users; a Lock
// User sees only themself.
absl::Status RequireUserReader(const Caller& caller, const std::string& user_id) {
  if (caller.principal.role == Role::kLockUser && user_id != caller.principal.user_id) {
    return absl::PermissionDeniedError("a Lock User can see only their own profile");
  }
  return absl::OkStatus();
}

// Guards shared by every change to another user.
absl::Status CheckMayChange(const Caller& caller, const store::Member& target,
                            const char* action) {
  if (target.role == Role::kOwner && caller.principal.role != Role::kOwner) {
    return absl::PermissionDeniedError(absl::StrCat("only the Owner may ", action, " the Owner"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::User> Identity::GetUser(const Caller& caller, const v1::GetUserRequest& req) {
  if (auto s = core::ValidateUuid(req.user_id(), "user_id"); !s.ok()) return s;
  if (auto s = RequireUserReader(caller, req.user_id()); !s.ok()) return s;
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::User> {
    auto member = store::FindMember(tx, caller.principal.organisation_id, req.user_id());
    if (!member) return UserNotFound(req.user_id());
    return ToUserProto(*member);
  });
}

absl::StatusOr<v1::ListUsersResponse> Identity::ListUsers(const Caller& caller,
                                                          const v1::ListUsersRequest& req) {
  if (caller.principal.role == Role::kLockUser) {
    return absl::PermissionDeniedError("only Owner, Admin or Manager may list users; you are Lock User");
  }
  if (!v1::UserStatus_IsValid(req.status())) {
    return absl::InvalidArgumentError(
        "status must be USER_STATUS_INVITED, USER_STATUS_ACTIVE, USER_STATUS_DEACTIVATED or "
        "unspecified for all");
  }
  if (req.query().size() > kMaxQueryLength) {
    return absl::InvalidArgumentError("query is longer than 200 characters");
  }
  if (!core::IsCleanText(req.query())) {
    return absl::InvalidArgumentError("query must be text without control characters");
  }
  auto size = core::PageSize(req.page_size());
  if (!size.ok()) return size.status();
  store::ListFilter filter{StatusName(req.status()), req.query(), std::nullopt, *size + 1};
  const std::string query_key = absl::StrCat("users|", filter.status, "|", filter.query);
  if (!req.page_token().empty()) {
    auto position = core::DecodePageToken(req.page_token(), query_key);
    if (!position.ok()) return position.status();
    if (position->size() != 2) return absl::InvalidArgumentError("page_token is not valid");
    filter.after = std::make_pair((*position)[0], (*position)[1]);
  }
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::ListUsersResponse> {
    auto members = store::ListMembers(tx, caller.principal.organisation_id, filter);
    v1::ListUsersResponse resp;
    resp.set_total_size(store::CountMembers(tx, caller.principal.organisation_id, filter));
    for (size_t i = 0; i < members.size() && static_cast<int>(i) < *size; ++i) {
      *resp.add_users() = ToUserProto(members[i].member);
    }
    if (static_cast<int>(members.size()) > *size) {
      const auto& last = members[*size - 1];
      resp.set_next_page_token(
          core::EncodePageToken({last.sort_name, last.member.person.id}, query_key));
    }
    return resp;
  });
}

absl::StatusOr<v1::User> Identity::UpdateUser(const Caller& caller,
                                              const v1::UpdateUserRequest& req) {
  if (auto s = RequireAdmin(caller, "edit users"); !s.ok()) return s;
  const v1::User& in = req.user();
  if (auto s = core::ValidateUuid(in.id(), "user.id"); !s.ok()) return s;
  if (req.update_mask().paths_size() == 0) {
    return absl::InvalidArgumentError("update_mask must list the fields to change: role, name, mobile");
  }
  std::set<std::string> paths;
  for (const auto& path : req.update_mask().paths()) {
    if (path != "role" && path != "name" && path != "mobile") {
      return absl::InvalidArgumentError(
          absl::StrCat("update_mask path '", path, "' cannot be changed: use role, name or mobile"));
    }
    paths.insert(path);
  }
  std::optional<Role> new_role;
  if (paths.count("role")) {
    new_role = AssignableRole(in.role());
    if (!new_role) {
      return absl::InvalidArgumentError("role must be ROLE_ADMIN, ROLE_MANAGER or ROLE_LOCK_USER");
    }
  }
  std::string new_name, new_mobile;
  if (paths.count("name")) {
    auto n = NormalizeName(in.name());
    if (!n.ok()) return n.status();
    new_name = *n;
  }
  if (paths.count("mobile")) {
    auto m = NormalizeMobile(in.mobile());
    if (!m.ok()) return m.status();
    new_mobile = *m;
  }
  const auth::Principal& p = caller.principal;
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::User> {
    auto member = store::FindMember(tx, p.organisation_id, in.id(), /*for_update=*/true);
    if (!member) return UserNotFound(in.id());
    if (auto s = CheckMayChange(caller, *member, "edit"); !s.ok()) return s;
    if (new_role && member->role == Role::kOwner) {
      return absl::FailedPreconditionError("the Owner's role cannot change: an organisation has one Owner");
    }
    const absl::Time now = clock_.Now();
    nlohmann::json details = nlohmann::json::object();
    std::vector<std::string> changed;
    if (paths.count("name") && new_name != member->name) {
      changed.push_back("name");
      member->name = new_name;
    }
    bool mobile_changed = paths.count("mobile") && new_mobile != member->mobile;
    if (mobile_changed) {
      changed.push_back("mobile");
      member->mobile = new_mobile;
      member->mobile_verified = false;  // U4: verified again before 2FA access works
    }
    Role old_role = member->role;
    bool role_changed = new_role && *new_role != old_role;
    if (role_changed) {
      changed.push_back("role");
      member->role = *new_role;
      details["old_role"] = auth::RoleName(old_role);
      details["new_role"] = auth::RoleName(*new_role);
    }
    if (changed.empty()) return ToUserProto(*member);  // nothing to record
    store::UpdateMember(tx, *member, now);
    if (role_changed) {
      v1::UserRoleChanged event;
      event.set_organisation_id(p.organisation_id);
      event.set_user_id(in.id());
      event.set_old_role(ToProtoRole(old_role));
      event.set_new_role(ToProtoRole(*new_role));
      events::PublishMessage(tx, config_.events_stream, p.organisation_id, event);
    }
    if (mobile_changed) {
      internal::PublishMemberEvent<v1::UserMobileChanged>(tx, config_.events_stream,
                                                          p.organisation_id, in.id());
    }
    details["changed"] = changed;
    AuditUserChange(tx, p.organisation_id, p.user_id, caller.peer, "user.updated", in.id(), details);
    return ToUserProto(*member);
  });
}

absl::StatusOr<v1::User> Identity::DeactivateUser(const Caller& caller,
                                                  const v1::DeactivateUserRequest& req) {
  if (auto s = RequireAdmin(caller, "deactivate users"); !s.ok()) return s;
  if (auto s = core::ValidateUuid(req.user_id(), "user_id"); !s.ok()) return s;
  const auth::Principal& p = caller.principal;
  if (req.user_id() == p.user_id) {
    return absl::FailedPreconditionError("you cannot deactivate yourself");
  }
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::User> {
    auto member = store::FindMember(tx, p.organisation_id, req.user_id(), /*for_update=*/true);
    if (!member) return UserNotFound(req.user_id());
    if (member->role == Role::kOwner) {
      return absl::FailedPreconditionError("the Owner cannot be deactivated");
    }
    if (member->status == "invited") {
      return absl::FailedPreconditionError(
          "the user has not accepted the invitation yet: cancel the invitation instead");
    }
    if (member->status == "deactivated") return ToUserProto(*member);  // already done
    const absl::Time now = clock_.Now();
    member->status = "deactivated";
    store::UpdateMember(tx, *member, now);
    // U5: every session ends now; access tokens already issued are refused
    // because their session is checked on every call.
    int sessions = store::RevokeSessionsOf(tx, p.organisation_id, req.user_id(), "deactivated", now);
    internal::PublishMemberEvent<v1::UserDeactivated>(tx, config_.events_stream,
                                                      p.organisation_id, req.user_id());
    AuditUserChange(tx, p.organisation_id, p.user_id, caller.peer, "user.deactivated",
                    req.user_id(), {{"sessions_revoked", sessions}});
    return ToUserProto(*member);
  });
}

absl::StatusOr<v1::User> Identity::ReactivateUser(const Caller& caller,
                                                  const v1::ReactivateUserRequest& req) {
  if (auto s = RequireAdmin(caller, "reactivate users"); !s.ok()) return s;
  if (auto s = core::ValidateUuid(req.user_id(), "user_id"); !s.ok()) return s;
  const auth::Principal& p = caller.principal;
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::User> {
    auto member = store::FindMember(tx, p.organisation_id, req.user_id(), /*for_update=*/true);
    if (!member) return UserNotFound(req.user_id());
    if (member->status != "deactivated") {
      return absl::FailedPreconditionError(
          absl::StrCat("the user is not deactivated (", member->status, ")"));
    }
    const absl::Time now = clock_.Now();
    member->status = "active";
    store::UpdateMember(tx, *member, now);
    internal::PublishMemberEvent<v1::UserReactivated>(tx, config_.events_stream,
                                                      p.organisation_id, req.user_id());
    AuditUserChange(tx, p.organisation_id, p.user_id, caller.peer, "user.reactivated",
                    req.user_id());
    return ToUserProto(*member);
  });
}

absl::StatusOr<v1::ListAuditEventsResponse> Identity::ListAuditEvents(
    const Caller& caller, const v1::ListAuditEventsRequest& req) {
  return audit::ReadTrail<v1::ListAuditEventsResponse>(pool_, caller.principal, req.page_size(),
                                                       req.page_token());
}

}  // namespace keyway::identity
