#pragma once
// Everything the identity binary runs, assembled on the service runtime:
// signing keys, the logic, its public and internal gRPC services, the
// consumer of org's events. main.cc and the tests start the service through
// this one class.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "identity.h"
#include "identity_service.h"
#include "keyway/pg/migrate.h"
#include "keyway/service/runtime.h"

namespace keyway::identity {

struct IdentityServerOptions : service::RuntimeOptions {
  std::string key_encryption_key;  // 32 raw bytes
  IdentityConfig config;
  // org's stream, consumed for O4; empty: not consumed.
  std::string org_events_stream = "keyway.org.events";
};

class IdentityServer {
 public:
  static absl::StatusOr<std::unique_ptr<IdentityServer>> Start(IdentityServerOptions options);
  ~IdentityServer();

  int port() const { return runtime_->port(); }
  int metrics_port() const { return runtime_->metrics_port(); }
  Identity& identity() { return *identity_; }
  pg::Pool& pool() { return runtime_->pool(); }
  rpc::Server& server() { return runtime_->server(); }
  void Shutdown(absl::Duration grace) { runtime_->Shutdown(grace); }

 private:
  IdentityServer() = default;
  std::unique_ptr<service::Runtime> runtime_;
  std::unique_ptr<KeyRing> keys_;
  std::unique_ptr<Identity> identity_;
  std::unique_ptr<IdentityService> service_;
  std::unique_ptr<IdentityInternalService> internal_;
};

// The migration sets of the identity database.
std::vector<pg::MigrationSet> IdentityMigrations();

}  // namespace keyway::identity
