#include "access_server.h"

#include "keyway/audit/audit.h"
#include "keyway/events/event.h"
#include "keyway/idempotency/idempotency.h"
#include "keyway/jobs/v1/job_events.pb.h"
#include "keyway/service/backbone.h"
#include "keyway/rpc/client.h"

std::span<const keyway::pg::Migration> keyway_access_migrations();

namespace keyway::access {

std::vector<pg::MigrationSet> AccessMigrations() {
  return {{"events", events::Migrations()},
          {"audit", audit::Migrations()},
          {"idempotency", idempotency::Migrations()},
          {"access", keyway_access_migrations()}};
}

absl::StatusOr<std::unique_ptr<AccessServer>> AccessServer::Start(AccessServerOptions o) {
  if (o.config.key_encryption_key.size() != 32) {
    return absl::InvalidArgumentError("the key-encryption key must be 32 bytes");
  }
  std::unique_ptr<AccessServer> s(new AccessServer());
  s->pool_ = std::make_unique<pg::Pool>(o.db, o.db_pool_size);
  if (auto st = pg::ApplyMigrations(*s->pool_, AccessMigrations()); !st.ok()) return st;
  s->authenticator_ = std::make_unique<identity_client::KeyAuthenticator>(
      rpc::MakeChannel(o.identity_address), *o.clock);
  (void)s->authenticator_->Refresh();
  s->scopes_ = std::make_unique<org_client::OrgLockScopes>(rpc::MakeChannel(o.org_address));
  s->users_ = std::make_unique<IdentityUserDirectory>(rpc::MakeChannel(o.identity_address));
  s->access_ = std::make_unique<Access>(*s->pool_, *s->scopes_, *s->users_, *o.clock, o.config);
  s->service_ = std::make_unique<AccessService>(*s->access_);

  rpc::ServerOptions server_options;
  server_options.address = o.listen;
  server_options.metrics_address = o.metrics_listen;
  server_options.authenticator = s->authenticator_.get();
  server_options.readiness_interval = o.readiness_interval;
  pg::Pool* pool = s->pool_.get();
  server_options.readiness = [pool] { return pg::MigrationsApplied(*pool, AccessMigrations()); };
  auto server = rpc::Server::Start(std::move(server_options),
                                   {{s->service_.get(), v1::AccessService::service_full_name()}});
  if (!server.ok()) return server.status();
  s->server_ = std::move(*server);

  s->backbone_ = std::make_unique<service::Backbone>(*s->pool_, o.redis_host, o.redis_port);
  Access* access = s->access_.get();
  auto consume = [&](const std::string& stream, auto apply, std::vector<std::string> types = {}) {
    s->backbone_->Consume({.stream = stream,
                           .group = "access",
                           .consumer = o.consumer_name,
                           .block = absl::Milliseconds(500),
                           .types = std::move(types)},
                          [access, apply](pqxx::work& tx, const events::Event& e) {
                            return (access->*apply)(tx, e);
                          });
  };
  consume(o.org_events_stream, &Access::ApplyOrgEvent);
  consume(o.identity_events_stream, &Access::ApplyIdentityEvent);
  // Only job outcomes concern access; JobQueued is the gateway's.
  consume(o.jobs_events_stream, &Access::ApplyJobEvent,
          {jobs::v1::JobCompleted().GetTypeName(), jobs::v1::JobFailed().GetTypeName(),
           jobs::v1::JobRecreated().GetTypeName(), jobs::v1::JobDeleted().GetTypeName()});
  return s;
}

void AccessServer::Shutdown(absl::Duration grace) {
  if (server_) server_->Shutdown(grace);
  if (backbone_) backbone_->Stop();
}

AccessServer::~AccessServer() { Shutdown(absl::ZeroDuration()); }

}  // namespace keyway::access
