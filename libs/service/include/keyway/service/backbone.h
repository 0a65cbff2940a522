#pragma once
// The event plumbing every service runs beside its gRPC server: the outbox
// relay to Redis, the consumers of other services' streams (each on a Redis
// connection of its own, since a blocking read holds one), and the hourly
// housekeeping. Started in the constructor, stopped in Stop().

#include <memory>
#include <string>
#include <vector>

#include "keyway/core/periodic.h"
#include "keyway/events/consumer.h"
#include "keyway/events/relay.h"
#include "keyway/pg/pool.h"
#include "keyway/redis/client.h"

namespace keyway::service {

class Backbone {
 public:
  Backbone(pg::Pool& pool, std::string redis_host, int redis_port);
  ~Backbone();
  Backbone(const Backbone&) = delete;
  Backbone& operator=(const Backbone&) = delete;

  // Applies the events of `options.stream` with `handler`, from now until Stop().
  void Consume(events::ConsumerOptions options, events::Consumer::Handler handler);
  void Stop();

 private:
  pg::Pool& pool_;
  const std::string redis_host_;
  const int redis_port_;
  std::unique_ptr<redis::Client> relay_redis_;
  std::unique_ptr<events::Relay> relay_;
  std::vector<std::unique_ptr<redis::Client>> consumer_redis_;
  std::vector<std::unique_ptr<events::Consumer>> consumers_;
  std::unique_ptr<core::PeriodicTask> housekeeping_;
};

}  // namespace keyway::service
