#include "job_outcome.h"

#include <algorithm>
#include <type_traits>

namespace keyway::access {
namespace {

namespace jv1 = keyway::jobs::v1;
using Word = JobOutcome::Word;

template <typename Message>
absl::StatusOr<std::optional<JobOutcome>> Read(const events::Event& event, Word word) {
  Message m;
  if (!m.ParseFromString(event.payload)) return absl::DataLossError("unreadable job event");
  JobOutcome o;
  o.word = word;
  o.job_id = m.job_id();
  o.organisation_id = m.organisation_id();
  o.lock_id = m.lock_id();
  o.access_id = m.access_id();
  o.kind = m.kind();
  o.attempt = std::max(1, m.attempt());
  if constexpr (std::is_same_v<Message, jv1::JobFailed>) o.reason = m.reason();
  return o;
}

PinDecision AfterAddJob(const PinFacts& pin, const JobOutcome& o) {
  const int known = pin.job_recreated ? 2 : 1;
  if (o.attempt < known) return {};  // an earlier attempt's, heard late
  const bool newer = o.attempt > known;  // its recreation is not heard yet
  PinDecision d;
  d.raises_attempt = newer;
  switch (o.word) {
    case Word::kCompleted:
      // Even when a delete may have landed after it, the lock is asked to
      // delete it again: a needless delete job finds nothing, and settles it.
      d.at_lock = AtLock::kHeld;
      if (pin.status == "pending") {
        d.step = PinStep::kActivate;
      } else if (pin.status == "deleted") {
        // The lock holds it. Only a recreation of the failure that deleted it
        // (the PIN still names the job), and that nobody undid, makes that right.
        d.step = newer && !pin.deleted_by_person && pin.pending_job_id == o.job_id
                     ? PinStep::kActivateRecreated
                     : PinStep::kTakeOff;
      }  // active: heard already; deleting: its delete job follows
      return d;
    case Word::kFailed:
      if (pin.status == "active") return {};
      d.at_lock = AtLock::kAbsent;
      if (pin.status == "pending") d.step = PinStep::kFail;
      return d;  // deleting: its delete job finds nothing, and settles it
    case Word::kRecreated:
      if (!newer) return {};  // heard already
      d.at_lock = AtLock::kSent;  // the second attempt is on its way
      // A person who deleted the PIN meanwhile wins: jobs drops the job, and
      // a take-off follows if it landed all the same.
      if (pin.status == "deleted" && !pin.deleted_by_person && pin.pending_job_id == o.job_id) {
        d.step = PinStep::kRevive;
      }
      return d;  // pending: the recreation overtook the failure; it waits on
    case Word::kDeleted:
      // Deleted while on its way, and it landed: what the lock holds counts.
      if (pin.at_lock == AtLock::kHeld) return {};
      if (pin.status == "pending") {
        d.step = PinStep::kDropJob;
        d.at_lock = AtLock::kDropped;
      } else if (pin.status == "deleting") {
        d.at_lock = AtLock::kDropped;
      } else if (pin.status == "deleted") {
        d.step = PinStep::kForgetJob;  // a recreation heard late will not revive it
        d.at_lock = AtLock::kDropped;
      }
      return d;
  }
  return {};
}

PinDecision AfterDeleteJob(const PinFacts& pin, const JobOutcome& o) {
  PinDecision d;
  switch (o.word) {
    case Word::kCompleted:
    case Word::kFailed:
      if (pin.job_recreated && pin.at_lock == AtLock::kHeld && o.job_id != pin.final_delete_job_id) {
        // Made before access knew its recreated add landed: that add keeps
        // its age and may have reached the lock after this delete.
        if (pin.status == "active" || pin.status == "pending" ||
            (pin.status == "deleting" && pin.pending_job_id == o.job_id)) {
          d.step = PinStep::kTakeOff;
        }  // else another delete job is on its way
        return d;
      }
      // Whatever delete job of the PIN landed or found nothing (the lock held
      // nothing), the lock no longer holds it: also after a person deleted
      // that job, or when the PIN was pending again.
      d.at_lock = AtLock::kAbsent;
      if (pin.status == "deleted") {
        if (!pin.pending_job_id.empty()) d.step = PinStep::kForgetJob;  // its failed add is not revived
      } else {
        d.step = PinStep::kDeletedAtLock;
      }
      return d;
    case Word::kDeleted:
      if (pin.status != "deleting" || pin.pending_job_id != o.job_id) return {};
      switch (pin.at_lock) {
        case AtLock::kHeld: d.step = PinStep::kKeepActive; break;
        case AtLock::kSent: d.step = PinStep::kAwaitAdd; break;
        case AtLock::kAbsent:
        case AtLock::kDropped: d.step = PinStep::kDeletedUnsent; break;
      }
      return d;
    case Word::kRecreated:
      return {};
  }
  return {};
}

}  // namespace

absl::StatusOr<std::optional<JobOutcome>> ReadJobOutcome(const events::Event& event) {
  if (event.type == jv1::JobCompleted().GetTypeName()) return Read<jv1::JobCompleted>(event, Word::kCompleted);
  if (event.type == jv1::JobFailed().GetTypeName()) return Read<jv1::JobFailed>(event, Word::kFailed);
  if (event.type == jv1::JobRecreated().GetTypeName()) return Read<jv1::JobRecreated>(event, Word::kRecreated);
  if (event.type == jv1::JobDeleted().GetTypeName()) return Read<jv1::JobDeleted>(event, Word::kDeleted);
  return std::nullopt;
}

const char* AtLockName(AtLock at) {
  switch (at) {
    case AtLock::kSent: return "sent";
    case AtLock::kHeld: return "held";
    case AtLock::kAbsent: return "absent";
    case AtLock::kDropped: return "dropped";
  }
  return "sent";
}

AtLock AtLockFromName(const std::string& name) {
  if (name == "held") return AtLock::kHeld;
  if (name == "absent") return AtLock::kAbsent;
  if (name == "dropped") return AtLock::kDropped;
  return AtLock::kSent;
}

bool InferOldOutcome(const PinFacts& pin, JobOutcome& outcome) {
  if (outcome.kind != jv1::JOB_KIND_UNSPECIFIED) return true;
  if (outcome.job_id != pin.pending_job_id) return false;
  outcome.kind = pin.status == "deleting" ? jv1::JOB_KIND_DELETE_CUSTOM_PIN : jv1::JOB_KIND_ADD_CUSTOM_PIN;
  outcome.attempt = pin.job_recreated ? 2 : 1;
  // A recreation, or a completion of a job whose failure deleted the PIN, is
  // the job's second attempt.
  if (outcome.word == Word::kRecreated ||
      (outcome.word == Word::kCompleted && pin.status == "deleted")) {
    outcome.attempt = 2;
  }
  return true;
}

PinDecision Decide(const PinFacts& pin, const JobOutcome& outcome) {
  switch (outcome.kind) {
    case jv1::JOB_KIND_ADD_CUSTOM_PIN: return AfterAddJob(pin, outcome);
    case jv1::JOB_KIND_DELETE_CUSTOM_PIN: return AfterDeleteJob(pin, outcome);
    default: return {};  // Remote PINs and keys wait for no job
  }
}

}  // namespace keyway::access
