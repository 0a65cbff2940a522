// keyway-org: organisations, departments, properties, locks and lock scope.
#include "absl/flags/flag.h"
#include "keyway/service/main.h"
#include "org_server.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50052", "gRPC address (host:port)");
ABSL_FLAG(std::string, metrics_listen, "127.0.0.1:9152", "Prometheus /metrics address");
ABSL_FLAG(std::string, identity, "127.0.0.1:50051", "identity's gRPC address");
ABSL_FLAG(std::string, access, "127.0.0.1:50053", "access's gRPC address (PIN facts for D5, D6)");

int main(int argc, char** argv) {
  using namespace keyway;
  return service::Main<org::OrgServer>(
      "org", "keyway-org: organisations, departments, properties, locks, lock scope.", argc, argv,
      [](const rpc::CommonFlags& common, service::RuntimeOptions runtime) {
        org::OrgServerOptions options;
        static_cast<service::RuntimeOptions&>(options) = std::move(runtime);
        options.listen = absl::GetFlag(FLAGS_listen);
        options.metrics_listen = absl::GetFlag(FLAGS_metrics_listen);
        options.identity_address = absl::GetFlag(FLAGS_identity);
        options.access_address = absl::GetFlag(FLAGS_access);
        options.config.events_stream = common.stream_prefix + "keyway.org.events";
        options.identity_events_stream = common.stream_prefix + "keyway.identity.events";
        options.gateway_events_stream = common.stream_prefix + "keyway.gateway.events";
        return org::OrgServer::Start(options);
      });
}
