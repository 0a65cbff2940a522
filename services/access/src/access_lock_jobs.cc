// S6: access alone holds the locks' secrets, so it seals every job a lock
// will apply: its own (PINs and keys), org's new intervals, and the jobs
// service's commands. Each takes the lock's next counter, against replays.
#include "absl/strings/str_cat.h"
#include "access.h"
#include "access_internal.h"
#include "keyway/auth/principal.h"
#include "keyway/core/log.h"
#include "keyway/core/random.h"
#include "keyway/core/seal.h"
#include "keyway/core/text.h"
#include "keyway/jobseal/job_result.h"
#include "keyway/jobseal/secret_rotation.h"
#include "keyway/org/v1/org_events.pb.h"
#include "keyway/pg/transaction.h"
#include "keyway/rpc/proto_time.h"

namespace keyway::access {
namespace {

namespace jv1 = keyway::jobs::v1;

// access's kinds as the jobs service (and the sealed job) name them.
jv1::JobKind JobKindOf(v1::LockJobRequested::Kind kind) {
  switch (kind) {
    case v1::LockJobRequested::KIND_ADD_CUSTOM_PIN: return jv1::JOB_KIND_ADD_CUSTOM_PIN;
    case v1::LockJobRequested::KIND_DELETE_CUSTOM_PIN: return jv1::JOB_KIND_DELETE_CUSTOM_PIN;
    case v1::LockJobRequested::KIND_REVOKE_REMOTE_PIN: return jv1::JOB_KIND_REVOKE_REMOTE_PIN;
    case v1::LockJobRequested::KIND_REVOKE_KEY: return jv1::JOB_KIND_REVOKE_KEY;
    case v1::LockJobRequested::KIND_SET_INTERVALS: return jv1::JOB_KIND_SET_INTERVALS;
    case v1::LockJobRequested::KIND_ROTATE_SECRET: return jv1::JOB_KIND_ROTATE_SECRET;
    default: return jv1::JOB_KIND_UNSPECIFIED;
  }
}

}  // namespace

absl::StatusOr<Access::SealedForLock> Access::SealForLock(pqxx::work& tx,
                                                          const std::string& organisation_id,
                                                          jobseal::LockJob job) {
  auto counter = store::TakeJobCounter(tx, organisation_id, job.lock_id);
  if (!counter) {
    return absl::NotFoundError(absl::StrCat("lock ", job.lock_id, " has no secret in organisation ",
                                            organisation_id, ": it was never paired there"));
  }
  // S7: while a rotation is on its way, jobs after it are sealed under the
  // new secret, which the lock takes first (jobs go oldest first); the
  // rotation itself under the secret the lock has.
  auto secret = LockSecret(tx, organisation_id, job.lock_id, nullptr,
                           job.kind == jv1::JOB_KIND_ROTATE_SECRET ? SecretFor::kPinsAndKeys
                                                                   : SecretFor::kJobs);
  if (!secret.ok()) return secret.status();
  job.counter = *counter;
  return SealedForLock{jobseal::SealJob(*secret, job), jobseal::ResultKey(*secret)};
}

void Access::RequestJob(pqxx::work& tx, const std::string& requested_by,
                        v1::LockJobRequested job) {
  job.set_requested_by_user_id(requested_by);
  // The lock reads the request as it is now, before the seal is added to it.
  auto sealed = SealForLock(tx, job.organisation_id(),
                            {job.job_id(), job.lock_id(), JobKindOf(job.kind()), 0,
                             job.SerializeAsString(), absl::InfiniteFuture()});
  if (sealed.ok()) {
    job.set_sealed_job(sealed->sealed_job);
    job.set_result_key(sealed->result_key);
  } else {
    // Every access on a lock was made with its secret, so this is a bug: the
    // job still shows (pending), and the lock refuses it.
    core::Log(core::Severity::kError, "a job for a lock without a secret")
        .With("job_id", job.job_id())
        .With("lock_id", job.lock_id())
        .With("error", sealed.status().ToString());
  }
  events::PublishMessage(tx, config_.events_stream, job.organisation_id(), job);
}

absl::Status Access::RequestIntervalsJob(pqxx::work& tx, const events::Event& event) {
  keyway::org::v1::LockIntervalsChanged changed;
  if (!changed.ParseFromString(event.payload)) {
    return absl::DataLossError("unreadable LockIntervalsChanged");
  }
  if (!core::ValidateUuid(changed.lock_id(), "lock_id").ok() ||
      changed.organisation_id() != event.organisation_id ||
      !core::ValidateUuid(event.id, "id").ok()) {
    return absl::InvalidArgumentError(
        "a LockIntervalsChanged without a lock or its stream's organisation");
  }
  // The event's id is the job's: one job per change, however often delivered.
  v1::LockJobRequested job;
  job.set_job_id(event.id);
  job.set_organisation_id(changed.organisation_id());
  job.set_lock_id(changed.lock_id());
  job.set_kind(v1::LockJobRequested::KIND_SET_INTERVALS);
  auto sealed = SealForLock(tx, job.organisation_id(),
                            {job.job_id(), job.lock_id(), jv1::JOB_KIND_SET_INTERVALS, 0,
                             event.payload, absl::InfiniteFuture()});
  if (!sealed.ok()) return sealed.status();  // a dead letter the operator sees
  job.set_sealed_job(sealed->sealed_job);
  job.set_result_key(sealed->result_key);
  events::PublishMessage(tx, config_.events_stream, job.organisation_id(), job);
  return absl::OkStatus();
}

absl::StatusOr<v1::SealLockCommandResponse> Access::SealLockCommand(
    const v1::SealLockCommandRequest& req) {
  if (req.organisation_id().empty()) return absl::InvalidArgumentError("organisation_id is required");
  if (auto s = core::ValidateUuid(req.lock_id(), "lock_id"); !s.ok()) return s;
  if (auto s = core::ValidateUuid(req.job_id(), "job_id"); !s.ok()) return s;
  if (req.kind() != jv1::JOB_KIND_LOCK && req.kind() != jv1::JOB_KIND_UNLOCK &&
      req.kind() != jv1::JOB_KIND_SYNC) {
    return absl::InvalidArgumentError("kind must be JOB_KIND_LOCK, JOB_KIND_UNLOCK or JOB_KIND_SYNC");
  }
  if (!req.has_not_after()) {
    return absl::InvalidArgumentError("not_after is required: a command is for now only (L6)");
  }
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::SealLockCommandResponse> {
    auto sealed = SealForLock(tx, req.organisation_id(),
                              {req.job_id(), req.lock_id(), static_cast<jv1::JobKind>(req.kind()), 0,
                               "", rpc::FromTimestamp(req.not_after())});
    if (!sealed.ok()) return sealed.status();
    v1::SealLockCommandResponse resp;
    resp.set_sealed_job(sealed->sealed_job);
    resp.set_result_key(sealed->result_key);
    return resp;
  });
}

