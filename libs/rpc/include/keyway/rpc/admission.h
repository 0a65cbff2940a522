#pragma once
// The one decision every call goes through before its handler: does the
// credential it carries match what its method declares (callers.h)?

#include <string>

#include "absl/status/statusor.h"
#include "keyway/auth/principal.h"
#include "keyway/rpc/callers.h"

namespace keyway::rpc {

// Turns a bearer token into the principal it stands for.
class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // UNAUTHENTICATED, with the reason, for a token that is not (or no longer) valid.
  virtual absl::StatusOr<auth::Principal> Authenticate(const std::string& token) = 0;
};

struct Admission {
  // OK when the call may reach its handler; otherwise what to answer:
  // UNAUTHENTICATED without a credential the method takes, PERMISSION_DENIED
  // with one it does not.
  absl::Status status;
  // The person, when an access token came and verified (public methods too).
  absl::StatusOr<auth::Principal> principal = absl::UnauthenticatedError(
      "this call needs `authorization: Bearer <access token>`: log in first");
  // The calling service's name, or "operator", when its credential came.
  std::string service;
};

// `bearer`: the token of `authorization: Bearer <token>`, empty when none.
// `authenticator` may be null (a server without people).
Admission Admit(const std::string& method, const DeclaredCallers& declared,
                const std::string& bearer, const ServiceCredentials& credentials,
                Authenticator* authenticator);

}  // namespace keyway::rpc
