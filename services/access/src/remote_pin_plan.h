#pragma once
// A2-A3: what a requested Remote PIN becomes: its AlgoPIN fields (but the
// nonce) and its real end. Pure.

#include <optional>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "keyway/access/v1/access_service.pb.h"
#include "keyway/algopin/remote_pin.h"

namespace keyway::access {

struct RemotePinPlan {
  absl::Time start;
  int length_index;
  absl::Time end;  // one-time: the end of its 24 hours; permanent: InfiniteFuture
};

// INVALID_ARGUMENT saying what is wrong: a start that is not a whole hour,
// in the past, more than 14 days ahead or before the lock's epoch; an end
// given for a one-time or permanent PIN, missing, not after the start, or
// shorter than an hour for a duration PIN.
absl::StatusOr<RemotePinPlan> PlanRemotePin(v1::PinKind kind, absl::Time start,
                                            std::optional<absl::Time> end, absl::Time now,
                                            absl::Time lock_epoch);

}  // namespace keyway::access
