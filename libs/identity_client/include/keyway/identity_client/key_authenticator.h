#pragma once
// How every service other than identity authenticates calls: it verifies
// access tokens locally with the public keys identity publishes
// (GetSigningKeys), and refuses those identity revoked since they were
// issued (S4): a session ended (logout, deactivation, a refresh token
// reused) or a membership changed (a new role, a deactivation: the token's
// version is older than the membership's).
//
// Nothing here calls identity while a request waits, but for a token signed
// by a key not seen yet (identity rotated it), which waits at most half a
// second for the next round, and only while identity answers. Tick(), run by
// the service runtime every 250 ms, reads the revocations since the last
// round, and the keys every 30 s or when a token asked for them: a revoked
// session is refused everywhere within a second, and a restart of Redis (or
// of this service, which reads the last day's revocations at start) changes
// nothing.

#include <memory>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "keyway/auth/token.h"
#include "keyway/core/clock.h"
#include "keyway/identity/v1/identity_service.grpc.pb.h"
#include "keyway/rpc/admission.h"

namespace keyway::identity_client {

class KeyAuthenticator final : public rpc::Authenticator {
 public:
  // `service_credential`: this service's own, for identity's ListRevocations.
  KeyAuthenticator(std::shared_ptr<grpc::Channel> identity, const core::Clock& clock,
                   std::string service_credential,
                   absl::Duration refetch_keys_every = absl::Seconds(30));

  // Fetches the keys now; UNAVAILABLE when identity cannot be reached.
  absl::Status Refresh();
  // Reads the revocations since the last read; UNAVAILABLE when identity
  // cannot be reached (what is known stays known).
  absl::Status PollRevocations();
  // One round: revocations, and the keys when due or asked for.
  void Tick();

  absl::StatusOr<auth::Principal> Authenticate(const std::string& token) override;

 private:
  // Why a verified token must still be refused, or OK.
  absl::Status Revoked(const auth::TokenClaims& claims) ABSL_SHARED_LOCKS_REQUIRED(mu_);

  std::unique_ptr<identity::v1::IdentityService::Stub> stub_;
  std::unique_ptr<identity::v1::IdentityInternalService::Stub> internal_;
  const core::Clock& clock_;
  const std::string credential_;
  const absl::Duration refetch_keys_every_;

  absl::Mutex mu_;
  auth::KeySet keys_ ABSL_GUARDED_BY(mu_);
  int64_t keys_generation_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Time keys_fetched_at_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  bool keys_fetch_ok_ ABSL_GUARDED_BY(mu_) = false;
  bool keys_wanted_ ABSL_GUARDED_BY(mu_) = false;
  // Revocations: ended sessions, and each membership's lowest valid version,
  // each with when it was learnt (forgotten after a day, as identity does).
  absl::flat_hash_map<std::string, absl::Time> ended_sessions_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::pair<std::string, std::string>, std::pair<int64_t, absl::Time>>
      versions_ ABSL_GUARDED_BY(mu_);
  int64_t last_sequence_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Time pruned_at_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  bool poll_failing_ = false;  // only Tick's thread
};

}  // namespace keyway::identity_client
