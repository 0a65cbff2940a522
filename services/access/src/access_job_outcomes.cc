// What the jobs service says a lock did with a Custom PIN's jobs, applied to
// the PIN (job_outcome.h decides; this writes it down).
#include "absl/strings/str_cat.h"
#include "access.h"
#include "access_internal.h"
#include "job_outcome.h"
#include "keyway/core/text.h"

namespace keyway::access {

absl::Status Access::ApplyJobEvent(pqxx::work& tx, const events::Event& event) {
  auto read = ReadJobOutcome(event);
  if (!read.ok()) return read.status();
  if (!read->has_value()) return absl::OkStatus();
  JobOutcome o = std::move(**read);
  if (o.kind == keyway::jobs::v1::JOB_KIND_ROTATE_SECRET) {
    if (o.word != JobOutcome::Word::kCompleted && o.word != JobOutcome::Word::kFailed) {
      return absl::OkStatus();  // jobs neither deletes nor recreates a rotation
    }
    return ApplyRotationOutcome(tx, o.organisation_id, o.job_id, o.word == JobOutcome::Word::kCompleted);
  }
  if (!core::ValidateUuid(o.job_id, "job_id").ok() || !core::ValidateUuid(o.access_id, "access_id").ok()) {
    return absl::OkStatus();  // a job for no access: a command, new intervals
  }
  auto a = store::FindAccess(tx, o.organisation_id, o.access_id, true);
  if (!a || a->type != "custom_pin") return absl::OkStatus();
  const PinFacts pin{.status = a->status,
                     .pending_job_id = a->pending_job_id,
                     .job_recreated = a->job_recreated,
                     .deleted_by_person = !a->deleted_by.empty(),
                     .at_lock = AtLockFromName(a->at_lock),
                     .final_delete_job_id = a->final_delete_job_id};
  if (!InferOldOutcome(pin, o)) return absl::OkStatus();
  const PinDecision decision = Decide(pin, o);
  const absl::Time now = clock_.Now();
  auto audit = [&](const std::string& action) {
    internal::AuditBySystem(tx, a->organisation_id, action, a->id,
                            {{"job_id", o.job_id}, {"attempt", o.attempt}, {"reason", o.reason}});
  };
  // A recreated job's PIN comes back only while its digits are no other live PIN's.
  auto digits_taken = [&] { return store::LiveCustomPinExists(tx, a->lock_id, a->pin_digest); };
  const std::string taken = "its job was recreated, but its digits are another live PIN's now";
  switch (decision.step) {
    case PinStep::kNothing:
      break;
    case PinStep::kActivate:
      store::SetStatus(tx, a->id, "active", "");  // A5, A6: the lock has it
      audit("access.activated");
      break;
    case PinStep::kActivateRecreated:
      if (digits_taken()) {
        TakeCustomPinOffLock(tx, "system", *a, a->deleted_by, taken + ": a delete job takes it off the lock",
                             true);
        audit("access.taken_off_lock");
        break;
      }
      store::ReviveForRecreatedJob(tx, a->id);
      store::SetStatus(tx, a->id, "active", "");
      audit("access.activated");
      break;
    case PinStep::kFail:
      // Deleted, still naming its job: the job may be recreated (J4).
      store::MarkJobFailed(tx, a->id, now, absl::StrCat("the lock refused the PIN: ", o.reason));
      audit("access.job_failed");
      break;
    case PinStep::kRevive:
      if (digits_taken()) {
        // It stays deleted, and its recreated job is not to reach the lock.
        store::MarkDeleted(tx, a->id, now, "", taken);
        PublishAccessDeleted(tx, *a, o.job_id);
      } else {
        store::ReviveForRecreatedJob(tx, a->id);  // J4: pending again
      }
      audit("access.job_recreated");
      break;
    case PinStep::kDropJob:
      store::MarkDeleted(tx, a->id, now, "", "its job was deleted before it reached the lock");
      audit("access.job_deleted");
      break;
    case PinStep::kForgetJob:
      store::MarkDeleted(tx, a->id, now, "", a->status_reason);  // no job to recreate now
      audit("access.job_deleted");
      break;
    case PinStep::kTakeOff:
      // The add reached the lock after the PIN was deleted here (its job was
      // deleted on its way, or a recreate crossed a person's delete): it
      // must not open the door the list says it no longer opens.
      TakeCustomPinOffLock(tx, "system", *a, a->deleted_by,
                           o.kind == keyway::jobs::v1::JOB_KIND_ADD_CUSTOM_PIN
                               ? "it reached the lock after it was deleted: a delete job takes it off"
                               : "its recreated add may have reached the lock after a delete: another "
                                 "delete job takes it off",
                           true);
      audit("access.taken_off_lock");
      break;
    case PinStep::kDeletedAtLock:
      store::MarkDeleted(tx, a->id, now, "",
                         o.word == JobOutcome::Word::kFailed ? absl::StrCat("the lock reported: ", o.reason) : "");
      audit("access.deleted_at_lock");  // A13: gone from the lock
      break;
    case PinStep::kKeepActive:
      store::SetStatus(tx, a->id, "active", "", "its delete job was deleted: the lock still holds this PIN");
      audit("access.job_deleted");
      break;
    case PinStep::kAwaitAdd:
      store::SetStatus(tx, a->id, "pending", a->add_job_id, "its delete job was deleted: it waits for its add job");
      audit("access.job_deleted");
      break;
    case PinStep::kDeletedUnsent:
      store::MarkDeleted(tx, a->id, now, "", "its delete job was deleted, and the lock does not hold this PIN");
      audit("access.job_deleted");
      break;
  }
  if (decision.at_lock) store::SetAtLock(tx, a->id, AtLockName(*decision.at_lock));
  if (decision.raises_attempt) store::MarkJobRecreated(tx, a->id);
  return absl::OkStatus();
}

}  // namespace keyway::access
