// A Bridge's session messages, an NB-IoT lock's heartbeats and the phone
// app's sync reports arrive from devices anyone can hold. Input: a first
// byte picking the message type, then its protobuf bytes. Each parse that
// succeeds is checked: refused INVALID_ARGUMENT, or read into a report whose
// every line and text is within the bounds the database expects.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "device_messages.h"
#include "keyway/core/text.h"

namespace {

using namespace keyway::gateway;

const absl::Time kNow = absl::FromUnixSeconds(1'800'000'000);

void CheckReading(const absl::StatusOr<LockReading>& reading) {
  if (!reading.ok()) {
    if (reading.status().code() != absl::StatusCode::kInvalidArgument) std::abort();
    return;
  }
  if (reading->lines.size() > static_cast<size_t>(kMaxActivityLines)) std::abort();
  if (reading->battery_percent && (*reading->battery_percent < 0 || *reading->battery_percent > 100)) {
    std::abort();
  }
  for (const auto& line : reading->lines) {
    if (line.at > kNow + absl::Hours(24) || line.event.empty() || line.event.size() > 64 ||
        line.detail.size() > 200 || !keyway::core::IsCleanText(line.event) ||
        !keyway::core::IsCleanText(line.detail)) {
      std::abort();
    }
  }
  if (reading->carrier.size() > 64 || !keyway::core::IsCleanText(reading->carrier)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 3) {
    case 0: {
      v1::BridgeSessionRequest message;
      if (!message.ParseFromString(bytes)) break;
      absl::Status s = ValidateBridgeMessage(message, kNow);
      if (!s.ok() && s.code() != absl::StatusCode::kInvalidArgument) std::abort();
      if (s.ok() && message.has_report()) CheckReading(ReadLockReport(message.report(), kNow));
      break;
    }
    case 1: {
      v1::HeartbeatRequest heartbeat;
      if (!heartbeat.ParseFromString(bytes)) break;
      CheckReading(ReadHeartbeat(heartbeat, kNow));
      break;
    }
    case 2: {
      v1::AppSyncRequest sync;
      if (!sync.ParseFromString(bytes)) break;
      absl::Status s = ValidateJobResults(sync.results());
      if (!s.ok() && s.code() != absl::StatusCode::kInvalidArgument) std::abort();
      v1::LockReport report;
      *report.mutable_activity() = sync.activity();
      CheckReading(ReadLockReport(report, kNow));
      break;
    }
  }
  return 0;
}
