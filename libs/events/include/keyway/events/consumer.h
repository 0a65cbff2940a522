#pragma once
// Applies the events of one Redis stream in this service's database, as
// one member of a consumer group. Each event is handled in a transaction that
// also records its id, and acknowledged only after that commits: a crash or
// restart anywhere redelivers it, and the record makes the redelivery a no-op.

#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/notification.h"
#include "keyway/events/event.h"
#include "keyway/pg/pool.h"
#include "keyway/redis/client.h"

namespace keyway::events {

// UNAVAILABLE, DEADLINE_EXCEEDED, ABORTED, RESOURCE_EXHAUSTED: failures of
// what the handler depends on, not of the event. They never count as
// attempts towards the dead-letter stream.
bool IsInfrastructureFailure(const absl::Status& status);

struct ConsumerOptions {
  std::string stream;
  std::string group;     // one group per consuming service
  std::string consumer;  // unique per replica
  int batch = 100;
  absl::Duration block = absl::Seconds(1);
  // Entries another replica left unacknowledged this long are taken over.
  absl::Duration claim_after = absl::Seconds(60);
  // How often, without failures, the group is checked and unacknowledged or
  // abandoned entries are looked for.
  absl::Duration recover_every = absl::Seconds(5);
  // An event whose handler keeps failing goes to "<stream>.dead" after this
  // many tries; infrastructure failures (IsInfrastructureFailure) are not tries.
  int max_attempts = 20;
  // When set, only events of these types reach the handler; the others are
  // acknowledged at once, without a transaction (they have nothing to apply).
  std::vector<std::string> types;
};

class Consumer {
 public:
  // The handler runs inside the transaction; an error status rolls it back
  // and the event is tried again later.
  using Handler = std::function<absl::Status(pqxx::work&, const Event&)>;

  Consumer(pg::Pool& pool, redis::Client& redis, ConsumerOptions options, Handler handler);
  ~Consumer();

  void Start();
  void Stop();

  // One round: this consumer's unacknowledged entries and entries to take
  // over (the first round, after a failure, and every `recover_every`), then
  // new ones (waiting up to `block`). Returns how many were applied.
  absl::StatusOr<int> PollOnce(absl::Duration block);

 private:
  void Run();
  // OK when the entry is done with (applied, a duplicate, or dead-lettered).
  absl::Status Process(const redis::StreamEntry& entry);
  absl::StatusOr<int> ProcessAll(const std::vector<redis::StreamEntry>& entries);
  absl::StatusOr<int> Recover();

  pg::Pool& pool_;
  redis::Client& redis_;
  const ConsumerOptions options_;
  const Handler handler_;
  absl::flat_hash_map<std::string, int> attempts_;  // by entry id; only the loop thread
  int applied_ = 0;
  // Only the loop thread: when to look for unacknowledged entries again.
  bool recover_next_ = true;
  absl::Time next_recovery_ = absl::InfinitePast();
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace keyway::events
