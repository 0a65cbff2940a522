#pragma once
// The flags every service binary takes (each with its KEYWAY_<FLAG>
// environment fallback): its database, Redis, stream prefix and shutdown
// grace. A service adds its own beside them.

#include <string>

#include "absl/time/time.h"

namespace keyway::rpc {

struct CommonFlags {
  std::string db;  // required
  int db_pool_size;
  std::string redis_host;
  int redis_port;
  std::string stream_prefix;
  absl::Duration shutdown_grace;
};

// After ParseFlags. Exits with a message when --db is missing.
CommonFlags ReadCommonFlags();

}  // namespace keyway::rpc
