#include "keyway/rpc/handler.h"

#include "absl/strings/str_cat.h"

namespace keyway::rpc {

grpc::Status InternalErrorOfCall(const grpc::ServerContextBase* context, const char* what) {
  const std::string request_id = CallInfoOf(context).request_id;
  core::Log(core::Severity::kError, "unhandled exception in handler")
      .With("detail", what)
      .With("request_id", request_id);
  return grpc::Status(grpc::StatusCode::INTERNAL,
                      request_id.empty()
                          ? std::string("internal error")
                          : absl::StrCat("internal error (request id ", request_id,
                                         "): the operators can look it up"));
}

}  // namespace keyway::rpc