absl::StatusOr<v1::RotateLockSecretResponse> Access::RotateLockSecret(
    const Caller& caller, const v1::RotateLockSecretRequest& req) {
  if (auto s = RequireSecretKeeper(caller, req.lock_id(), "rotate a lock's secret"); !s.ok()) return s;
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::RotateLockSecretResponse> {
    const std::string& organisation_id = caller.principal.organisation_id;
    auto row = store::FindLockSecret(tx, organisation_id, req.lock_id(), true);
    if (!row) {
      return internal::SecretStillBeingMade();
    }
    if (!row->rotation_job_id.empty()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "a rotation of lock ", req.lock_id(), "'s secret is on its way (job ", row->rotation_job_id,
          "): it lands first, at the lock's next sync or through its Bridge"));
    }
    auto current = core::Unseal(config_.key_encryption_key, row->sealed_secret);
    if (!current.ok()) return current.status();
    const std::string fresh = core::RandomBytes(32);
    v1::LockJobRequested job;
    job.set_job_id(core::NewUuid());
    job.set_organisation_id(organisation_id);
    job.set_lock_id(req.lock_id());
    job.set_kind(v1::LockJobRequested::KIND_ROTATE_SECRET);
    job.set_new_secret_sealed(jobseal::SealNewSecret(*current, fresh));
    RequestJob(tx, caller.principal.user_id, job);  // under the secret the lock has
    store::StartRotation(tx, req.lock_id(), core::Seal(config_.key_encryption_key, fresh), job.job_id());
    internal::Audit(tx, caller, "lock.secret_rotation_requested", "lock", req.lock_id(),
                    {{"job_id", job.job_id()}});
    v1::RotateLockSecretResponse resp;
    resp.set_job_id(job.job_id());
    return resp;
  });
}

absl::Status Access::ApplyRotationOutcome(pqxx::work& tx, const std::string& organisation_id,
                                          const std::string& job_id, bool completed) {
  if (!completed) {
    // The lock refused it and keeps its secret; so does access.
    store::AbandonRotation(tx, organisation_id, job_id);
    return absl::OkStatus();
  }
  auto lock = store::FinishRotation(tx, organisation_id, job_id);
  if (!lock) return absl::OkStatus();  // delivered twice, or no rotation
  // Their digits no longer open the lock: say so rather than list them live.
  for (const auto& id : store::DeleteLiveRemotePins(
           tx, *lock, "the lock's secret was rotated: Remote PINs of the old secret no longer open it",
           clock_.Now())) {
    internal::AuditBySystem(tx, organisation_id, "access.deleted", id,
                            {{"reason", "lock secret rotated"}, {"job_id", job_id}});
  }
  internal::AuditBySystem(tx, organisation_id, "lock.secret_rotated", *lock, {{"job_id", job_id}},
                          "lock");
  return absl::OkStatus();
}

}  // namespace keyway::access
