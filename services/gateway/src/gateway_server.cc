#include "gateway_server.h"

#include "keyway/core/log.h"
#include "keyway/events/event.h"
#include "keyway/idempotency/idempotency.h"
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
  s->gateway_ = std::make_unique<Gateway>(*s->pool_, *s->scopes_, rpc::MakeChannel(o.access_address),
                                          rpc::MakeChannel(o.jobs_address),
                                          o.gateway_token, *o.clock, o.events_stream);
  s->service_ = std::make_unique<GatewayService>(*s->gateway_);
  rpc::ServerOptions server_options;
  server_options.address = o.listen;
  server_options.metrics_address = o.metrics_listen;
  server_options.authenticator = s->authenticator_.get();
  server_options.readiness_interval = o.readiness_interval;
  pg::Pool* pool = s->pool_.get();
  server_options.readiness = [pool] { return pg::MigrationsApplied(*pool, GatewayMigrations()); };
  auto server = rpc::Server::Start(std::move(server_options),
                                   {{s->service_.get(), v1::GatewayService::service_full_name()}});
  if (!server.ok()) return server.status();
  s->server_ = std::move(*server);
  s->backbone_ = std::make_unique<service::Backbone>(*s->pool_, o.redis_host, o.redis_port);
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
  if (server_) server_->Shutdown(grace);
  if (backbone_) backbone_->Stop();
}

GatewayServer::~GatewayServer() { Shutdown(absl::ZeroDuration()); }

}  // namespace keyway::gateway
