#pragma once
// The body of every unary handler: runs the logic, turns its absl::Status
// into a grpc::Status, and lets no exception escape (an unexpected one is
// logged and answered INTERNAL with nothing that could leak data).

#include <grpcpp/server_context.h>

#include <exception>

#include "absl/status/statusor.h"
#include "keyway/core/log.h"
#include "keyway/rpc/call.h"
#include "keyway/rpc/status.h"

namespace keyway::rpc {

// INTERNAL naming the call's request id (so a person can quote it), after
// logging what escaped once; nothing of the exception reaches the caller.
grpc::Status InternalErrorOfCall(const grpc::ServerContextBase* context, const char* what);

// Every handler's body: the call is refused as its admission says (the
// method's declared callers, checked by the interceptor), or `fn` runs.
template <typename Fn>
grpc::Status Handle(grpc::ServerContextBase* context, Fn&& fn) {
  internal::MarkHandled(context);
  if (absl::Status admitted = internal::AdmissionOf(context); !admitted.ok()) {
    return ToGrpcStatus(admitted);
  }
  try {
    return ToGrpcStatus(fn());
  } catch (const std::exception& e) {
    return InternalErrorOfCall(context, e.what());
  } catch (...) {
    return InternalErrorOfCall(context, "an exception that is not a std::exception");
  }
}

// A handler for an authenticated call: runs `fn(const Caller&)`, or answers
// UNAUTHENTICATED when the call has no valid token.
template <typename Fn>
grpc::Status AsCaller(grpc::ServerContext* context, Fn&& fn) {
  return Handle(context, [&]() -> absl::Status {
    auto principal = CallerOf(context);
    if (!principal.ok()) return principal.status();
    std::string authorization = MetadataValue(context, "authorization");
    return fn(Caller{*principal, CallInfoOf(context).peer,
                     authorization.size() > 7 ? authorization.substr(7) : ""});
  });
}

// Moves a result into the response (or the response field) it belongs in.
template <typename T, typename Out>
absl::Status Fill(absl::StatusOr<T> result, Out* out) {
  if (!result.ok()) return result.status();
  *out = std::move(*result);
  return absl::OkStatus();
}

}  // namespace keyway::rpc
