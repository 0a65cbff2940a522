#pragma once
// The identity service's logic, free of gRPC: users and their memberships,
// invitations, sessions, phone verification. Takes and returns the API's
// protobuf messages; the gRPC layer (identity_service.h) only authenticates,
// calls these and maps the status.

#include <string>

#include "absl/status/statusor.h"
#include "keyway/auth/principal.h"
#include "keyway/core/clock.h"
#include "keyway/events/event.h"
#include "keyway/identity/v1/identity_service.pb.h"
#include "keyway/pg/pool.h"
#include "keyway/rpc/call.h"
#include "key_ring.h"
#include "login_throttle.h"
#include "password.h"

namespace keyway::identity {


struct IdentityConfig {
  absl::Duration access_token_ttl = absl::Minutes(5);
  absl::Duration refresh_token_ttl = absl::Hours(24 * 30);
  absl::Duration invitation_ttl = absl::Hours(24);  // U2
  absl::Duration phone_code_ttl = absl::Minutes(10);
  int phone_code_attempts = 5;
  absl::Duration phone_code_resend_after = absl::Seconds(30);
  int phone_codes_per_day = 10;  // S5: per person, whatever the spacing
  ThrottlePolicy account_throttle;
  ThrottlePolicy address_throttle = {.free_failures = 20, .lock_after = 100};
  PasswordHashParams password_hash;
  std::string events_stream = "keyway.identity.events";
  // Keys phone-code hashes; derived from the key-encryption key in main.
  std::string code_pepper;
  // K4: the notify service's public key (32 bytes): invitation tokens and
  // phone codes leave identity sealed for it.
  std::string notify_public_key;
};

using rpc::Caller;

namespace store {
struct Member;
}
// O4: PERMISSION_DENIED for a Manager of a departmental organisation who
// belongs to no department.
absl::Status CheckManagerMayLogIn(pqxx::work& tx, const store::Member& member);

class Identity {
 public:
  Identity(pg::Pool& pool, KeyRing& keys, const core::Clock& clock, IdentityConfig config);

  // Operator: the first Owner of an organisation, invited.
  absl::StatusOr<v1::CreateOwnerResponse> CreateOwner(const v1::CreateOwnerRequest& request,
                                                      const std::string& peer);

  absl::StatusOr<v1::LoginResponse> Login(const v1::LoginRequest& request,
                                          const std::string& peer);
  absl::StatusOr<v1::RefreshResponse> Refresh(const v1::RefreshRequest& request);
  absl::Status Logout(const Caller& caller);
  // The principal of a live session's access token, with its current role.
  absl::StatusOr<auth::Principal> Authenticate(const std::string& access_token);
  v1::GetSigningKeysResponse SigningKeys() const;
  // S4: what the other services must refuse (their services' calls).
  absl::StatusOr<v1::ListRevocationsResponse> ListRevocations(const v1::ListRevocationsRequest& req);
  // S4: the operator's rotation of the signing key.
  absl::StatusOr<v1::RotateSigningKeyResponse> RotateSigningKey(const std::string& peer);

  absl::StatusOr<v1::InviteUserResponse> InviteUser(const Caller& caller,
                                                    const v1::InviteUserRequest& request);
  absl::StatusOr<v1::ResendInvitationResponse> ResendInvitation(
      const Caller& caller, const v1::ResendInvitationRequest& request);
  absl::Status CancelInvitation(const Caller& caller, const v1::CancelInvitationRequest& request);
  // S5: `caller` is whoever the call's access token names, if any: an
  // existing account is joined only by its holder's own login.
  absl::StatusOr<v1::AcceptInvitationResponse> AcceptInvitation(
      const v1::AcceptInvitationRequest& request, const absl::StatusOr<auth::Principal>& caller,
      const std::string& peer);

  absl::StatusOr<v1::User> GetUser(const Caller& caller, const v1::GetUserRequest& request);
  absl::StatusOr<v1::ListUsersResponse> ListUsers(const Caller& caller,
                                                  const v1::ListUsersRequest& request);
  absl::StatusOr<v1::User> UpdateUser(const Caller& caller, const v1::UpdateUserRequest& request);
  absl::StatusOr<v1::User> DeactivateUser(const Caller& caller,
                                          const v1::DeactivateUserRequest& request);
  absl::StatusOr<v1::User> ReactivateUser(const Caller& caller,
                                          const v1::ReactivateUserRequest& request);

  absl::StatusOr<v1::StartPhoneVerificationResponse> StartPhoneVerification(const Caller& caller);
  absl::StatusOr<v1::User> VerifyPhone(const Caller& caller, const v1::VerifyPhoneRequest& request);

  absl::StatusOr<v1::ListAuditEventsResponse> ListAuditEvents(
      const Caller& caller, const v1::ListAuditEventsRequest& request);

  // Applies an event of org's stream (O4), inside the consumer's transaction.
  absl::Status ApplyOrgEvent(pqxx::work& tx, const events::Event& event);

 private:
  struct IssuedTokens;
  // A session's access token (with `role`) and a new refresh token.
  // `version`: the membership's token version (S4).
  IssuedTokens IssueTokens(pqxx::work& tx, const auth::Principal& principal, int64_t version);

  pg::Pool& pool_;
  KeyRing& keys_;
  const core::Clock& clock_;
  const IdentityConfig config_;
  const std::string dummy_hash_;  // verified against when no account exists, to equalise time
};

}  // namespace keyway::identity
