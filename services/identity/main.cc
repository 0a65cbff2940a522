// keyway-identity: users, invitations, logins and the keys that sign tokens.
#include <iostream>

#include "absl/flags/flag.h"
#include "identity_server.h"
#include "keyway/core/seal.h"
#include "keyway/rpc/flags.h"
#include "keyway/rpc/service_flags.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50051", "gRPC address (host:port)");
ABSL_FLAG(std::string, metrics_listen, "127.0.0.1:9151", "Prometheus /metrics address");
ABSL_FLAG(std::string, key_encryption_key, "",
          "32 bytes, unpadded base64url: seals the token signing keys at rest");
ABSL_FLAG(std::string, operator_token, "",
          "credential for the operator-only CreateOwner call; empty disables it");
ABSL_FLAG(absl::Duration, access_token_ttl, absl::Minutes(5), "lifetime of access tokens");
ABSL_FLAG(absl::Duration, refresh_token_ttl, absl::Hours(24 * 30), "lifetime of a login session");

int main(int argc, char** argv) {
  keyway::rpc::BlockShutdownSignals();
  keyway::rpc::ParseFlags(argc, argv,
                          "keyway-identity: users, invitations, logins and token signing keys.\n"
                          "Every flag can also be set as KEYWAY_<FLAG>, e.g. KEYWAY_DB.");
  const keyway::rpc::CommonFlags common = keyway::rpc::ReadCommonFlags();
  auto kek = keyway::core::ParseKeyEncryptionKey(absl::GetFlag(FLAGS_key_encryption_key));
  if (!kek.ok()) {
    std::cerr << "--key_encryption_key (KEYWAY_KEY_ENCRYPTION_KEY): " << kek.status().message() << "\n";
    return 2;
  }
  keyway::identity::IdentityServerOptions options;
  options.db = common.db;
  options.db_pool_size = common.db_pool_size;
  options.redis_host = common.redis_host;
  options.redis_port = common.redis_port;
  options.listen = absl::GetFlag(FLAGS_listen);
  options.metrics_listen = absl::GetFlag(FLAGS_metrics_listen);
  options.key_encryption_key = *kek;
  options.operator_token = absl::GetFlag(FLAGS_operator_token);
  options.config.access_token_ttl = absl::GetFlag(FLAGS_access_token_ttl);
  options.config.refresh_token_ttl = absl::GetFlag(FLAGS_refresh_token_ttl);
  options.config.events_stream = common.stream_prefix + "keyway.identity.events";
  options.org_events_stream = common.stream_prefix + "keyway.org.events";
  options.consumer_name = keyway::rpc::ReplicaName("identity");

  return keyway::rpc::ServeUntilSignal("identity", keyway::identity::IdentityServer::Start(options),
                                       common.shutdown_grace);
}
