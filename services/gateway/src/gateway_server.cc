#include "gateway_server.h"

#include "keyway/core/log.h"
#include "keyway/events/event.h"
#include "keyway/idempotency/idempotency.h"
#include "keyway/jobs/v1/job_events.pb.h"
#include "keyway/rpc/client.h"

std::span<const keyway::pg::Migration> keyway_gateway_migrations();

namespace keyway::gateway {

std::vector<pg::MigrationSet> GatewayMigrations() {
  // idempotency: housekeeping prunes it in every service; commands will use it.
  return {{"events", events::Migrations()},
          {"idempotency", idempotency::Migrations()},
          {"gateway", keyway_gateway_migrations()}};
}

absl::StatusOr<std::unique_ptr<GatewayServer>> GatewayServer::Start(GatewayServerOptions o) {
  if (o.gateway_token.empty()) {
    return absl::InvalidArgumentError("the gateway needs the credential the jobs service expects");
  }
  std::unique_ptr<GatewayServer> s(new GatewayServer());
  s->pool_ = std::make_unique<pg::Pool>(o.db, o.db_pool_size);
  if (auto st = pg::ApplyMigrations(*s->pool_, GatewayMigrations()); !st.ok()) return st;
  s->authenticator_ = std::make_unique<identity_client::KeyAuthenticator>(
      rpc::MakeChannel(o.identity_address), *o.clock);
  (void)s->authenticator_->Refresh();
  s->scopes_ = std::make_unique<org_client::OrgLockScopes>(rpc::MakeChannel(o.org_address));
  s->presence_redis_ = std::make_unique<redis::Client>(o.redis_host, o.redis_port);
  s->presence_ = std::make_unique<Presence>(*s->presence_redis_, o.presence_prefix, o.replica,
                                            o.presence_ttl);
  auto jobs_channel = rpc::MakeChannel(o.jobs_address);
  auto org_channel = rpc::MakeChannel(o.org_address);
  s->gateway_ = std::make_unique<Gateway>(*s->pool_, *s->scopes_, *s->presence_, org_channel,
                                          rpc::MakeChannel(o.access_address), jobs_channel,
                                          o.gateway_token, *o.clock, o.events_stream);
  s->bridges_ = std::make_unique<BridgeHub>(
      *s->pool_, *s->presence_, *s->gateway_, org_channel, jobs_channel,
      *o.clock,
      BridgeHubOptions{.gateway_token = o.gateway_token,
                       .events_stream = o.events_stream,
                       .resend_after = o.resend_after});
  s->bridge_workers_ = std::make_unique<core::WorkerPool>(o.bridge_workers);
  s->service_ = std::make_unique<GatewayService>(*s->gateway_, *s->bridges_, *s->bridge_workers_,
                                               o.bridge_hello_within);
  rpc::ServerOptions server_options;
  server_options.address = o.listen;
  server_options.metrics_address = o.metrics_listen;
  server_options.authenticator = s->authenticator_.get();
  server_options.public_methods = GatewayService::PublicMethods();
  server_options.readiness_interval = o.readiness_interval;
  pg::Pool* pool = s->pool_.get();
  server_options.readiness = [pool] { return pg::MigrationsApplied(*pool, GatewayMigrations()); };
  auto server = rpc::Server::Start(std::move(server_options),
                                   {{s->service_.get(), v1::GatewayService::service_full_name()}});
  if (!server.ok()) return server.status();
  s->server_ = std::move(*server);
  s->backbone_ = std::make_unique<service::Backbone>(*s->pool_, o.redis_host, o.redis_port);
  // Fan-out (L7): a job a Bridge may carry rings the replica holding its
  // lock's Bridge session, whichever replica reads the announcement.
  s->backbone_->Consume(
      {.stream = o.jobs_events_stream, .group = "gateway", .consumer = o.replica,
       .block = absl::Milliseconds(500), .types = {keyway::jobs::v1::JobQueued().GetTypeName()}},
      [presence = s->presence_.get(), redis = s->presence_redis_.get(), prefix = o.presence_prefix](
          pqxx::work&, const events::Event& e) -> absl::Status {
        keyway::jobs::v1::JobQueued queued;
        if (!queued.ParseFromString(e.payload)) return absl::DataLossError("unreadable JobQueued");
        auto replica = presence->ReplicaFor(queued.lock_id());
        if (!replica.ok()) return replica.status();  // tried again later
        if (replica->empty()) return absl::OkStatus();  // offline: it gets the job when it returns
        return RingDoorbell(*redis, prefix, *replica, queued.lock_id());
      });
  s->doorbell_ = std::make_unique<DoorbellListener>(
      o.redis_host, o.redis_port, DoorbellStream(o.presence_prefix, o.replica),
      [bridges = s->bridges_.get(), workers = s->bridge_workers_.get()](const std::string& lock_id) {
        // Each ring on a worker: one slow claim does not hold up the rest.
        workers->Post([bridges, lock_id] { bridges->Deliver(lock_id); });
      });
  s->sweep_ = std::make_unique<core::PeriodicTask>(
      o.sweep_every, [bridges = s->bridges_.get()] { bridges->Sweep(); });
  s->retention_ = std::make_unique<core::PeriodicTask>(
      absl::Hours(6), [gateway = s->gateway_.get(), keep = o.activity_log_retention] {
        auto pruned = gateway->PruneActivityLogs(keep);
        if (!pruned.ok()) {
          core::Log(core::Severity::kWarning, "activity log retention failed")
              .With("error", std::string(pruned.status().message()));
        } else if (*pruned > 0) {
          core::Log(core::Severity::kInfo, "old activity log months dropped").With("months", *pruned);
        }
      });
  return s;
}

void GatewayServer::Shutdown(absl::Duration grace) {
  if (retention_) retention_->Stop();
  if (sweep_) sweep_->Stop();
  if (doorbell_) doorbell_->Stop();
  if (server_) server_->Shutdown(grace);
  bridge_workers_.reset();  // the sessions' last steps: presence withdrawn, org told
  if (backbone_) backbone_->Stop();
}

GatewayServer::~GatewayServer() { Shutdown(absl::ZeroDuration()); }

}  // namespace keyway::gateway
