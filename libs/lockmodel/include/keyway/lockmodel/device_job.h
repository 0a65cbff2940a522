#pragma once
// What a lock makes of a job Keyway sends it: access's LockJobRequested, org's
// LockIntervalsChanged, or a Bridge command (no request), in the lock model's terms,
// the Custom PIN opened with the lock's own secret. Shared by the simulator
// and the tests, so both read jobs as a lock would.

#include <string>

#include "absl/status/statusor.h"
#include "keyway/access/v1/access_events.pb.h"
#include "keyway/gateway/v1/gateway_service.pb.h"
#include "keyway/lockmodel/lock.h"

namespace keyway::lockmodel {

// FAILED_PRECONDITION when the sealed PIN does not open under `secret` (a
// job for another lock, or a lock whose secret changed).
absl::StatusOr<Job> JobFromRequest(const keyway::access::v1::LockJobRequested& request,
                                   const std::string& secret);
absl::StatusOr<Job> JobFromDevice(const keyway::gateway::v1::DeviceJob& job,
                                  const std::string& secret);

}  // namespace keyway::lockmodel
