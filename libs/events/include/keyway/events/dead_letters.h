#pragma once
// K3: an event its consumer could not apply after every try waits in
// "<stream>.dead" with who failed and why, for a person to look at; once the
// cause is mended it is replayed onto its stream. Replay is safe to repeat:
// every consumer group records the events it applied (processed_events), so
// a group that had applied it passes over it and only the one that failed
// applies it now.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "keyway/redis/client.h"

namespace keyway::events {

// The fields the consumer adds when it moves an entry, stripped on replay.
inline constexpr char kDeadGroupField[] = "dead_group";
inline constexpr char kDeadErrorField[] = "dead_error";
inline constexpr char kDeadAtField[] = "dead_at_us";

std::string DeadLetterStream(const std::string& stream);

struct DeadLetter {
  std::string entry_id;  // in the dead-letter stream
  std::string event_id, type, organisation_id;
  std::string group, error;  // the consumer group that gave up, and its last error
  absl::Time dead_at = absl::InfinitePast();
};

// The oldest `limit` dead letters of `stream`. Never a payload: it may hold
// what only the consumer should read.
absl::StatusOr<std::vector<DeadLetter>> ListDeadLetters(redis::Client& redis,
                                                        const std::string& stream, int limit);

// Puts the named dead letters (every one, when `entry_ids` is empty, up to
// 1,000) back on `stream` and removes them from the dead-letter stream.
// Returns how many went back; ids that are not there are skipped.
absl::StatusOr<int> ReplayDeadLetters(redis::Client& redis, const std::string& stream,
                                      const std::vector<std::string>& entry_ids);

}  // namespace keyway::events
