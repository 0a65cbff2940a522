// L3, L4: an NB-IoT lock speaks to Keyway itself, with heartbeats; it proves
// which lock it is with a credential issued here, and learns its intervals
// from the gateway, which asks here at each heartbeat.
#include "absl/strings/str_cat.h"
#include "keyway/core/hash.h"
#include "keyway/core/random.h"
#include "keyway/core/text.h"
#include "keyway/pg/transaction.h"
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
    // "<lock id>.<secret>": the id finds the lock, the secret proves it (K4).
    const std::string secret = core::RandomToken(32);
    store::SetDeviceCredential(tx, l->organisation_id, l->id, core::Sha256Hex(secret));
    internal::Audit(tx, caller, "lock.credential_issued", "lock", l->id, {});
    v1::IssueLockCredentialResponse resp;
    resp.set_device_credential(absl::StrCat(l->id, ".", secret));
    return resp;
  });
}

absl::StatusOr<v1::AuthenticateLockResponse> Org::AuthenticateLock(
    const v1::AuthenticateLockRequest& req) {
  const auto refused = absl::UnauthenticatedError("not a lock credential Keyway issued");
  const std::string& credential = req.device_credential();
  const size_t dot = credential.find('.');
  if (dot == std::string::npos) return refused;
  const std::string id = credential.substr(0, dot);
  const std::string secret = credential.substr(dot + 1);
  if (!core::ValidateUuid(id, "lock id").ok() || secret.empty()) return refused;
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::AuthenticateLockResponse> {
    auto lock = store::FindLockCredential(tx, id);
    if (!lock || lock->credential_hash.empty() ||
        !core::ConstantTimeEquals(core::Sha256Hex(secret), lock->credential_hash)) {
      return refused;
    }
    v1::AuthenticateLockResponse resp;
    resp.set_lock_id(id);
    resp.set_organisation_id(lock->organisation_id);
    if (lock->activity_log_interval) {
      *resp.mutable_activity_log_interval() = ToDuration(*lock->activity_log_interval);
    }
    if (lock->heartbeat_interval) *resp.mutable_heartbeat_interval() = ToDuration(*lock->heartbeat_interval);
    return resp;
  });
}

}  // namespace keyway::org
