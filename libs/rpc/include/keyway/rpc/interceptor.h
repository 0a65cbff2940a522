#pragma once
// The middleware every Keyway server gets: authentication of the bearer
// token, a request id, one structured log line and the metrics of each call.

#include <grpcpp/support/server_interceptor.h>

#include <memory>
#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "keyway/auth/principal.h"
#include "keyway/rpc/metrics.h"

namespace keyway::rpc {

// Turns a bearer token into the principal it stands for.
class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // UNAUTHENTICATED, with the reason, for a token that is not (or no longer) valid.
  virtual absl::StatusOr<auth::Principal> Authenticate(const std::string& token) = 0;
};

struct InterceptorOptions {
  Authenticator* authenticator = nullptr;  // null: no call carries a principal
  // Full method names ("/pkg.Service/Method") that need no token. Every other
  // method must take its caller from CallerOf(); one that answers OK without
  // an authenticated caller is a bug, answered INTERNAL and logged.
  absl::flat_hash_set<std::string> public_methods;
  ServerMetrics* metrics = nullptr;
};

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> MakeInterceptorFactory(
    const InterceptorOptions* options);

}  // namespace keyway::rpc
