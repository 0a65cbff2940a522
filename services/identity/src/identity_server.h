#pragma once
// Everything the identity binary runs, assembled: database pool and
// migrations, signing keys, the logic, the gRPC server and the outbox relay.
// main.cc and the tests start the service through this one class.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "keyway/service/backbone.h"
#include "identity.h"
#include "identity_service.h"
#include "keyway/core/clock.h"
#include "keyway/pg/migrate.h"
#include "keyway/pg/pool.h"
#include "keyway/rpc/server.h"

namespace keyway::identity {

struct IdentityServerOptions {
  std::string db;  // libpq connection string
  int db_pool_size = 16;
  std::string redis_host = "127.0.0.1";
  int redis_port = 6379;
  std::string listen = "127.0.0.1:0";
  std::string metrics_listen;  // empty: no /metrics
  std::string key_encryption_key;  // 32 raw bytes
  std::string operator_token;      // empty: CreateOwner disabled
  IdentityConfig config;
  const core::Clock* clock = &core::SystemClock::Instance();
  absl::Duration readiness_interval = absl::Seconds(1);  // health re-checks the database
  // org's stream, consumed for O4; empty: not consumed.
  std::string org_events_stream = "keyway.org.events";
  std::string consumer_name = "identity";  // unique per replica
};

class IdentityServer {
 public:
  static absl::StatusOr<std::unique_ptr<IdentityServer>> Start(IdentityServerOptions options);
  ~IdentityServer();

  int port() const { return server_->port(); }
  int metrics_port() const { return server_->metrics_port(); }
  Identity& identity() { return *identity_; }
  pg::Pool& pool() { return *pool_; }
  rpc::Server& server() { return *server_; }
  void Shutdown(absl::Duration grace);

 private:
  IdentityServer() = default;
  std::unique_ptr<pg::Pool> pool_;
  std::unique_ptr<KeyRing> keys_;
  std::unique_ptr<Identity> identity_;
  std::unique_ptr<IdentityService> service_;
  std::unique_ptr<SessionAuthenticator> authenticator_;
  std::unique_ptr<rpc::Server> server_;
  std::unique_ptr<service::Backbone> backbone_;  // relay, consumers, housekeeping
};

// The migration sets of the identity database.
std::vector<pg::MigrationSet> IdentityMigrations();

}  // namespace keyway::identity
