#pragma once
// S6: a job sealed for one lock. access seals it under a key derived from the
// lock's secret; the lock opens it and applies only what opens. Whoever
// carries it between them (jobs, the gateway, the phone app, a Bridge) can
// neither make one nor change one: not its kind, its lock, its payload or
// its window, and a counter per lock lets the lock refuse a replay.

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "keyway/jobs/v1/jobs_service.pb.h"

namespace keyway::jobseal {

struct LockJob {
  std::string job_id;
  std::string lock_id;
  keyway::jobs::v1::JobKind kind = keyway::jobs::v1::JOB_KIND_UNSPECIFIED;
  uint64_t counter = 0;   // from 1, per lock, in the order access sealed them
  std::string request;    // the serialized request the kind needs (see lock_job.proto)
  absl::Time not_after = absl::InfiniteFuture();  // L6: commands only
  bool operator==(const LockJob&) const = default;
};

// A serialized keyway.jobs.v1.SealedLockJob.
std::string SealJob(const std::string& lock_secret, const LockJob& job);

// The job, when `sealed` is a job sealed under `lock_secret` for `lock_id`;
// UNAUTHENTICATED for anything else (malformed, altered, forged, or sealed
// for another lock), saying which.
absl::StatusOr<LockJob> OpenJob(const std::string& lock_secret, const std::string& lock_id,
                                const std::string& sealed);

}  // namespace keyway::jobseal
