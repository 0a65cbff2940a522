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

PinStep AfterAddJob(const PinFacts& pin, const JobOutcome& o) {
  const int known = pin.job_recreated ? 2 : 1;
  if (o.attempt < known) return PinStep::kNothing;  // an earlier attempt's, heard late
  switch (o.word) {
    case Word::kCompleted:
      if (pin.status == "pending") return PinStep::kActivate;
      if (pin.status != "deleted") return PinStep::kNothing;  // active, or its delete follows
      // The lock holds it. Only a recreation nobody undid makes that right.
      return o.attempt > known && !pin.deleted_by_person ? PinStep::kActivateRecreated
                                                         : PinStep::kTakeOff;
    case Word::kFailed:
      return pin.status == "pending" ? PinStep::kFail : PinStep::kNothing;
    case Word::kRecreated:
      if (o.attempt <= known) return PinStep::kNothing;  // heard already
      if (pin.status == "pending") return PinStep::kNoteRecreated;
      // A person who deleted the PIN meanwhile wins: jobs drops the job.
      return pin.status == "deleted" && !pin.deleted_by_person ? PinStep::kRevive
                                                               : PinStep::kNothing;
    case Word::kDeleted:
      if (pin.status == "pending") return PinStep::kDropJob;
      return pin.status == "deleted" ? PinStep::kForgetJob : PinStep::kNothing;
  }
  return PinStep::kNothing;
}

PinStep AfterDeleteJob(const PinFacts& pin, const JobOutcome& o) {
  // Whatever delete job of the PIN landed or failed (the lock held nothing),
  // the lock no longer holds it: also after a person deleted that job.
  const bool on_lock = pin.status == "deleting" || pin.status == "active";
  switch (o.word) {
    case Word::kCompleted:
    case Word::kFailed:
      return on_lock ? PinStep::kDeletedAtLock : PinStep::kNothing;
    case Word::kDeleted:
      return pin.status == "deleting" && pin.pending_job_id == o.job_id ? PinStep::kKeepActive
                                                                         : PinStep::kNothing;
    case Word::kRecreated:
      return PinStep::kNothing;
  }
  return PinStep::kNothing;
}

}  // namespace

absl::StatusOr<std::optional<JobOutcome>> ReadJobOutcome(const events::Event& event) {
  if (event.type == jv1::JobCompleted().GetTypeName()) return Read<jv1::JobCompleted>(event, Word::kCompleted);
  if (event.type == jv1::JobFailed().GetTypeName()) return Read<jv1::JobFailed>(event, Word::kFailed);
  if (event.type == jv1::JobRecreated().GetTypeName()) return Read<jv1::JobRecreated>(event, Word::kRecreated);
  if (event.type == jv1::JobDeleted().GetTypeName()) return Read<jv1::JobDeleted>(event, Word::kDeleted);
  return std::nullopt;
}

bool InferOldOutcome(const PinFacts& pin, JobOutcome& outcome) {
  if (outcome.kind != jv1::JOB_KIND_UNSPECIFIED) return true;
  if (outcome.job_id != pin.pending_job_id) return false;
  outcome.kind = pin.status == "deleting" ? jv1::JOB_KIND_DELETE_CUSTOM_PIN : jv1::JOB_KIND_ADD_CUSTOM_PIN;
  outcome.attempt = pin.job_recreated ? 2 : 1;
  if (outcome.word == Word::kRecreated) outcome.attempt = 2;
  return true;
}

PinStep NextStep(const PinFacts& pin, const JobOutcome& outcome) {
  switch (outcome.kind) {
    case jv1::JOB_KIND_ADD_CUSTOM_PIN: return AfterAddJob(pin, outcome);
    case jv1::JOB_KIND_DELETE_CUSTOM_PIN: return AfterDeleteJob(pin, outcome);
    default: return PinStep::kNothing;  // Remote PINs and keys wait for no job
  }
}

}  // namespace keyway::access
