#pragma once
// Moves outbox rows to their Redis streams, oldest first, deleting each row
// only once Redis has acknowledged it. Woken by NOTIFY when an event is
// committed, and polls anyway in case a notification was missed.

#include <string>
#include <thread>

#include "absl/status/statusor.h"
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

 private:
  void Run();

  pg::Pool& pool_;
  redis::Client& redis_;
  const absl::Duration poll_;
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace keyway::events
