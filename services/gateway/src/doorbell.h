#pragma once
// How a job reaches the replica holding its lock's Bridge session: a ring on
// that replica's own Redis stream, naming the lock. The ring carries no job:
// the replica asks jobs for the lock's pending jobs, so a lost or repeated
// ring costs a delay or a query, never a job (jobs' database is the truth).

#include <functional>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/synchronization/notification.h"
#include "keyway/redis/client.h"

namespace keyway::gateway {

// `prefix` names this deployment's keys ("keyway:presence:").
std::string DoorbellStream(const std::string& prefix, const std::string& replica);

absl::Status RingDoorbell(redis::Client& redis, const std::string& prefix,
                          const std::string& replica, const std::string& lock_id);

// Listens on this replica's doorbell on a Redis connection of its own (a
// blocking read holds it) and hands each lock id to `on_ring`.
class DoorbellListener {
 public:
  DoorbellListener(std::string redis_host, int redis_port, std::string stream,
                   std::function<void(const std::string& lock_id)> on_ring);
  ~DoorbellListener();
  void Stop();

 private:
  void Run();

  redis::Client redis_;
  const std::string stream_;
  const std::function<void(const std::string&)> on_ring_;
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace keyway::gateway
