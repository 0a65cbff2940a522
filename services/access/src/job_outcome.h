#pragma once
// How a Custom PIN follows what its lock did with its jobs (A5, A6, A13, J2,
// J4). access decides whether a PIN should be on its lock; the jobs service's
// outcomes say what the lock did. They can arrive out of order (several
// relays or consumers) and late (a job deleted while on its way, a recreate
// crossing a person's delete), so each outcome names its job's kind and
// attempt, access keeps what it believes the lock holds (`at_lock`), and a
// PIN that reached its lock after access deleted it is taken off again: the
// lock never keeps a PIN the access list does not show. Pure.

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "keyway/events/event.h"
#include "keyway/jobs/v1/job_events.pb.h"

namespace keyway::access {

struct JobOutcome {
  enum class Word { kCompleted, kFailed, kRecreated, kDeleted };
  Word word = Word::kCompleted;
  std::string job_id, organisation_id, lock_id, access_id;
  std::string reason;  // kFailed: the lock's words
  keyway::jobs::v1::JobKind kind = keyway::jobs::v1::JOB_KIND_UNSPECIFIED;
  int attempt = 1;  // 2 once the job was recreated (J4)
};

// nullopt for an event that is no job outcome; DATA_LOSS for one unreadable.
absl::StatusOr<std::optional<JobOutcome>> ReadJobOutcome(const events::Event& event);

// What access believes the lock holds of the PIN.
enum class AtLock {
  kSent,     // its add job is on its way
  kHeld,     // the add landed
  kAbsent,   // the add failed, or a delete landed
  kDropped,  // its add job was deleted unsettled: it may still land
};
const char* AtLockName(AtLock at);       // as stored
AtLock AtLockFromName(const std::string& name);

// What access knows of the PIN the outcome names.
struct PinFacts {
  std::string status;         // "pending", "active", "deleting", "deleted"
  std::string pending_job_id;
  bool job_recreated = false;  // its add job is on its second attempt
  bool deleted_by_person = false;
  AtLock at_lock = AtLock::kSent;
  // The delete job access made knowing the lock held the PIN: its landing is
  // final. One made before (a recreated add keeps its age, and may reach the
  // lock after it) is followed by another delete.
  std::string final_delete_job_id = "";
};

enum class PinStep {
  kNothing,
  kActivate,            // the add landed: active (A5, A6)
  kActivateRecreated,   // the recreated add landed before its JobRecreated was heard
  kFail,                // the add failed (J2): deleted, its job recreatable (J4)
  kRevive,              // J4: the failed add was recreated: pending again
  kDropJob,             // the pending add was deleted: the PIN goes
  kForgetJob,           // the failed add was deleted: no job left to recreate
  kTakeOff,             // the lock holds a PIN access deleted: a delete job takes it off
  kDeletedAtLock,       // the delete job landed, or found nothing to delete
  kKeepActive,          // the delete job was deleted: the lock still holds the PIN
  kAwaitAdd,            // the delete job was deleted before the add landed: pending again
  kDeletedUnsent,       // the delete job was deleted, and the lock has no PIN to keep
};

struct PinDecision {
  PinStep step = PinStep::kNothing;
  std::optional<AtLock> at_lock;  // what the lock holds now, when the outcome says
  bool raises_attempt = false;    // access learns of the add job's second attempt
};

// An outcome published before outcomes named their kind counts only for the
// job the PIN waits for; this gives it the kind and attempt that job has.
// False when it is not that job.
bool InferOldOutcome(const PinFacts& pin, JobOutcome& outcome);

PinDecision Decide(const PinFacts& pin, const JobOutcome& outcome);

}  // namespace keyway::access
