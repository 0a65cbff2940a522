// keyway-gateway: where devices meet Keyway: Bridge sessions, the phone app's sync, lock
// commands and activity logs.
#include "absl/flags/flag.h"
#include "gateway_server.h"
#include "keyway/service/main.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50055", "gRPC address (host:port)");
ABSL_FLAG(std::string, metrics_listen, "127.0.0.1:9155", "Prometheus /metrics address");
ABSL_FLAG(std::string, identity, "127.0.0.1:50051", "identity's gRPC address");
ABSL_FLAG(std::string, org, "127.0.0.1:50052", "org's gRPC address");
ABSL_FLAG(std::string, access, "127.0.0.1:50053", "access's gRPC address");
ABSL_FLAG(std::string, jobs, "127.0.0.1:50054", "jobs' gRPC address");
ABSL_FLAG(absl::Duration, activity_log_retention, absl::Hours(24 * 400),
          "how long activity logs are kept (L5); whole months older than this are dropped");
ABSL_FLAG(int, bridge_workers, 16,
          "threads for what Bridge sessions wait on (org, jobs, Redis, PostgreSQL); "
          "an open session holds none");

int main(int argc, char** argv) {
  using namespace keyway;
  return service::Main<gateway::GatewayServer>(
      "gateway", "keyway-gateway: devices (Bridge sessions, app sync, lock commands).", argc, argv,
      [](const rpc::CommonFlags& common, service::RuntimeOptions runtime) {
        gateway::GatewayServerOptions options;
        static_cast<service::RuntimeOptions&>(options) = std::move(runtime);
        options.replica = options.consumer_name;
        options.events_stream = common.stream_prefix + "keyway.gateway.events";
        options.listen = absl::GetFlag(FLAGS_listen);
        options.metrics_listen = absl::GetFlag(FLAGS_metrics_listen);
        options.identity_address = absl::GetFlag(FLAGS_identity);
        options.org_address = absl::GetFlag(FLAGS_org);
        options.access_address = absl::GetFlag(FLAGS_access);
        options.jobs_address = absl::GetFlag(FLAGS_jobs);
        options.activity_log_retention = absl::GetFlag(FLAGS_activity_log_retention);
        options.bridge_workers = absl::GetFlag(FLAGS_bridge_workers);
        options.presence_prefix = common.stream_prefix + "keyway:presence:";
        options.jobs_events_stream = common.stream_prefix + "keyway.jobs.events";
        return gateway::GatewayServer::Start(options);
      });
}
