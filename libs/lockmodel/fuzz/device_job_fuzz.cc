// What reaches a lock came through a phone or a Bridge, either of which may
// lie. Input: a first byte picking the part, then the bytes: a DeviceJob as
// the Bridge or app hands it over (read and applied), a Bluetooth key
// credential the app presents, or codes typed at the keypad. The lock model
// answers each; it never crashes, and what it refuses changes nothing.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "keyway/core/clock.h"
#include "keyway/lockmodel/device_job.h"
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
  switch (data[0] % 3) {
    case 0: {
      keyway::gateway::v1::DeviceJob device;
      if (!device.ParseFromString(input)) break;
      auto job = JobFromDevice(device, std::string(32, 's'));
      if (!job.ok()) break;
      const size_t pins = lock.custom_pin_count();
      absl::Status applied = lock.Apply(*job);
      if (!applied.ok() && lock.custom_pin_count() != pins) std::abort();
      // Applied twice is applied once.
      const size_t after = lock.custom_pin_count();
      if (applied.ok() && (!lock.Apply(*job).ok() || lock.custom_pin_count() != after)) std::abort();
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
  }
  return 0;
}
