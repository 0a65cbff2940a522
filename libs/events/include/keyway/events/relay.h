#pragma once
// Moves outbox rows to their Redis streams, oldest first, deleting each row
// only once Redis has acknowledged it. Woken by NOTIFY when an event is
// committed, and polls anyway in case a notification was missed. Every
// `trim_every` it trims the streams it publishes to (TrimConsumed).

#include <set>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "keyway/pg/pool.h"
#include "keyway/redis/client.h"

namespace keyway::events {

class Relay {
 public:
  Relay(pg::Pool& pool, redis::Client& redis, absl::Duration poll = absl::Milliseconds(500));
  ~Relay();

  void Start();
  void Stop();

  // Publishes up to `batch` waiting events; returns how many were published.
  absl::StatusOr<int> PublishBatch(int batch = 200);
  // Trims each stream published to since the start to what its consumer
  // groups still need or what is younger than `retention`; how many went.
  absl::StatusOr<int> TrimStreams(absl::Duration retention = absl::Hours(24));

 private:
  void Run();

  pg::Pool& pool_;
  redis::Client& redis_;
  const absl::Duration poll_;
  const absl::Duration trim_every_ = absl::Seconds(10);
  absl::Mutex mu_;
  std::set<std::string> streams_ ABSL_GUARDED_BY(mu_);
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace keyway::events
