// keyway-org: organisations, departments, properties, locks and lock scope.
#include <iostream>

#include "absl/flags/flag.h"
#include "keyway/rpc/flags.h"
#include "keyway/rpc/service_flags.h"
#include "org_server.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50052", "gRPC address (host:port)");
ABSL_FLAG(std::string, metrics_listen, "127.0.0.1:9152", "Prometheus /metrics address");
ABSL_FLAG(std::string, identity, "127.0.0.1:50051", "identity's gRPC address");
ABSL_FLAG(std::string, access, "127.0.0.1:50053", "access's gRPC address (PIN facts for D5, D6)");
ABSL_FLAG(std::string, identity_operator_token, "",
          "identity's operator credential, to create each new organisation's Owner");
ABSL_FLAG(std::string, gateway_token, "",
          "the credential the gateway presents to AuthenticateBridge; empty refuses it");
ABSL_FLAG(std::string, operator_token, "",
          "credential for the operator-only CreateOrganisation; empty disables it");

int main(int argc, char** argv) {
  keyway::rpc::BlockShutdownSignals();
  keyway::rpc::ParseFlags(argc, argv,
                          "keyway-org: organisations, departments, properties, locks, lock scope.\n"
                          "Every flag can also be set as KEYWAY_<FLAG>, e.g. KEYWAY_DB.");
  const keyway::rpc::CommonFlags common = keyway::rpc::ReadCommonFlags();
  keyway::org::OrgServerOptions options;
  options.db = common.db;
  options.db_pool_size = common.db_pool_size;
  options.redis_host = common.redis_host;
  options.redis_port = common.redis_port;
  options.listen = absl::GetFlag(FLAGS_listen);
  options.metrics_listen = absl::GetFlag(FLAGS_metrics_listen);
  options.identity_address = absl::GetFlag(FLAGS_identity);
  options.access_address = absl::GetFlag(FLAGS_access);
  options.identity_operator_token = absl::GetFlag(FLAGS_identity_operator_token);
  options.operator_token = absl::GetFlag(FLAGS_operator_token);
  options.gateway_token = absl::GetFlag(FLAGS_gateway_token);
  options.config.events_stream = common.stream_prefix + "keyway.org.events";
  options.identity_events_stream = common.stream_prefix + "keyway.identity.events";
  options.gateway_events_stream = common.stream_prefix + "keyway.gateway.events";
  options.consumer_name = keyway::rpc::ReplicaName("org");

  return keyway::rpc::ServeUntilSignal("org", keyway::org::OrgServer::Start(options),
                                       common.shutdown_grace);
}
