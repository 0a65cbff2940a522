#pragma once
// The middleware every Keyway server gets: admission of each call by its
// method's declared callers (admission.h), a request id, one structured log
// line and the metrics of each call.

#include <grpcpp/support/server_interceptor.h>

#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "keyway/core/client_address.h"
#include "keyway/rpc/admission.h"
#include "keyway/rpc/callers.h"
#include "keyway/rpc/metrics.h"

namespace keyway::rpc {

struct InterceptorOptions {
  Authenticator* authenticator = nullptr;  // null: no call carries a principal
  ServiceCredentials credentials;          // the operator's and other services'
  // Each hosted method's declaration, by full name ("/pkg.Service/Method").
  // Infrastructure (health, reflection) needs none; any other method without
  // one is refused INTERNAL (Server::Start refuses such a service first). A
  // handler that answers OK to a call that was not admitted is a bug,
  // answered INTERNAL and logged.
  absl::flat_hash_map<std::string, DeclaredCallers> declared;
  ServerMetrics* metrics = nullptr;
  // S10: whose X-Forwarded-For names the client (CallInfo::peer).
  core::TrustedProxies trusted_proxies;
};

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> MakeInterceptorFactory(
    const InterceptorOptions* options);

}  // namespace keyway::rpc
