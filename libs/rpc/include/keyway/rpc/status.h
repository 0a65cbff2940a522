#pragma once
// absl::Status inside, grpc::Status at the edge: the codes map one to one.

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace keyway::rpc {

grpc::Status ToGrpcStatus(const absl::Status& status);
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace keyway::rpc
