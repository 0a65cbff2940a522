#pragma once
// What every Keyway service runs on, in the one order that is safe: its
// database (pool and migrations), the authentication of people's access
// tokens, the gRPC server (health tied to the migrations, reflection,
// metrics, each method's declared callers), the event plumbing (the outbox
// relay, consumers of other services' streams, housekeeping), its timers,
// and a shutdown that stops them in reverse: timers first, then the server
// within its grace, then the service's own last steps, then the events.
//
// A service's *Server::Start opens a Runtime, builds its logic on pool(),
// calls Serve() with its gRPC services, then Consume() and Every().

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "keyway/core/clock.h"
#include "keyway/core/periodic.h"
#include "keyway/events/consumer.h"
#include "keyway/pg/migrate.h"
#include "keyway/pg/pool.h"
#include "keyway/rpc/server.h"
#include "keyway/service/backbone.h"
#include "keyway/service/operations_service.h"

namespace keyway::service {

// The options every service takes; each service's options extend them.
struct RuntimeOptions {
  std::string db;  // libpq connection string of the service's own database
  int db_pool_size = 16;
  std::string redis_host = "127.0.0.1";
  int redis_port = 6379;
  std::string listen = "127.0.0.1:0";  // gRPC host:port; port 0 picks one
  std::string metrics_listen;          // /metrics host:port; empty for none
  absl::Duration readiness_interval = absl::Seconds(1);
  const core::Clock* clock = &core::SystemClock::Instance();
  // This replica's name in its service's consumer groups (unique per replica).
  std::string consumer_name;
  // Where people's access tokens are checked: identity's address, whose
  // published keys verify them. Empty: the service brings its own
  // authenticator (identity itself), or takes no people.
  std::string identity_address;
  // The credentials it takes other than access tokens (S3): the operator's,
  // and the digests of the services that may call its internal methods
  // ("gateway:<sha256 hex>,jobs:<sha256 hex>").
  std::string operator_token;
  std::string service_callers;
  // Its own credential, presented to the services it calls.
  std::string service_credential;
  // K3: start, with a warning, on a Redis that may lose what it acknowledged.
  bool accept_redis_data_loss = false;
  // S10: the load balancers whose X-Forwarded-For names the client
  // ("10.0.0.0/8,fd00::/8"); empty trusts none.
  std::string trusted_proxies;
};

class Runtime {
 public:
  // Opens the pool and applies `migrations`; UNAVAILABLE when the database
  // cannot be reached, FAILED_PRECONDITION for an edited or newer schema or
  // a Redis that may lose acknowledged events (redis::CheckDurable),
  // INVALID_ARGUMENT for malformed credentials.
  static absl::StatusOr<std::unique_ptr<Runtime>> Open(const RuntimeOptions& options,
                                                       std::vector<pg::MigrationSet> migrations);
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  pg::Pool& pool() { return *pool_; }
  const RuntimeOptions& options() const { return options_; }
  const core::Clock& clock() const { return *options_.clock; }
  // Verifies access tokens (identity's keys), or what UseAuthenticator set.
  rpc::Authenticator* authenticator() { return authenticator_.get(); }
  // Before Serve(): a service that checks access tokens itself (identity).
  void UseAuthenticator(std::unique_ptr<rpc::Authenticator> authenticator);

  // Serves `services` and the OperationsInternalService (the dead letters of
  // what it consumes); FAILED_PRECONDITION when a method declares no callers.
  absl::Status Serve(std::vector<rpc::HostedService> services);
  // Applies the events of `stream` (only `types`, when given) in this
  // service's consumer group `group`, from now until shutdown.
  void Consume(const std::string& stream, const std::string& group,
               events::Consumer::Handler handler, std::vector<std::string> types = {});
  // Runs `task` every `interval` until shutdown.
  void Every(absl::Duration interval, std::function<void()> task);
  // Runs at shutdown, once the server takes no more calls and before the
  // event plumbing stops; the last added runs first.
  void OnShutdown(std::function<void()> step);

  int port() const { return server_ ? server_->port() : 0; }
  int metrics_port() const { return server_ ? server_->metrics_port() : 0; }
  rpc::Server& server() { return *server_; }
  // Idempotent.
  void Shutdown(absl::Duration grace);

 private:
  Runtime(RuntimeOptions options, std::vector<pg::MigrationSet> migrations);

  const RuntimeOptions options_;
  const std::vector<pg::MigrationSet> migrations_;
  rpc::ServiceCredentials credentials_;
  core::TrustedProxies trusted_proxies_;
  std::unique_ptr<pg::Pool> pool_;
  std::unique_ptr<rpc::Authenticator> authenticator_;
  std::unique_ptr<OperationsInternalService> operations_;  // outlives the server that calls it
  std::unique_ptr<rpc::Server> server_;
  std::unique_ptr<Backbone> backbone_;
  std::vector<std::unique_ptr<core::PeriodicTask>> timers_;
  std::vector<std::function<void()>> shutdown_steps_;
  bool shut_down_ = false;
};

}  // namespace keyway::service
