#pragma once
// What the interceptor learned about the current call, for its handler:
// who calls (the principal from the bearer token), from where, and the
// request id that ties the call's log line to the caller's.

#include <grpcpp/server_context.h>

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "keyway/auth/principal.h"

namespace keyway::rpc {

struct CallInfo {
  std::string method;
  std::string request_id;
  std::string peer;  // the client's address without the port, e.g. "127.0.0.1"
  // OK when the method's declared callers admit the call (admission.h);
  // otherwise the answer the handler gives without running.
  absl::Status admission = absl::InternalError("call not registered: the server lacks its interceptor");
  // Set when a valid access token came with the call; otherwise why not.
  absl::StatusOr<auth::Principal> principal = absl::UnauthenticatedError(
      "this call needs `authorization: Bearer <access token>`: log in first");
  // The calling service's name (or "operator") when it came with its credential.
  std::string service;
  bool handled = false;  // a Keyway handler ran (internal::MarkHandled)
};

// An authenticated caller, as the logic layers of the services see it.
struct Caller {
  auth::Principal principal;
  std::string peer;
  std::string bearer_token;  // to call other services as the caller, with their rights
};

// The principal of an authenticated call, or UNAUTHENTICATED with the reason.
absl::StatusOr<auth::Principal> CallerOf(const grpc::ServerContextBase* context);
// The call's details (method, request id, peer); a blank CallInfo outside interceptors.
CallInfo CallInfoOf(const grpc::ServerContextBase* context);
// The value of a request metadata key, or empty.
std::string MetadataValue(const grpc::ServerContextBase* context, const std::string& key);
// The service (or "operator") whose credential came with the call; empty for people.
std::string ServiceCallerOf(const grpc::ServerContextBase* context);
// The client's address without its port, from gRPC's peer string.
std::string PeerAddress(const std::string& grpc_peer);

namespace internal {
void RegisterCall(const grpc::ServerContextBase* context, CallInfo info);
void UnregisterCall(const grpc::ServerContextBase* context);
// Records that a Keyway handler ran for the call; a call that ends with gRPC's
// bare INTERNAL without one never got past the decoding of its request.
void MarkHandled(const grpc::ServerContextBase* context);
// The call's admission (CallInfo::admission) without copying the rest.
absl::Status AdmissionOf(const grpc::ServerContextBase* context);
bool WasHandled(const grpc::ServerContextBase* context);
}  // namespace internal

}  // namespace keyway::rpc
