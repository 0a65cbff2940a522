#pragma once
// The flags every service binary takes (each with its KEYWAY_<FLAG>
// environment fallback): its database, Redis, stream prefix, shutdown grace
// and credentials. A service adds its own beside them.

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace keyway::rpc {

struct CommonFlags {
  std::string db;  // required
  int db_pool_size;
  std::string redis_host;
  int redis_port;
  std::string stream_prefix;
  absl::Duration shutdown_grace;
  // S3: the credentials the service takes besides access tokens, and its own.
  std::string operator_token;      // empty: no operator call is admitted
  std::string service_callers;     // "name:sha256hex,...": services that may call it
  std::string service_credential;  // presented to the services it calls
  bool accept_redis_data_loss = false;  // K3: warn, not refuse, on a Redis that may lose events
  std::string trusted_proxies;  // S10: whose X-Forwarded-For is believed
};

// After ParseFlags. Exits with a message when --db is missing.
CommonFlags ReadCommonFlags();

// --key_encryption_key as its 32 raw bytes (for the services that seal
// secrets at rest); INVALID_ARGUMENT naming the flag when it is missing or
// malformed.
absl::StatusOr<std::string> KeyEncryptionKeyFlag();

// --notify_public_key as its 32 raw bytes (for the services that publish
// secrets, sealed for notify: identity and access); INVALID_ARGUMENT naming
// the flag when it is missing or malformed.
absl::StatusOr<std::string> NotifyPublicKeyFlag();

}  // namespace keyway::rpc
