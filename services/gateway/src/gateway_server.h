#pragma once
// Everything the gateway binary runs, assembled on the service runtime: Bridge
// presence in Redis, the logic, the Bridge hub and its workers, its people's
// and devices' gRPC services, the doorbell that rings the replica holding a
// lock's Bridge, the sweep, and the activity logs' retention.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "bridge_hub.h"
#include "doorbell.h"
#include "gateway.h"
#include "gateway_service.h"
#include "hello_gate.h"
#include "keyway/pg/migrate.h"
#include "keyway/service/runtime.h"

namespace keyway::gateway {

// `service_credential` (runtime) is what the gateway presents to org's and
// jobs' internal calls; it is required.
struct GatewayServerOptions : service::RuntimeOptions {
  std::string events_stream = "keyway.gateway.events";  // LockTelemetry for org
  std::string org_address;
  std::string access_address;  // GetMyLockKey: Lock Users who may sync
  std::string jobs_address;
  // L7: this replica's name (unique among replicas; its consumer name too),
  // where its Bridge sessions are announced in Redis, and for how long
  // without renewal.
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
  // S10: the budget of Bridge streams not yet authenticated.
  HelloLimits bridge_hello_limits;
  std::string jobs_events_stream = "keyway.jobs.events";  // JobQueued rings doorbells
  // L5: activity logs are kept this long, whole months at a time.
  absl::Duration activity_log_retention = absl::Hours(24 * 400);
};

class GatewayServer {
 public:
  static absl::StatusOr<std::unique_ptr<GatewayServer>> Start(GatewayServerOptions options);
  ~GatewayServer();
  int port() const { return runtime_->port(); }
  int metrics_port() const { return runtime_->metrics_port(); }
  pg::Pool& pool() { return runtime_->pool(); }
  Gateway& gateway() { return *gateway_; }
  BridgeHub& bridges() { return *bridges_; }
  void Shutdown(absl::Duration grace) { runtime_->Shutdown(grace); }

 private:
  GatewayServer() = default;
  std::unique_ptr<service::Runtime> runtime_;
  std::unique_ptr<org_client::OrgLockScopes> scopes_;
  std::unique_ptr<redis::Client> presence_redis_;
  std::unique_ptr<Presence> presence_;
  std::unique_ptr<Gateway> gateway_;
  std::unique_ptr<BridgeHub> bridges_;
  std::unique_ptr<core::WorkerPool> bridge_workers_;
  std::unique_ptr<GatewayService> service_;
  std::unique_ptr<DeviceService> devices_;
  std::unique_ptr<DoorbellListener> doorbell_;
};

std::vector<pg::MigrationSet> GatewayMigrations();

}  // namespace keyway::gateway
