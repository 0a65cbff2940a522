#include "keyway/rpc/service_flags.h"

#include <cstdlib>
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "keyway/core/seal.h"
#include "keyway/core/sealed_box.h"

ABSL_FLAG(std::string, db, "", "PostgreSQL connection string of the service's own database");
ABSL_FLAG(int, db_pool_size, 16, "most database connections at once");
ABSL_FLAG(std::string, redis_host, "127.0.0.1", "Redis host");
ABSL_FLAG(int, redis_port, 6379, "Redis port");
ABSL_FLAG(std::string, stream_prefix, "", "prefix of the Redis stream names (to share a Redis)");
ABSL_FLAG(absl::Duration, shutdown_grace, absl::Seconds(10),
          "how long calls in flight may take to finish on SIGTERM");
ABSL_FLAG(std::string, operator_token, "",
          "the operator's credential, for the calls declared for the operator; empty admits none");
ABSL_FLAG(std::string, service_callers, "",
          "the services that may call this one's internal methods, as name:sha256hex of their "
          "--service_credential, comma-separated (gateway:9f86...,jobs:2c26...)");
ABSL_FLAG(std::string, key_encryption_key, "",
          "32 bytes, unpadded base64url: seals this service's secrets at rest (identity's "
          "signing keys, access's lock secrets)");
ABSL_FLAG(std::string, service_credential, "",
          "this service's own credential, presented to the services it calls");
ABSL_FLAG(std::string, notify_public_key, "",
          "32 bytes, unpadded base64url: the notify service's public key, for which identity "
          "and access seal the secrets they publish (K4)");
ABSL_FLAG(std::string, trusted_proxies, "",
          "load balancers whose X-Forwarded-For names the client, for throttles and the audit "
          "trail: IP addresses or CIDR ranges, comma-separated (10.0.0.0/8,fd00::/8); empty "
          "trusts none");
ABSL_FLAG(bool, accept_redis_data_loss, false,
          "start although Redis may lose events it acknowledged (no appendonly with appendfsync "
          "always): a warning instead of a refusal");

namespace keyway::rpc {

CommonFlags ReadCommonFlags() {
  CommonFlags f{absl::GetFlag(FLAGS_db),
                absl::GetFlag(FLAGS_db_pool_size),
                absl::GetFlag(FLAGS_redis_host),
                absl::GetFlag(FLAGS_redis_port),
                absl::GetFlag(FLAGS_stream_prefix),
                absl::GetFlag(FLAGS_shutdown_grace),
                absl::GetFlag(FLAGS_operator_token),
                absl::GetFlag(FLAGS_service_callers),
                absl::GetFlag(FLAGS_service_credential),
                absl::GetFlag(FLAGS_accept_redis_data_loss),
                absl::GetFlag(FLAGS_trusted_proxies)};
  if (f.db.empty()) {
    std::cerr << "--db (or KEYWAY_DB) is required: a PostgreSQL connection string\n";
    std::exit(2);
  }
  return f;
}

absl::StatusOr<std::string> KeyEncryptionKeyFlag() {
  auto kek = core::ParseKeyEncryptionKey(absl::GetFlag(FLAGS_key_encryption_key));
  if (!kek.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--key_encryption_key (KEYWAY_KEY_ENCRYPTION_KEY): ", kek.status().message()));
  }
  return kek;
}

absl::StatusOr<std::string> NotifyPublicKeyFlag() {
  return core::ParseBoxKey(absl::GetFlag(FLAGS_notify_public_key),
                           "--notify_public_key (KEYWAY_NOTIFY_PUBLIC_KEY)");
}

}  // namespace keyway::rpc
