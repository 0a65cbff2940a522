// L3, L4: an NB-IoT lock speaks to Keyway itself, with heartbeats; it proves
// which lock it is with a credential issued here, and learns its intervals
// from the gateway, which asks here at each heartbeat.
#include "absl/strings/str_cat.h"
#include "keyway/core/text.h"
#include "keyway/pg/transaction.h"
#include "device_credentials.h"
#include "lock_models.h"
#include "org.h"
#include "org_internal.h"
#include "org_proto.h"

namespace keyway::org {

absl::StatusOr<v1::IssueLockCredentialResponse> Org::IssueLockCredential(
    const Caller& caller, const v1::IssueLockCredentialRequest& req) {
  if (caller.principal.role == auth::Role::kLockUser) {
    return absl::PermissionDeniedError("a Lock User cannot issue lock credentials (O5)");
  }
  if (auto s = core::ValidateUuid(req.lock_id(), "lock_id"); !s.ok()) return s;
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::IssueLockCredentialResponse> {
    auto subject = SubjectOf(tx, caller);
    if (!subject.ok()) return subject.status();
    auto l = store::FindLock(tx, subject->first.id, req.lock_id(), /*lock=*/true);
    if (!l) return internal::NotFound("lock", req.lock_id());
    if (auto s = CheckScope(subject->second, l->department_ids, "lock " + l->id); !s.ok()) return s;
    if (!FindLockModel(l->model).value_or(LockModel{}).nbiot) {
      return absl::FailedPreconditionError(absl::StrCat(
          "lock \"", l->name, "\" is a ", l->model,
          ": only NB-IoT locks (INB1) send heartbeats and need a credential (L4)"));
    }
    auto issued = IssueDeviceCredential(l->id);
    store::SetDeviceCredential(tx, l->organisation_id, l->id, issued.hash);
    internal::Audit(tx, caller, "lock.credential_issued", "lock", l->id, {});
    v1::IssueLockCredentialResponse resp;
    resp.set_device_credential(issued.text);
    return resp;
  });
}

absl::StatusOr<v1::AuthenticateLockResponse> Org::AuthenticateLock(
    const v1::AuthenticateLockRequest& req) {
  const auto refused = absl::UnauthenticatedError("not a lock credential Keyway issued");
  auto id = CredentialDeviceId(req.device_credential());
  if (!id) return refused;
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::AuthenticateLockResponse> {
    auto lock = store::FindLockCredential(tx, *id);
    if (!lock || !CredentialMatches(req.device_credential(), lock->credential_hash)) return refused;
    v1::AuthenticateLockResponse resp;
    resp.set_lock_id(*id);
    resp.set_organisation_id(lock->organisation_id);
    if (lock->activity_log_interval) {
      *resp.mutable_activity_log_interval() = ToDuration(*lock->activity_log_interval);
    }
    if (lock->heartbeat_interval) *resp.mutable_heartbeat_interval() = ToDuration(*lock->heartbeat_interval);
    return resp;
  });
}

}  // namespace keyway::org

namespace keyway::org {

absl::Status Org::CheckLockOrganisation(const v1::CheckLockOrganisationRequest& req) {
  if (auto s = core::ValidateUuid(req.lock_id(), "lock_id"); !s.ok()) return s;
  if (req.organisation_id().empty()) return absl::InvalidArgumentError("organisation_id is required");
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::Status {
    if (!store::FindLock(tx, req.organisation_id(), req.lock_id())) {
      return absl::NotFoundError(absl::StrCat("lock ", req.lock_id(), " not found in organisation ",
                                              req.organisation_id()));
    }
    return absl::OkStatus();
  });
}

}  // namespace keyway::org
