#pragma once
// K3: the outbox relay deletes an event's row as soon as Redis has taken it,
// so Redis must have it on disk before it answers: an append-only file with
// `appendfsync always` (docs/reliability.md). Checked when a service starts.

#include "absl/status/status.h"
#include "keyway/redis/client.h"

namespace keyway::redis {

// OK when Redis writes every command to its append-only file before
// answering; FAILED_PRECONDITION saying what is set and what to set (also
// when CONFIG is unavailable, as on some managed Redis); UNAVAILABLE when
// Redis cannot be reached.
absl::Status CheckDurable(Client& redis);

}  // namespace keyway::redis
