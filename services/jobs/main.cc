// keyway-jobs: changes queued for locks, and what became of them.
#include "absl/flags/flag.h"
#include "jobs_server.h"
#include "keyway/service/main.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50054", "gRPC address (host:port)");
ABSL_FLAG(std::string, metrics_listen, "127.0.0.1:9154", "Prometheus /metrics address");
ABSL_FLAG(std::string, identity, "127.0.0.1:50051", "identity's gRPC address");
ABSL_FLAG(std::string, org, "127.0.0.1:50052", "org's gRPC address");
ABSL_FLAG(std::string, access, "127.0.0.1:50053", "access's gRPC address (it seals commands, S6)");

int main(int argc, char** argv) {
  using namespace keyway;
  return service::Main<jobs::JobsServer>(
      "jobs", "keyway-jobs: lock jobs (J1-J4).", argc, argv,
      [](const rpc::CommonFlags& common, service::RuntimeOptions runtime) {
        jobs::JobsServerOptions options;
        static_cast<service::RuntimeOptions&>(options) = std::move(runtime);
        options.listen = absl::GetFlag(FLAGS_listen);
        options.metrics_listen = absl::GetFlag(FLAGS_metrics_listen);
        options.identity_address = absl::GetFlag(FLAGS_identity);
        options.org_address = absl::GetFlag(FLAGS_org);
        options.access_events_stream = common.stream_prefix + "keyway.access.events";
        options.access_address = absl::GetFlag(FLAGS_access);
        options.config.events_stream = common.stream_prefix + "keyway.jobs.events";
        return jobs::JobsServer::Start(options);
      });
}
