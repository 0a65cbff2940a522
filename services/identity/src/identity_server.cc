#include "identity_server.h"

#include "keyway/audit/audit.h"
#include "keyway/core/hash.h"
#include "keyway/events/event.h"
#include "keyway/idempotency/idempotency.h"
#include "keyway/service/backbone.h"
#include "keyway/pg/migrate.h"

std::span<const keyway::pg::Migration> keyway_identity_migrations();

namespace keyway::identity {

std::vector<pg::MigrationSet> IdentityMigrations() {
  return {{"events", events::Migrations()},
          {"audit", audit::Migrations()},
          {"idempotency", idempotency::Migrations()},
          {"identity", keyway_identity_migrations()}};
}

absl::StatusOr<std::unique_ptr<IdentityServer>> IdentityServer::Start(IdentityServerOptions o) {
  if (o.key_encryption_key.size() != 32) {
    return absl::InvalidArgumentError("the key-encryption key must be 32 bytes");
  }
  std::unique_ptr<IdentityServer> s(new IdentityServer());
  s->pool_ = std::make_unique<pg::Pool>(o.db, o.db_pool_size);
  if (auto st = pg::ApplyMigrations(*s->pool_, IdentityMigrations()); !st.ok()) return st;
  auto keys = KeyRing::LoadOrCreate(*s->pool_, o.key_encryption_key);
  if (!keys.ok()) return keys.status();
  s->keys_ = std::move(*keys);
  if (o.config.code_pepper.empty()) {
    o.config.code_pepper = core::HmacSha256Hex(o.key_encryption_key, "keyway phone codes");
  }
  s->identity_ = std::make_unique<Identity>(*s->pool_, *s->keys_, *o.clock, o.config);
  s->service_ = std::make_unique<IdentityService>(*s->identity_, o.operator_token);
  s->authenticator_ = std::make_unique<SessionAuthenticator>(*s->identity_);

  rpc::ServerOptions server_options;
  server_options.address = o.listen;
  server_options.metrics_address = o.metrics_listen;
  server_options.authenticator = s->authenticator_.get();
  server_options.public_methods = IdentityService::PublicMethods();
  pg::Pool* pool = s->pool_.get();
  server_options.readiness_interval = o.readiness_interval;
  server_options.readiness = [pool] {
    return pg::MigrationsApplied(*pool, IdentityMigrations());
  };
  auto server = rpc::Server::Start(std::move(server_options),
                                   {{s->service_.get(), v1::IdentityService::service_full_name()}});
  if (!server.ok()) return server.status();
  s->server_ = std::move(*server);

  s->backbone_ = std::make_unique<service::Backbone>(*s->pool_, o.redis_host, o.redis_port);
  if (!o.org_events_stream.empty()) {
    s->backbone_->Consume({.stream = o.org_events_stream,
                           .group = "identity",
                           .consumer = o.consumer_name,
                           .block = absl::Milliseconds(500)},
                          [identity = s->identity_.get()](pqxx::work& tx, const events::Event& e) {
                            return identity->ApplyOrgEvent(tx, e);
                          });
  }
  return s;
}

void IdentityServer::Shutdown(absl::Duration grace) {
  if (server_) server_->Shutdown(grace);
  if (backbone_) backbone_->Stop();
}

IdentityServer::~IdentityServer() { Shutdown(absl::ZeroDuration()); }

}  // namespace keyway::identity
