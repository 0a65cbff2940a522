#include "keyway/service/backbone.h"

#include "keyway/service/housekeeping.h"

namespace keyway::service {

Backbone::Backbone(pg::Pool& pool, std::string redis_host, int redis_port)
    : pool_(pool), redis_host_(std::move(redis_host)), redis_port_(redis_port) {
  relay_redis_ = std::make_unique<redis::Client>(redis_host_, redis_port_);
  relay_ = std::make_unique<events::Relay>(pool_, *relay_redis_);
  relay_->Start();
  housekeeping_ = StartHousekeeping(pool_);
}

Backbone::~Backbone() { Stop(); }

void Backbone::Consume(events::ConsumerOptions options, events::Consumer::Handler handler) {
  consumer_redis_.push_back(std::make_unique<redis::Client>(redis_host_, redis_port_));
  consumers_.push_back(std::make_unique<events::Consumer>(pool_, *consumer_redis_.back(),
                                                          std::move(options), std::move(handler)));
  consumers_.back()->Start();
}

void Backbone::Stop() {
  if (relay_) relay_->Stop();
  for (auto& c : consumers_) c->Stop();
  if (housekeeping_) housekeeping_->Stop();
}

}  // namespace keyway::service
