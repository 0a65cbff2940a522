#include "identity_server.h"

#include "keyway/audit/audit.h"
#include "keyway/core/hash.h"
#include "keyway/events/event.h"
#include "keyway/idempotency/idempotency.h"
#include "keyway/pg/transaction.h"
#include "identity_store.h"

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
  if (o.config.notify_public_key.size() != 32) {
    return absl::InvalidArgumentError(
        "the notify service's public key must be 32 bytes: invitation tokens and phone codes "
        "leave identity sealed for it (K4)");
  }
  std::unique_ptr<IdentityServer> s(new IdentityServer());
  o.identity_address.clear();  // identity checks its own tokens, sessions included
  auto runtime = service::Runtime::Open(o, IdentityMigrations());
  if (!runtime.ok()) return runtime.status();
  s->runtime_ = std::move(*runtime);
  if (o.config.access_token_ttl > absl::Hours(1)) {
    // Revocations are kept a day; tokens must not outlive what refuses them.
    return absl::InvalidArgumentError("access tokens live at most an hour");
  }
  // A retired key verifies as long as the tokens it signed live, and a minute more.
  auto keys = KeyRing::LoadOrCreate(s->runtime_->pool(), o.key_encryption_key,
                                    o.config.access_token_ttl + absl::Minutes(1));
  if (!keys.ok()) return keys.status();
  s->keys_ = std::move(*keys);
  if (o.config.code_pepper.empty()) {
    o.config.code_pepper = core::HmacSha256Hex(o.key_encryption_key, "keyway phone codes");
  }
  s->identity_ = std::make_unique<Identity>(s->runtime_->pool(), *s->keys_, *o.clock, o.config);
  s->service_ = std::make_unique<IdentityService>(*s->identity_);
  s->internal_ = std::make_unique<IdentityInternalService>(*s->identity_);
  s->runtime_->UseAuthenticator(std::make_unique<SessionAuthenticator>(*s->identity_));
  if (auto st = s->runtime_->Serve(
          {{s->service_.get(), v1::IdentityService::service_full_name()},
           {s->internal_.get(), v1::IdentityInternalService::service_full_name()}});
      !st.ok()) {
    return st;
  }
  // Another replica's rotation reaches this one within seconds.
  s->runtime_->Every(absl::Seconds(5), [keys = s->keys_.get()] { (void)keys->Reload(); });
  s->runtime_->Every(absl::Hours(1), [pool = &s->runtime_->pool()] {
    (void)pg::InTransaction(*pool, [](pqxx::work& tx) {
      store::PruneRevocations(tx);
      store::PrunePhoneCodeSends(tx, absl::Now() - absl::Hours(48));
      // Older than the throttles' quiet hour: they would start afresh anyway.
      store::PruneThrottles(tx, absl::Now() - absl::Hours(2), absl::Now());
      return absl::OkStatus();
    });
  });
  s->runtime_->Consume(o.org_events_stream, "identity",
                       [identity = s->identity_.get()](pqxx::work& tx, const events::Event& e) {
                         return identity->ApplyOrgEvent(tx, e);
                       });
  return s;
}

IdentityServer::~IdentityServer() {
  if (runtime_) runtime_->Shutdown(absl::ZeroDuration());
}

}  // namespace keyway::identity
