#pragma once
// Everything the gateway binary runs, assembled (as the other services').

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "bridge_hub.h"
#include "doorbell.h"
#include "gateway.h"
#include "gateway_service.h"
#include "keyway/core/clock.h"
#include "keyway/core/periodic.h"
#include "keyway/identity_client/key_authenticator.h"
#include "keyway/pg/migrate.h"
#include "keyway/rpc/server.h"
#include "keyway/service/backbone.h"

namespace keyway::gateway {

struct GatewayServerOptions {
  std::string db;
  int db_pool_size = 16;
  std::string redis_host = "127.0.0.1";
  int redis_port = 6379;
  std::string events_stream = "keyway.gateway.events";  // LockTelemetry for org
  std::string listen = "127.0.0.1:0";
  std::string metrics_listen;
  std::string identity_address;
  std::string org_address;
  std::string access_address;  // GetMyLockKey: Lock Users who may sync
  std::string jobs_address;
  std::string gateway_token;  // what jobs expects of the gateway
  const core::Clock* clock = &core::SystemClock::Instance();
  absl::Duration readiness_interval = absl::Seconds(1);
  // L7: this replica's name (unique among replicas), where its Bridge
  // sessions are announced in Redis, and for how long without renewal.
  std::string replica = "gateway";
  std::string presence_prefix = "keyway:presence:";
  absl::Duration presence_ttl = absl::Seconds(45);
  // How often sessions renew presence and get what went unanswered again.
  absl::Duration sweep_every = absl::Seconds(15);
  absl::Duration resend_after = absl::Seconds(10);
  // Threads for what Bridge sessions block on (org, jobs, Redis, the
  // database): their streams hold none while they wait.
  int bridge_workers = 16;
  // A Bridge says hello this soon after opening its stream, or it is closed.
  absl::Duration bridge_hello_within = absl::Seconds(10);
  std::string jobs_events_stream = "keyway.jobs.events";  // JobQueued rings doorbells
  // L5: activity logs are kept this long, whole months at a time.
  absl::Duration activity_log_retention = absl::Hours(24 * 400);
};

class GatewayServer {
 public:
  static absl::StatusOr<std::unique_ptr<GatewayServer>> Start(GatewayServerOptions options);
  ~GatewayServer();
  int port() const { return server_->port(); }
  int metrics_port() const { return server_->metrics_port(); }
  pg::Pool& pool() { return *pool_; }
  Gateway& gateway() { return *gateway_; }
  BridgeHub& bridges() { return *bridges_; }
  void Shutdown(absl::Duration grace);

 private:
  GatewayServer() = default;
  std::unique_ptr<pg::Pool> pool_;
  std::unique_ptr<identity_client::KeyAuthenticator> authenticator_;
  std::unique_ptr<org_client::OrgLockScopes> scopes_;
  std::unique_ptr<redis::Client> presence_redis_;
  std::unique_ptr<Presence> presence_;
  std::unique_ptr<Gateway> gateway_;
  std::unique_ptr<BridgeHub> bridges_;
  // Stopped after the server (sessions ending post their clean-up) and
  // before what it uses.
  std::unique_ptr<core::WorkerPool> bridge_workers_;
  std::unique_ptr<GatewayService> service_;
  std::unique_ptr<rpc::Server> server_;
  std::unique_ptr<service::Backbone> backbone_;  // the relay of its outbox, housekeeping
  std::unique_ptr<core::PeriodicTask> retention_;  // old months of activity logs
  std::unique_ptr<DoorbellListener> doorbell_;
  std::unique_ptr<core::PeriodicTask> sweep_;  // presence renewed, jobs resent
};

std::vector<pg::MigrationSet> GatewayMigrations();

}  // namespace keyway::gateway
