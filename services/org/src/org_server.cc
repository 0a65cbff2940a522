#include "org_server.h"

#include "access_facts.h"

#include "keyway/audit/audit.h"
#include "keyway/events/event.h"
#include "keyway/idempotency/idempotency.h"
#include "keyway/service/backbone.h"
#include "keyway/rpc/client.h"

std::span<const keyway::pg::Migration> keyway_org_migrations();

namespace keyway::org {

std::vector<pg::MigrationSet> OrgMigrations() {
  return {{"events", events::Migrations()},
          {"audit", audit::Migrations()},
          {"idempotency", idempotency::Migrations()},
          {"org", keyway_org_migrations()}};
}

absl::StatusOr<std::unique_ptr<OrgServer>> OrgServer::Start(OrgServerOptions o) {
  std::unique_ptr<OrgServer> s(new OrgServer());
  s->pool_ = std::make_unique<pg::Pool>(o.db, o.db_pool_size);
  if (auto st = pg::ApplyMigrations(*s->pool_, OrgMigrations()); !st.ok()) return st;
  auto identity = rpc::MakeChannel(o.identity_address);
  s->authenticator_ = std::make_unique<identity_client::KeyAuthenticator>(identity, *o.clock);
  // Keys are fetched now if identity is up, and on the first token otherwise.
  (void)s->authenticator_->Refresh();
  s->directory_ = std::make_unique<IdentityDirectory>(identity, o.identity_operator_token);
  AccessFacts* access = o.access;
  if (access == nullptr && !o.access_address.empty()) {
    s->access_facts_ = std::make_unique<AccessServiceFacts>(rpc::MakeChannel(o.access_address));
    access = s->access_facts_.get();
  }
  if (access == nullptr) access = &s->no_access_;
  s->org_ = std::make_unique<Org>(*s->pool_, *s->directory_, *access, *o.clock, o.config);
  s->service_ = std::make_unique<OrgService>(*s->org_, o.operator_token, o.gateway_token);

  rpc::ServerOptions server_options;
  server_options.address = o.listen;
  server_options.metrics_address = o.metrics_listen;
  server_options.authenticator = s->authenticator_.get();
  server_options.public_methods = OrgService::PublicMethods();
  server_options.readiness_interval = o.readiness_interval;
  pg::Pool* pool = s->pool_.get();
  server_options.readiness = [pool] { return pg::MigrationsApplied(*pool, OrgMigrations()); };
  auto server = rpc::Server::Start(std::move(server_options),
                                   {{s->service_.get(), v1::OrgService::service_full_name()}});
  if (!server.ok()) return server.status();
  s->server_ = std::move(*server);

  s->backbone_ = std::make_unique<service::Backbone>(*s->pool_, o.redis_host, o.redis_port);
  if (!o.identity_events_stream.empty()) {
    s->backbone_->Consume({.stream = o.identity_events_stream,
                           .group = "org",
                           .consumer = o.consumer_name,
                           .block = absl::Milliseconds(500)},
                          [org = s->org_.get()](pqxx::work& tx, const events::Event& e) {
                            return org->ApplyIdentityEvent(tx, e);
                          });
  }
  if (!o.gateway_events_stream.empty()) {
    s->backbone_->Consume({.stream = o.gateway_events_stream,
                           .group = "org",
                           .consumer = o.consumer_name,
                           .block = absl::Milliseconds(500)},
                          [org = s->org_.get()](pqxx::work& tx, const events::Event& e) {
                            return org->ApplyGatewayEvent(tx, e);
                          });
  }
  return s;
}

void OrgServer::Shutdown(absl::Duration grace) {
  if (server_) server_->Shutdown(grace);
  if (backbone_) backbone_->Stop();
}

OrgServer::~OrgServer() { Shutdown(absl::ZeroDuration()); }

}  // namespace keyway::org
