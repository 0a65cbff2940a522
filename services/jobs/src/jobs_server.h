#pragma once
// Everything the jobs binary runs, assembled (as the other services').

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "jobs.h"
#include "jobs_service.h"
#include "keyway/identity_client/key_authenticator.h"
#include "keyway/core/periodic.h"
#include "keyway/pg/migrate.h"
#include "keyway/rpc/server.h"
#include "keyway/service/backbone.h"

namespace keyway::jobs {

struct JobsServerOptions {
  std::string db;
  int db_pool_size = 16;
  std::string redis_host = "127.0.0.1";
  int redis_port = 6379;
  std::string listen = "127.0.0.1:0";
  std::string metrics_listen;
  std::string identity_address;
  std::string org_address;
  std::string access_events_stream = "keyway.access.events";  // LockJobRequested
  std::string org_events_stream = "keyway.org.events";        // LockIntervalsChanged
  std::string consumer_name = "jobs";
  std::string gateway_token;  // ReportJobResult's credential
  JobsConfig config;
  const core::Clock* clock = &core::SystemClock::Instance();
  absl::Duration readiness_interval = absl::Seconds(1);
};

class JobsServer {
 public:
  static absl::StatusOr<std::unique_ptr<JobsServer>> Start(JobsServerOptions options);
  ~JobsServer();
  int port() const { return server_->port(); }
  int metrics_port() const { return server_->metrics_port(); }
  pg::Pool& pool() { return *pool_; }
  void Shutdown(absl::Duration grace);

 private:
  JobsServer() = default;
  std::unique_ptr<pg::Pool> pool_;
  std::unique_ptr<identity_client::KeyAuthenticator> authenticator_;
  std::unique_ptr<org_client::OrgLockScopes> scopes_;
  std::unique_ptr<Jobs> jobs_;
  std::unique_ptr<JobsService> service_;
  std::unique_ptr<rpc::Server> server_;
  std::unique_ptr<service::Backbone> backbone_;  // relay, consumer, housekeeping
  std::unique_ptr<core::PeriodicTask> expiry_;  // commands never delivered (L6)
};

std::vector<pg::MigrationSet> JobsMigrations();

}  // namespace keyway::jobs
