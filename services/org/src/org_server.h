#pragma once
// Everything the org binary runs, assembled: database pool and migrations,
// the identity client (token keys and directory), the logic, the gRPC server
// and the outbox relay. main.cc and the tests start the service through it.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "keyway/service/backbone.h"
#include "identity_directory.h"
#include "keyway/core/clock.h"
#include "keyway/identity_client/key_authenticator.h"
#include "keyway/pg/migrate.h"
#include "keyway/pg/pool.h"
#include "keyway/rpc/server.h"
#include "org.h"
#include "org_service.h"

namespace keyway::org {

struct OrgServerOptions {
  std::string db;
  int db_pool_size = 16;
  std::string redis_host = "127.0.0.1";
  int redis_port = 6379;
  std::string listen = "127.0.0.1:0";
  std::string metrics_listen;
  std::string identity_address;         // host:port of identity
  std::string identity_operator_token;  // for CreateOwner
  std::string operator_token;           // for our CreateOrganisation; empty disables it
  std::string gateway_token;            // for AuthenticateBridge; empty disables it
  OrgConfig config;
  const core::Clock* clock = &core::SystemClock::Instance();
  AccessFacts* access = nullptr;  // a test's; else from `access_address`
  std::string access_address;     // host:port of access; empty: NoAccessYet
  absl::Duration readiness_interval = absl::Seconds(1);
  // identity's stream, consumed for U4; empty: not consumed.
  std::string identity_events_stream = "keyway.identity.events";
  std::string gateway_events_stream = "keyway.gateway.events";  // L1: battery, last sync
  std::string consumer_name = "org";  // unique per replica
};

class OrgServer {
 public:
  static absl::StatusOr<std::unique_ptr<OrgServer>> Start(OrgServerOptions options);
  ~OrgServer();

  int port() const { return server_->port(); }
  int metrics_port() const { return server_->metrics_port(); }
  pg::Pool& pool() { return *pool_; }
  void Shutdown(absl::Duration grace);

 private:
  OrgServer() = default;
  std::unique_ptr<pg::Pool> pool_;
  std::unique_ptr<identity_client::KeyAuthenticator> authenticator_;
  std::unique_ptr<IdentityDirectory> directory_;
  NoAccessYet no_access_;
  std::unique_ptr<AccessFacts> access_facts_;
  std::unique_ptr<Org> org_;
  std::unique_ptr<OrgService> service_;
  std::unique_ptr<rpc::Server> server_;
  std::unique_ptr<service::Backbone> backbone_;  // relay, consumers, housekeeping
};

std::vector<pg::MigrationSet> OrgMigrations();

}  // namespace keyway::org
