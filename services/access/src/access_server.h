#pragma once
// Everything the access binary runs, assembled on the service runtime: org's
// lock scope, identity's user directory, the logic, its gRPC service and the
// consumers of org's, identity's and jobs' events.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "access.h"
#include "access_service.h"
#include "keyway/pg/migrate.h"
#include "keyway/service/runtime.h"

namespace keyway::access {

struct AccessServerOptions : service::RuntimeOptions {
  std::string org_address;
  std::string org_events_stream = "keyway.org.events";  // LockPaired: secrets; LockIntervalsChanged: jobs
  std::string identity_events_stream = "keyway.identity.events";  // UserDeactivated: U5
  std::string jobs_events_stream = "keyway.jobs.events";          // job outcomes: A5-A7
  AccessConfig config;
};

class AccessServer {
 public:
  static absl::StatusOr<std::unique_ptr<AccessServer>> Start(AccessServerOptions options);
  ~AccessServer();
  int port() const { return runtime_->port(); }
  int metrics_port() const { return runtime_->metrics_port(); }
  pg::Pool& pool() { return runtime_->pool(); }
  void Shutdown(absl::Duration grace) { runtime_->Shutdown(grace); }

 private:
  AccessServer() = default;
  std::unique_ptr<service::Runtime> runtime_;
  std::unique_ptr<org_client::OrgLockScopes> scopes_;
  std::unique_ptr<IdentityUserDirectory> users_;
  std::unique_ptr<Access> access_;
  std::unique_ptr<AccessService> service_;
  std::unique_ptr<AccessInternalService> internal_;
};

std::vector<pg::MigrationSet> AccessMigrations();

}  // namespace keyway::access
