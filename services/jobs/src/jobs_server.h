#pragma once
// Everything the jobs binary runs, assembled on the service runtime: org's
// lock scope and lock owners, the logic, its public and internal gRPC
// services, the consumers of access's and org's events, and the expiry of
// commands never delivered.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "jobs.h"
#include "jobs_service.h"
#include "keyway/pg/migrate.h"
#include "keyway/service/runtime.h"

namespace keyway::jobs {

// `service_callers` (runtime) names the gateway; `service_credential` is what
// jobs presents to org's CheckLockOrganisation and access's SealLockCommand.
struct JobsServerOptions : service::RuntimeOptions {
  std::string org_address;
  std::string access_address;  // S6: seals commands
  std::string access_events_stream = "keyway.access.events";  // LockJobRequested
  JobsConfig config;
};

class JobsServer {
 public:
  static absl::StatusOr<std::unique_ptr<JobsServer>> Start(JobsServerOptions options);
  ~JobsServer();
  int port() const { return runtime_->port(); }
  int metrics_port() const { return runtime_->metrics_port(); }
  pg::Pool& pool() { return runtime_->pool(); }
  void Shutdown(absl::Duration grace) { runtime_->Shutdown(grace); }

 private:
  JobsServer() = default;
  std::unique_ptr<service::Runtime> runtime_;
  std::unique_ptr<org_client::OrgLockScopes> scopes_;
  std::unique_ptr<org_client::OrgLockOwners> owners_;
  std::unique_ptr<AccessCommandSealer> sealer_;
  std::unique_ptr<Jobs> jobs_;
  std::unique_ptr<JobsService> service_;
  std::unique_ptr<JobsInternalService> internal_;
};

std::vector<pg::MigrationSet> JobsMigrations();

}  // namespace keyway::jobs
