#pragma once
// How every service other than identity authenticates calls: it verifies
// access tokens locally with the public keys identity publishes
// (GetSigningKeys), fetched at start and again when a token names a key it
// has not seen (identity rotated its key), at most once per `refetch_after`.

#include <memory>
#include <string>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "keyway/auth/token.h"
#include "keyway/core/clock.h"
#include "keyway/identity/v1/identity_service.grpc.pb.h"
#include "keyway/rpc/interceptor.h"

namespace keyway::identity_client {

class KeyAuthenticator final : public rpc::Authenticator {
 public:
  KeyAuthenticator(std::shared_ptr<grpc::Channel> identity, const core::Clock& clock,
                   absl::Duration refetch_after = absl::Seconds(30));

  // Fetches the keys now; UNAVAILABLE when identity cannot be reached.
  absl::Status Refresh();

  absl::StatusOr<auth::Principal> Authenticate(const std::string& token) override;

 private:
  std::unique_ptr<identity::v1::IdentityService::Stub> stub_;
  const core::Clock& clock_;
  const absl::Duration refetch_after_;
  absl::Mutex mu_;
  auth::KeySet keys_ ABSL_GUARDED_BY(mu_);
  absl::Time fetched_at_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
};

}  // namespace keyway::identity_client
