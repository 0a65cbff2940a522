#include "device_answer.h"

#include "absl/strings/str_cat.h"

namespace keyway::locksim {

gateway::v1::JobResult AnswerJob(lockmodel::Lock& lock, const gateway::v1::DeviceJob& job) {
  gateway::v1::JobResult r;
  r.set_job_id(job.job_id());
  auto answer = lock.Receive(job.sealed());
  if (!answer.ok()) {
    r.set_outcome(jobs::v1::JOB_OUTCOME_NOT_REACHED);
    r.set_reason(absl::StrCat("the lock refused the job: ", answer.status().message()));
    return r;
  }
  r.set_outcome(answer->outcome);
  r.set_reason(answer->reason);
  r.set_signature(answer->signature);
  return r;
}

}  // namespace keyway::locksim
