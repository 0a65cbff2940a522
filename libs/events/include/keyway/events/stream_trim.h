#pragma once
// K3, K4: a stream is not kept for ever. An entry goes once every consumer
// group of the stream has read and acknowledged it and it is older than a
// retention (a day by default), so that a service whose group is made later
// (a new replica set, a first deploy) still finds the day's events. A stream
// with no group yet is never trimmed. Dead letters are not trimmed: they wait
// for a person.

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "keyway/redis/client.h"

namespace keyway::events {

// Trims `stream` to what some group still needs or what is younger than
// `retention` at `now`; returns how many entries went.
absl::StatusOr<int> TrimConsumed(redis::Client& redis, const std::string& stream,
                                 absl::Duration retention, absl::Time now);

}  // namespace keyway::events
