#pragma once
// Everything the access binary runs, assembled (as identity's and org's).

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "keyway/service/backbone.h"
#include "access.h"
#include "access_service.h"
#include "keyway/identity_client/key_authenticator.h"
#include "keyway/pg/migrate.h"
#include "keyway/rpc/server.h"

namespace keyway::access {

struct AccessServerOptions {
  std::string db;
  int db_pool_size = 16;
  std::string redis_host = "127.0.0.1";
  int redis_port = 6379;
  std::string listen = "127.0.0.1:0";
  std::string metrics_listen;
  std::string identity_address;
  std::string org_address;
  std::string org_events_stream = "keyway.org.events";            // LockPaired: secrets
  std::string identity_events_stream = "keyway.identity.events";  // UserDeactivated: U5
  std::string jobs_events_stream = "keyway.jobs.events";          // job outcomes: A5-A7
  std::string consumer_name = "access";
  AccessConfig config;
  const core::Clock* clock = &core::SystemClock::Instance();
  absl::Duration readiness_interval = absl::Seconds(1);
};

class AccessServer {
 public:
  static absl::StatusOr<std::unique_ptr<AccessServer>> Start(AccessServerOptions options);
  ~AccessServer();
  int port() const { return server_->port(); }
  int metrics_port() const { return server_->metrics_port(); }
  pg::Pool& pool() { return *pool_; }
  void Shutdown(absl::Duration grace);

 private:
  AccessServer() = default;
  std::unique_ptr<pg::Pool> pool_;
  std::unique_ptr<identity_client::KeyAuthenticator> authenticator_;
  std::unique_ptr<org_client::OrgLockScopes> scopes_;
  std::unique_ptr<IdentityUserDirectory> users_;
  std::unique_ptr<Access> access_;
  std::unique_ptr<AccessService> service_;
  std::unique_ptr<rpc::Server> server_;
  std::unique_ptr<service::Backbone> backbone_;  // relay, consumers, housekeeping
};

std::vector<pg::MigrationSet> AccessMigrations();

}  // namespace keyway::access
