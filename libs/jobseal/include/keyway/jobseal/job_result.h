#pragma once
// S6: what a lock did with a job, signed by the lock. The signing key is an
// Ed25519 key derived from the lock's secret; access hands its public half
// to the jobs service with each sealed job, so that jobs can check a result
// without holding anything that could make one.

#include <string>

#include "keyway/jobs/v1/jobs_service.pb.h"

namespace keyway::jobseal {

struct JobResultFacts {
  std::string lock_id;
  std::string job_id;
  keyway::jobs::v1::JobOutcome outcome = keyway::jobs::v1::JOB_OUTCOME_UNSPECIFIED;
  std::string reason;
};

// The 32-byte public key results of the lock with `lock_secret` verify under.
std::string ResultKey(const std::string& lock_secret);

// The lock's 64-byte signature of `facts`.
std::string SignResult(const std::string& lock_secret, const JobResultFacts& facts);

// Whether `signature` is the lock's (`result_key`) over exactly `facts`.
bool VerifyResult(const std::string& result_key, const JobResultFacts& facts,
                  const std::string& signature);

}  // namespace keyway::jobseal
