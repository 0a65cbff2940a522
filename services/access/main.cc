// keyway-access: PINs and keys, and the per-lock secrets behind them.
#include <iostream>

#include "absl/flags/flag.h"
#include "access_server.h"
#include "keyway/core/seal.h"
#include "keyway/rpc/flags.h"
#include "keyway/rpc/service_flags.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50053", "gRPC address (host:port)");
ABSL_FLAG(std::string, metrics_listen, "127.0.0.1:9153", "Prometheus /metrics address");
ABSL_FLAG(std::string, identity, "127.0.0.1:50051", "identity's gRPC address");
ABSL_FLAG(std::string, org, "127.0.0.1:50052", "org's gRPC address");
ABSL_FLAG(std::string, key_encryption_key, "",
          "32 bytes, unpadded base64url: seals the lock secrets at rest");

int main(int argc, char** argv) {
  keyway::rpc::BlockShutdownSignals();
  keyway::rpc::ParseFlags(argc, argv,
                          "keyway-access: PINs, keys and lock secrets.\n"
                          "Every flag can also be set as KEYWAY_<FLAG>, e.g. KEYWAY_DB.");
  const keyway::rpc::CommonFlags common = keyway::rpc::ReadCommonFlags();
  auto kek = keyway::core::ParseKeyEncryptionKey(absl::GetFlag(FLAGS_key_encryption_key));
  if (!kek.ok()) {
    std::cerr << "--key_encryption_key (KEYWAY_KEY_ENCRYPTION_KEY): " << kek.status().message() << "\n";
    return 2;
  }
  keyway::access::AccessServerOptions options;
  options.db = common.db;
  options.db_pool_size = common.db_pool_size;
  options.redis_host = common.redis_host;
  options.redis_port = common.redis_port;
  options.listen = absl::GetFlag(FLAGS_listen);
  options.metrics_listen = absl::GetFlag(FLAGS_metrics_listen);
  options.identity_address = absl::GetFlag(FLAGS_identity);
  options.org_address = absl::GetFlag(FLAGS_org);
  options.org_events_stream = common.stream_prefix + "keyway.org.events";
  options.identity_events_stream = common.stream_prefix + "keyway.identity.events";
  options.jobs_events_stream = common.stream_prefix + "keyway.jobs.events";
  options.consumer_name = keyway::rpc::ReplicaName("access");
  options.config.events_stream = common.stream_prefix + "keyway.access.events";
  options.config.key_encryption_key = *kek;
  return keyway::rpc::ServeUntilSignal("access", keyway::access::AccessServer::Start(options),
                                       common.shutdown_grace);
}
