// A8-A12, U5: Bluetooth keys and 2FA access, the access a person holds.
#include "absl/strings/str_cat.h"
#include "access.h"
#include "access_internal.h"
#include "keyway/core/random.h"
#include "keyway/core/text.h"
#include "keyway/identity/v1/identity_events.pb.h"
#include "keyway/idempotency/idempotency.h"
#include "keyway/lockmodel/key_credential.h"
#include "keyway/pg/transaction.h"
#include "keyway/rpc/proto_time.h"

namespace keyway::access {
namespace {

using identity::v1::Role;
using internal::Audit;
using internal::ToProto;
using rpc::FromTimestamp;
using rpc::ToTimestamp;

const char* TypeWords(const std::string& type) {
  return type == "bluetooth_key" ? "a Bluetooth key" : "2FA access";
}

absl::Status RequireLockUser(const UserFacts& user, const std::string& type) {
  if (user.role != identity::v1::ROLE_LOCK_USER) {
    return absl::FailedPreconditionError(absl::StrCat(
        "user ", user.id, " is an Owner, Admin or Manager, who open the locks in their scope with "
        "the app by default: ", TypeWords(type), " is made for Lock Users only (A8)"));
  }
  if (user.status == identity::v1::USER_STATUS_DEACTIVATED) {
    return absl::FailedPreconditionError(absl::StrCat(
        "user ", user.id, " is deactivated: reactivate them first (U5)"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::CreateBluetoothKeyResponse> Access::CreateBluetoothKey(
    const Caller& caller, const v1::CreateBluetoothKeyRequest& req) {
  const auto& p = req.permissions();
  if (!p.unlock() && !p.sync() && !p.firmware_update()) {
    return absl::InvalidArgumentError(
        "permissions must allow at least one of unlock, sync and firmware_update (A8)");
  }
  auto access = CreateHeldAccess(caller, "bluetooth_key", req.lock_id(), req.user_id(), &p,
                                 req.has_start_time() ? &req.start_time() : nullptr,
                                 req.has_end_time() ? &req.end_time() : nullptr, req.request_id(), req);
  if (!access.ok()) return access.status();
  v1::CreateBluetoothKeyResponse resp;
  *resp.mutable_access() = *access;
  return resp;
}

absl::StatusOr<v1::CreateTwoFactorAccessResponse> Access::CreateTwoFactorAccess(
    const Caller& caller, const v1::CreateTwoFactorAccessRequest& req) {
  auto access = CreateHeldAccess(caller, "two_factor", req.lock_id(), req.user_id(), nullptr,
                                 req.has_start_time() ? &req.start_time() : nullptr,
                                 req.has_end_time() ? &req.end_time() : nullptr, req.request_id(), req);
  if (!access.ok()) return access.status();
  v1::CreateTwoFactorAccessResponse resp;
  *resp.mutable_access() = *access;
  return resp;
}

absl::StatusOr<v1::Access> Access::CreateHeldAccess(
    const Caller& caller, const std::string& type, const std::string& lock_id,
    const std::string& user_id, const v1::KeyPermissions* permissions,
    const google::protobuf::Timestamp* start_time, const google::protobuf::Timestamp* end_time,
    const std::string& request_id, const google::protobuf::Message& request) {
  if (auto s = core::ValidateUuid(lock_id, "lock_id"); !s.ok()) return s;
  if (auto s = core::ValidateUuid(user_id, "user_id"); !s.ok()) return s;
  if (auto s = idempotency::ValidateKey(request_id); !s.ok()) return s;
  if (caller.principal.role == auth::Role::kLockUser) {
    return absl::PermissionDeniedError(absl::StrCat(
        "only an Owner, Admin or Manager gives ", TypeWords(type), "; you are a Lock User"));
  }
  const absl::Time now = clock_.Now();
  const absl::Time start = start_time ? FromTimestamp(*start_time) : now;
  if (!end_time) {
    return absl::InvalidArgumentError(absl::StrCat(TypeWords(type), " needs an end_time (A8)"));
  }
  const absl::Time end = FromTimestamp(*end_time);
  if (end <= start) return absl::InvalidArgumentError("end_time must be after start_time");
  if (end <= now) return absl::InvalidArgumentError("end_time is already past");

  auto lock = scopes_.Describe(caller.bearer_token, lock_id, user_id);
  if (!lock.ok()) return lock.status();
  auto user = users_.Find(caller.bearer_token, user_id);
  if (!user.ok()) return user.status();
  if (auto s = RequireLockUser(*user, type); !s.ok()) return s;
  if (lock->departmental && !lock->member_in_department) {
    return absl::FailedPreconditionError(absl::StrCat(
        "user ", user_id, " is not a member of lock ", lock_id,
        "'s department: add them to it first (A9)"));
  }
  if (type == "two_factor") {
    if (!lock->two_factor_capable) {
      return absl::FailedPreconditionError(absl::StrCat(
          "lock ", lock_id, " is a ", lock->model,
          ", which has no 2FA: 2FA access needs an NB-IoT 2FA model such as INB1-2FA (A10)"));
    }
    if (!user->mobile_verified) {
      return absl::FailedPreconditionError(absl::StrCat(
          "user ", user_id, " has no verified mobile number: 2FA access needs one (A10)"));
    }
  }
  const std::string& org = caller.principal.organisation_id;
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::Access> {
    return idempotency::Run<v1::Access>(
        tx, absl::StrCat("Create/", type, "/", org, "/", caller.principal.user_id), request_id,
        request, [&](pqxx::work& tx) -> absl::StatusOr<v1::Access> {
          // One at a time per user, deactivation included (U5), so that two
          // creates cannot both pass the check below and no key outlives a
          // deactivation that raced with it.
          store::LockUser(tx, org, user_id);
          if (store::IsDeactivated(tx, org, user_id)) {
            return absl::FailedPreconditionError(absl::StrCat(
                "user ", user_id, " is deactivated: reactivate them first (U5)"));
          }
          for (const auto& held : store::LiveHeldAccesses(tx, org, user_id, lock_id, now)) {
            if (held.type == type) {
              return absl::AlreadyExistsError(absl::StrCat(
                  "user ", user_id, " already holds ", TypeWords(type), " on this lock until ",
                  internal::FormatWhen(held.end.value_or(absl::InfiniteFuture())),
                  ": change its end instead (A12)"));
            }
          }
          store::AccessRow row;
          row.id = core::NewUuid();
          row.organisation_id = org;
          row.lock_id = lock_id;
          row.type = type;
          row.status = "active";
          row.name = user->name.empty() ? user->email : user->name;
          row.start = start;
          row.end = end;
          row.created_by = caller.principal.user_id;
          row.created_at = now;
          row.user_id = user_id;
          if (permissions) {
            row.permissions = internal::PermissionNames(*permissions);
            row.key_id = core::NewUuid();
          }
          store::InsertAccess(tx, row);
          if (type == "bluetooth_key") {
            // A8: the holder is told by email and finds the key in the app.
            v1::BluetoothKeyGranted granted;
            granted.set_organisation_id(org);
            granted.set_access_id(row.id);
            granted.set_lock_id(lock_id);
            granted.set_user_id(user_id);
            *granted.mutable_permissions() = *permissions;
            *granted.mutable_start_time() = ToTimestamp(start);
            *granted.mutable_end_time() = ToTimestamp(end);
            granted.set_granted_by_user_id(caller.principal.user_id);
            events::PublishMessage(tx, config_.events_stream, org, granted);
          }
          Audit(tx, caller, absl::StrCat("access.", type, "_created"), "access", row.id,
                {{"lock_id", lock_id}, {"user_id", user_id}, {"permissions", row.permissions}});
          return ToProto(row);
        });
  });
}

absl::StatusOr<v1::Access> Access::UpdateAccess(const Caller& caller,
                                                const v1::UpdateAccessRequest& req) {
  if (!req.has_end_time()) {
    return absl::InvalidArgumentError("end_time is required: it is the only field that changes (A12)");
  }
  if (caller.principal.role == auth::Role::kLockUser) {
    return absl::PermissionDeniedError("only an Owner, Admin or Manager changes access; you are a Lock User");
  }
  auto row = FindInScope(caller, req.access_id());
  if (!row.ok()) return row.status();
  if (row->type != "bluetooth_key" && row->type != "two_factor") {
    return absl::FailedPreconditionError(
        "Remote and Custom PINs cannot be edited: delete this one and create another (A12)");
  }
  const absl::Time end = FromTimestamp(req.end_time());
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::Access> {
    auto a = store::FindAccess(tx, caller.principal.organisation_id, row->id, true);
    if (!a) return internal::AccessNotFound(row->id);
    const absl::Time now = clock_.Now();
    const absl::Time old_end = a->end.value_or(absl::InfiniteFuture());
    if (a->status != "active" || old_end <= now) {
      return absl::FailedPreconditionError(absl::StrCat(
          "this access ended on ", internal::FormatWhen(old_end),
          " or was deleted: only access that has not expired is edited (A12)"));
    }
    if (end <= now || end <= a->start) {
      return absl::InvalidArgumentError("end_time must be in the future and after the start");
    }
    std::string key_id = a->key_id;
    if (a->type == "bluetooth_key" && end < old_end) {
      // The old credential carries the old end and the lock checks it
      // offline: revoke it there; the app fetches a credential under a new id.
      RevokeKeyAtLock(tx, caller.principal.user_id, *a, a->key_id);
      key_id = core::NewUuid();
    }
    store::SetEnd(tx, a->id, end, key_id);
    Audit(tx, caller, "access.end_changed", "access", a->id,
          {{"from", internal::FormatWhen(old_end)}, {"to", internal::FormatWhen(end)}});
    a->end = end;
    return ToProto(*a);
  });
}

absl::StatusOr<v1::GetKeyCredentialResponse> Access::GetKeyCredential(
    const Caller& caller, const v1::GetKeyCredentialRequest& req) {
  auto row = FindInScope(caller, req.access_id());
  if (!row.ok()) return row.status();
  if (row->type != "bluetooth_key") {
    return absl::FailedPreconditionError("only a Bluetooth key has a credential for the app");
  }
  if (row->user_id != caller.principal.user_id) {
    return absl::PermissionDeniedError("only the key's holder receives its credential (K4)");
  }
  const absl::Time now = clock_.Now();
  if (row->status != "active" || !row->end || *row->end <= now) {
    return absl::FailedPreconditionError("this key was deleted or has expired");
  }
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::GetKeyCredentialResponse> {
    auto secret = LockSecret(tx, row->organisation_id, row->lock_id);
    if (!secret.ok()) return secret.status();
    const v1::KeyPermissions p = internal::PermissionsOf(row->permissions);
    lockmodel::KeyCredential key{.key_id = row->key_id,
                                 .user_id = row->user_id,
                                 .lock_id = row->lock_id,
                                 .permissions = {p.unlock(), p.sync(), p.firmware_update()},
                                 .start = row->start,
                                 .end = *row->end};
    v1::GetKeyCredentialResponse resp;
    resp.set_credential(lockmodel::IssueKeyCredential(*secret, key));
    *resp.mutable_end_time() = ToTimestamp(*row->end);
    return resp;
  });
}

absl::StatusOr<v1::Access> Access::GetMyLockKey(const Caller& caller,
                                                const v1::GetMyLockKeyRequest& req) {
  if (auto s = core::ValidateUuid(req.lock_id(), "lock_id"); !s.ok()) return s;
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::Access> {
    const absl::Time now = clock_.Now();
    for (const auto& held : store::LiveHeldAccesses(tx, caller.principal.organisation_id,
                                                    caller.principal.user_id, req.lock_id(), now)) {
      if (held.type == "bluetooth_key" && held.start <= now) return ToProto(held);
    }
    return absl::NotFoundError(absl::StrCat("you hold no Bluetooth key on lock ", req.lock_id(),
                                            " that is valid now"));
  });
}

absl::Status Access::ApplyIdentityEvent(pqxx::work& tx, const events::Event& event) {
  if (event.type == identity::v1::UserMobileChanged().GetTypeName()) {
    identity::v1::UserMobileChanged e;
    if (!e.ParseFromString(event.payload)) return absl::DataLossError("unreadable UserMobileChanged");
    // U4: their 2FA access pauses until the new number is verified.
    store::SetMobileUnverified(tx, e.organisation_id(), e.user_id(), clock_.Now());
    return absl::OkStatus();
  }
  if (event.type == identity::v1::UserMobileVerified().GetTypeName()) {
    identity::v1::UserMobileVerified e;
    if (!e.ParseFromString(event.payload)) return absl::DataLossError("unreadable UserMobileVerified");
    store::SetMobileUnverified(tx, e.organisation_id(), e.user_id(), std::nullopt);
    return absl::OkStatus();
  }
  if (event.type == identity::v1::UserReactivated().GetTypeName()) {
    identity::v1::UserReactivated e;
    if (!e.ParseFromString(event.payload)) return absl::DataLossError("unreadable UserReactivated");
    store::LockUser(tx, e.organisation_id(), e.user_id());
    store::SetDeactivated(tx, e.organisation_id(), e.user_id(), false);  // keys are made anew (U5)
    return absl::OkStatus();
  }
  if (event.type == identity::v1::InvitationCancelled().GetTypeName()) {
    identity::v1::InvitationCancelled e;
    if (!e.ParseFromString(event.payload)) return absl::DataLossError("unreadable InvitationCancelled");
    // A9: keys granted before the person accepted go with the invitation.
    store::LockUser(tx, e.organisation_id(), e.user_id());
    DeleteHeldAccesses(tx, e.organisation_id(), e.user_id(), "the invitation was cancelled (A9)",
                       "access.deleted_on_invitation_cancelled");
    return absl::OkStatus();
  }
  if (event.type != identity::v1::UserDeactivated().GetTypeName()) return absl::OkStatus();
  identity::v1::UserDeactivated e;
  if (!e.ParseFromString(event.payload)) return absl::DataLossError("unreadable UserDeactivated");
  // U5: the user's keys and 2FA access go; the PINs they made stay.
  store::LockUser(tx, e.organisation_id(), e.user_id());
  store::SetDeactivated(tx, e.organisation_id(), e.user_id(), true);
  DeleteHeldAccesses(tx, e.organisation_id(), e.user_id(), "the user was deactivated (U5)",
                     "access.deleted_on_deactivation");
  return absl::OkStatus();
}

void Access::DeleteHeldAccesses(pqxx::work& tx, const std::string& organisation_id,
                                const std::string& user_id, const std::string& reason,
                                const std::string& audit_action) {
  const absl::Time now = clock_.Now();
  for (const auto& held : store::LiveHeldAccesses(tx, organisation_id, user_id, "", now)) {
    store::MarkDeleted(tx, held.id, now, "", reason);
    if (held.type == "bluetooth_key") RevokeKeyAtLock(tx, "system", held, held.key_id);
    internal::AuditBySystem(tx, held.organisation_id, audit_action, held.id, {{"user_id", user_id}});
  }
}

}  // namespace keyway::access
