// Sealed jobs and signed results reach jobs and locks through phones and
// Bridges, which may lie. Input: a first byte picking the part. 0: bytes as a
// sealed job: they never open (the fuzzer cannot forge the MAC), and nothing
// crashes. 1: bytes as a job body, sealed here: opening gives back what was
// sealed. 2: bytes as a result signature: it never verifies.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "keyway/jobs/v1/lock_job.pb.h"
#include "keyway/jobseal/job_result.h"
#include "keyway/jobseal/sealed_job.h"

namespace {

const std::string kSecret(32, 's');
const std::string kLock = "lock-1";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace keyway::jobseal;
  if (size == 0) return 0;
  const std::string input(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 3) {
    case 0:
      if (OpenJob(kSecret, kLock, input).ok()) std::abort();
      break;
    case 1: {
      keyway::jobs::v1::LockJobBody body;
      if (!body.ParseFromString(input)) break;
      LockJob job{body.job_id(), kLock, body.kind(), body.counter(), body.request(),
                  absl::InfiniteFuture()};
      auto opened = OpenJob(kSecret, kLock, SealJob(kSecret, job));
      if (opened.ok() != (job.counter > 0 && !job.job_id.empty())) std::abort();
      if (opened.ok() && !(*opened == job)) std::abort();
      break;
    }
    case 2:
      if (VerifyResult(ResultKey(kSecret), {kLock, "job-1", keyway::jobs::v1::JOB_OUTCOME_COMPLETED, ""},
                       input)) {
        std::abort();
      }
      break;
  }
  return 0;
}
