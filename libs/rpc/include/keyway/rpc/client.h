#pragma once
// Clients of Keyway services: one long-lived channel per downstream service,
// and a context with a deadline for every call.

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/time/time.h"

namespace keyway::rpc {

// A channel to `target` (host:port) with keepalive, and retries of calls that
// fail with UNAVAILABLE before reaching the server.
std::shared_ptr<grpc::Channel> MakeChannel(const std::string& target);

// A client context whose call must finish within `deadline`; with a bearer
// token when one is given.
std::unique_ptr<grpc::ClientContext> MakeContext(absl::Duration deadline,
                                                 const std::string& bearer_token = "");

}  // namespace keyway::rpc
