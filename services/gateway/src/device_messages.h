#pragma once
// What devices send, read and checked before anything is done with it: a
// lock's report (battery, radio, activity log), the results of the jobs it
// carried, a heartbeat, a Bridge's session messages. Pure: no I/O, so the
// fuzz target feeds it arbitrary bytes. Each refusal is INVALID_ARGUMENT
// saying what the device must send instead.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "keyway/gateway/v1/gateway_service.pb.h"
#include "keyway/jobs/v1/jobs_service.pb.h"

namespace keyway::gateway {

inline constexpr int kMaxJobResults = 100;
// S6: an Ed25519 signature is 64 bytes.
inline constexpr size_t kMaxResultSignatureBytes = 64;
inline constexpr int kMaxActivityLines = 1000;
inline constexpr size_t kMaxDeviceCredentialBytes = 256;

struct ReportLine {
  absl::Time at;
  std::string event;
  std::string detail;
};

// A lock's report as Keyway keeps it: text trimmed and checked.
struct LockReading {
  std::optional<int> battery_percent;
  std::optional<int> signal_strength_dbm;
  std::string carrier;
  std::string radio_channel;
  std::vector<ReportLine> lines;
};

// L1, L4, L5: at most 1,000 lines, each dated from 2020 to a day after `now`
// (a lock whose clock was never set says 1970), battery 0 to 100, signal
// -150 to 0 dBm, text that is clean UTF-8 within its bounds.
absl::StatusOr<LockReading> ReadLockReport(const v1::LockReport& report, absl::Time now);

// J1, J2: each result names a job (a UUID), a known outcome, and a reason
// for a failure; at most 100 at once.
// A job as jobs handed it out, in the form a phone or Bridge carries to the
// lock: the sealed bytes the lock applies (S6), and what the app shows.
v1::DeviceJob DeviceJobOf(const keyway::jobs::v1::ClaimedJob& claimed);

absl::Status ValidateJobResults(const google::protobuf::RepeatedPtrField<v1::JobResult>& results);

// L4: the transmission kind, what each kind may carry, and its contents.
// The lock the credential names is not known yet: the reading's lines are
// checked, the lock id is org's answer.
absl::StatusOr<LockReading> ReadHeartbeat(const v1::HeartbeatRequest& req, absl::Time now);

// L7: one message of a Bridge's session, whole: a hello with a credential
// of plausible size, a result or a report for a lock named by its UUID.
absl::Status ValidateBridgeMessage(const v1::BridgeSessionRequest& message, absl::Time now);

}  // namespace keyway::gateway
