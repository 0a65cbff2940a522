// What reaches a lock came through a phone or a Bridge, either of which may
// lie. Input: a first byte picking the part, then the bytes: a job body,
// sealed here as access would (so that the fuzzer reaches the decoding of
// every kind) and received; a Bluetooth key credential the app presents;
// codes typed at the keypad; or bytes as a sealed job, which never open. The
// lock model answers each; it never crashes, and what it refuses changes
// nothing.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "keyway/core/clock.h"
#include "keyway/jobs/v1/lock_job.pb.h"
#include "keyway/jobseal/sealed_job.h"
#include "keyway/lockmodel/lock.h"

namespace {

using namespace keyway::lockmodel;

const absl::Time kEpoch = absl::FromUnixSeconds(1'772'323'200);  // 2026-03-01

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string input(reinterpret_cast<const char*>(data) + 1, size - 1);
  keyway::core::FakeClock clock(kEpoch + absl::Hours(1000));
  Lock lock({std::string(16, 'l'), std::string(32, 's'), kEpoch, "lock-1"}, clock);
  const std::string secret(32, 's');
  switch (data[0] % 4) {
    case 0: {
      keyway::jobs::v1::LockJobBody body;
      if (!body.ParseFromString(input)) break;
      const std::string sealed = keyway::jobseal::SealJob(
          secret, {body.job_id(), "lock-1", body.kind(), body.counter(), body.request(),
                   absl::InfiniteFuture()});
      const size_t pins = lock.custom_pin_count();
      auto answer = lock.Receive(sealed);
      if (!answer.ok()) break;
      if (answer->outcome != keyway::jobs::v1::JOB_OUTCOME_COMPLETED && lock.custom_pin_count() != pins) {
        std::abort();
      }
      // Received twice is applied once.
      const size_t after = lock.custom_pin_count();
      auto again = lock.Receive(sealed);
      if (answer->outcome == keyway::jobs::v1::JOB_OUTCOME_COMPLETED &&
          (!again.ok() || again->outcome != answer->outcome || lock.custom_pin_count() != after)) {
        std::abort();
      }
      break;
    }
    case 1:
      if (lock.PresentKey(input) == Outcome::kOpened) std::abort();  // nobody sealed it
      break;
    case 2: {
      // Codes separated by '#', as typed one after the other.
      size_t start = 0;
      while (start <= input.size()) {
        size_t end = input.find('#', start);
        if (end == std::string::npos) end = input.size();
        (void)lock.TypePin(input.substr(start, end - start));
        clock.Advance(absl::Seconds(7));
        start = end + 1;
      }
      break;
    }
    case 3:
      if (lock.Receive(input).ok()) std::abort();  // nobody sealed it
      break;
  }
  return 0;
}
