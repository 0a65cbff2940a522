#include "keyway/rpc/status.h"

#include "absl/strings/str_cat.h"

#include <string>

namespace keyway::rpc {

// Both enums use the canonical codes of google.rpc.Code, so a cast is exact.
grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      std::string(status.message()));
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      status.error_message());
}

absl::Status FromPeerStatus(const grpc::Status& status, const char* service) {
  if (status.error_code() == grpc::StatusCode::UNAVAILABLE ||
      status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
    return absl::UnavailableError(
        absl::StrCat("the ", service, " service is unreachable; try again shortly"));
  }
  return FromGrpcStatus(status);
}

}  // namespace keyway::rpc
