#pragma once
// Everything the org binary runs, assembled on the service runtime: the
// identity directory, access's PIN facts, the logic, its public and internal
// gRPC services and the consumers of identity's and the gateway's events.
// main.cc and the tests start the service through it.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "identity_directory.h"
#include "keyway/pg/migrate.h"
#include "keyway/service/runtime.h"
#include "org.h"
#include "org_service.h"

namespace keyway::org {

// `identity_address` (runtime) is identity's host:port; `service_credential`
// is what org presents to identity's CreateOwner.
struct OrgServerOptions : service::RuntimeOptions {
  OrgConfig config;
  AccessFacts* access = nullptr;  // a test's; else from `access_address`
  std::string access_address;     // host:port of access; empty: NoAccessYet
  // identity's stream, consumed for U4; empty: not consumed.
  std::string identity_events_stream = "keyway.identity.events";
  std::string gateway_events_stream = "keyway.gateway.events";  // L1: battery, last sync
};

class OrgServer {
 public:
  static absl::StatusOr<std::unique_ptr<OrgServer>> Start(OrgServerOptions options);
  ~OrgServer();

  int port() const { return runtime_->port(); }
  int metrics_port() const { return runtime_->metrics_port(); }
  pg::Pool& pool() { return runtime_->pool(); }
  void Shutdown(absl::Duration grace) { runtime_->Shutdown(grace); }

 private:
  OrgServer() = default;
  std::unique_ptr<service::Runtime> runtime_;
  std::unique_ptr<IdentityDirectory> directory_;
  NoAccessYet no_access_;
  std::unique_ptr<AccessFacts> access_facts_;
  std::unique_ptr<Org> org_;
  std::unique_ptr<OrgService> service_;
  std::unique_ptr<OrgInternalService> internal_;
};

std::vector<pg::MigrationSet> OrgMigrations();

}  // namespace keyway::org
