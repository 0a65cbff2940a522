#include "remote_pin_plan.h"

#include "keyway/algopin/verifier.h"

namespace keyway::access {

absl::StatusOr<RemotePinPlan> PlanRemotePin(v1::PinKind kind, absl::Time start,
                                            std::optional<absl::Time> end, absl::Time now,
                                            absl::Time lock_epoch) {
  if (auto s = algopin::CheckIssuableStart(start, now); !s.ok()) return s;
  if (start < lock_epoch) {
    return absl::InvalidArgumentError("the start is before the lock was paired");
  }
  switch (kind) {
    case v1::PIN_KIND_ONE_TIME:
    case v1::PIN_KIND_PERMANENT: {
      if (end) {
        return absl::InvalidArgumentError(
            "only a duration PIN has an end_time: a one-time PIN lasts 24 hours from its start, "
            "a permanent one until deleted");
      }
      algopin::RemotePin pin{start,
                             kind == v1::PIN_KIND_ONE_TIME ? algopin::kOneTimeIndex
                                                           : algopin::kPermanentIndex,
                             0};
      return RemotePinPlan{start, pin.length_index, pin.end()};
    }
    case v1::PIN_KIND_DURATION: {
      if (!end) return absl::InvalidArgumentError("a duration PIN needs an end_time");
      if (*end <= start) return absl::InvalidArgumentError("end_time must be after start_time");
      auto index = algopin::LongestIndexWithin(*end - start);
      if (!index) return absl::InvalidArgumentError("a duration PIN lasts at least one hour");
      return RemotePinPlan{start, *index, start + *algopin::LengthOfIndex(*index)};
    }
    default:
      return absl::InvalidArgumentError(
          "kind must be PIN_KIND_ONE_TIME, PIN_KIND_DURATION or PIN_KIND_PERMANENT");
  }
}

}  // namespace keyway::access
