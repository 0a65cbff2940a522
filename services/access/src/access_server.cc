#include "access_server.h"

#include "access_store.h"
#include "keyway/audit/audit.h"
#include "keyway/events/event.h"
#include "keyway/idempotency/idempotency.h"
#include "keyway/jobs/v1/job_events.pb.h"
#include "keyway/pg/transaction.h"
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
  if (o.config.notify_public_key.size() != 32) {
    return absl::InvalidArgumentError(
        "the notify service's public key must be 32 bytes: shared PIN digits leave access "
        "sealed for it (K4)");
  }
  std::unique_ptr<AccessServer> s(new AccessServer());
  auto runtime = service::Runtime::Open(o, AccessMigrations());
  if (!runtime.ok()) return runtime.status();
  s->runtime_ = std::move(*runtime);
  s->scopes_ = std::make_unique<org_client::OrgLockScopes>(rpc::MakeChannel(o.org_address));
  s->users_ = std::make_unique<IdentityUserDirectory>(rpc::MakeChannel(o.identity_address));
  s->access_ =
      std::make_unique<Access>(s->runtime_->pool(), *s->scopes_, *s->users_, *o.clock, o.config);
  s->service_ = std::make_unique<AccessService>(*s->access_);
  s->internal_ = std::make_unique<AccessInternalService>(*s->access_);
  if (auto st = s->runtime_->Serve(
          {{s->service_.get(), v1::AccessService::service_full_name()},
           {s->internal_.get(), v1::AccessInternalService::service_full_name()}});
      !st.ok()) {
    return st;
  }
  // S10's share counts matter for an hour.
  s->runtime_->Every(absl::Hours(1), [pool = &s->runtime_->pool()] {
    (void)pg::InTransaction(*pool, [](pqxx::work& tx) {
      store::PrunePinShares(tx, absl::Now() - absl::Hours(2));
      return absl::OkStatus();
    });
  });
  Access* access = s->access_.get();
  auto consume = [&](const std::string& stream, auto apply, std::vector<std::string> types = {}) {
    s->runtime_->Consume(
        stream, "access",
        [access, apply](pqxx::work& tx, const events::Event& e) { return (access->*apply)(tx, e); },
        std::move(types));
  };
  consume(o.org_events_stream, &Access::ApplyOrgEvent);
  consume(o.identity_events_stream, &Access::ApplyIdentityEvent);
  // Only job outcomes concern access; JobQueued is the gateway's.
  consume(o.jobs_events_stream, &Access::ApplyJobEvent,
          {jobs::v1::JobCompleted().GetTypeName(), jobs::v1::JobFailed().GetTypeName(),
           jobs::v1::JobRecreated().GetTypeName(), jobs::v1::JobDeleted().GetTypeName()});
  return s;
}

AccessServer::~AccessServer() {
  if (runtime_) runtime_->Shutdown(absl::ZeroDuration());
}

}  // namespace keyway::access
