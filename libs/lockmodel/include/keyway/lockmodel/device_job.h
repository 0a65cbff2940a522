#pragma once
// What a lock makes of a job Keyway sealed for it (S6): access's
// LockJobRequested, org's LockIntervalsChanged, or a Bridge command (no
// request), in the lock model's terms, the Custom PIN opened with the lock's
// own secret. Lock::Receive opens the seal and reads the job with this.

#include <string>

#include "absl/status/statusor.h"
#include "keyway/access/v1/access_events.pb.h"
#include "keyway/jobseal/sealed_job.h"
#include "keyway/lockmodel/lock.h"

namespace keyway::lockmodel {

// FAILED_PRECONDITION when the sealed PIN does not open under `secret` (a
// job for another lock, or a lock whose secret changed).
absl::StatusOr<Job> JobFromRequest(const keyway::access::v1::LockJobRequested& request,
                                   const std::string& secret);
// A job whose seal verified: its request read by its kind.
absl::StatusOr<Job> JobFromSealed(const jobseal::LockJob& sealed, const std::string& secret);

}  // namespace keyway::lockmodel
