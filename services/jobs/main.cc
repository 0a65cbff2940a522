// keyway-jobs: changes queued for locks, and what became of them.
#include "absl/flags/flag.h"
#include "jobs_server.h"
#include "keyway/rpc/flags.h"
#include "keyway/rpc/service_flags.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50054", "gRPC address (host:port)");
ABSL_FLAG(std::string, metrics_listen, "127.0.0.1:9154", "Prometheus /metrics address");
ABSL_FLAG(std::string, identity, "127.0.0.1:50051", "identity's gRPC address");
ABSL_FLAG(std::string, org, "127.0.0.1:50052", "org's gRPC address");
ABSL_FLAG(std::string, gateway_token, "",
          "the credential the gateway presents to ReportJobResult; empty refuses every report");

int main(int argc, char** argv) {
  keyway::rpc::BlockShutdownSignals();
  keyway::rpc::ParseFlags(argc, argv,
                          "keyway-jobs: lock jobs (J1-J4).\n"
                          "Every flag can also be set as KEYWAY_<FLAG>, e.g. KEYWAY_DB.");
  const keyway::rpc::CommonFlags common = keyway::rpc::ReadCommonFlags();
  keyway::jobs::JobsServerOptions options;
  options.db = common.db;
  options.db_pool_size = common.db_pool_size;
  options.redis_host = common.redis_host;
  options.redis_port = common.redis_port;
  options.listen = absl::GetFlag(FLAGS_listen);
  options.metrics_listen = absl::GetFlag(FLAGS_metrics_listen);
  options.identity_address = absl::GetFlag(FLAGS_identity);
  options.org_address = absl::GetFlag(FLAGS_org);
  options.access_events_stream = common.stream_prefix + "keyway.access.events";
  options.org_events_stream = common.stream_prefix + "keyway.org.events";
  options.consumer_name = keyway::rpc::ReplicaName("jobs");
  options.gateway_token = absl::GetFlag(FLAGS_gateway_token);
  options.config.events_stream = common.stream_prefix + "keyway.jobs.events";
  return keyway::rpc::ServeUntilSignal("jobs", keyway::jobs::JobsServer::Start(options),
                                       common.shutdown_grace);
}
