#pragma once
// absl::Status inside, grpc::Status at the edge: the codes map one to one.

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace keyway::rpc {

grpc::Status ToGrpcStatus(const absl::Status& status);
absl::Status FromGrpcStatus(const grpc::Status& status);
// The answer of another Keyway service, `service` ("org", "identity", ...):
// passed through, except that a service that did not answer in time becomes
// UNAVAILABLE "the <service> service is unreachable; try again shortly".
absl::Status FromPeerStatus(const grpc::Status& status, const char* service);

}  // namespace keyway::rpc
