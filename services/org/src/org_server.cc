#include "org_server.h"

#include "access_facts.h"
#include "keyway/audit/audit.h"
#include "keyway/events/event.h"
#include "keyway/idempotency/idempotency.h"
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
  auto runtime = service::Runtime::Open(o, OrgMigrations());
  if (!runtime.ok()) return runtime.status();
  s->runtime_ = std::move(*runtime);
  s->directory_ = std::make_unique<IdentityDirectory>(rpc::MakeChannel(o.identity_address),
                                                      o.service_credential);
  AccessFacts* access = o.access;
  if (access == nullptr && !o.access_address.empty()) {
    s->access_facts_ = std::make_unique<AccessServiceFacts>(rpc::MakeChannel(o.access_address));
    access = s->access_facts_.get();
  }
  if (access == nullptr) access = &s->no_access_;
  s->org_ = std::make_unique<Org>(s->runtime_->pool(), *s->directory_, *access, *o.clock, o.config);
  s->service_ = std::make_unique<OrgService>(*s->org_);
  s->internal_ = std::make_unique<OrgInternalService>(*s->org_);
  if (auto st = s->runtime_->Serve({{s->service_.get(), v1::OrgService::service_full_name()},
                                    {s->internal_.get(), v1::OrgInternalService::service_full_name()}});
      !st.ok()) {
    return st;
  }
  Org* org = s->org_.get();
  s->runtime_->Consume(o.identity_events_stream, "org",
                       [org](pqxx::work& tx, const events::Event& e) {
                         return org->ApplyIdentityEvent(tx, e);
                       });
  s->runtime_->Consume(o.gateway_events_stream, "org",
                       [org](pqxx::work& tx, const events::Event& e) {
                         return org->ApplyGatewayEvent(tx, e);
                       });
  return s;
}

OrgServer::~OrgServer() {
  if (runtime_) runtime_->Shutdown(absl::ZeroDuration());
}

}  // namespace keyway::org
