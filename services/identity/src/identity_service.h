#pragma once
// The gRPC surface of identity: takes the caller from the interceptor, calls
// the logic, maps the status. No business rules here.

#include <string>
#include <vector>

#include "identity.h"
#include "keyway/identity/v1/identity_service.grpc.pb.h"
#include "keyway/rpc/interceptor.h"

namespace keyway::identity {

// Who may call each method is declared in its proto (S3).
class IdentityService final : public v1::IdentityService::Service {
 public:
  explicit IdentityService(Identity& identity) : identity_(identity) {}

  grpc::Status Login(grpc::ServerContext*, const v1::LoginRequest*, v1::LoginResponse*) override;
  grpc::Status Refresh(grpc::ServerContext*, const v1::RefreshRequest*,
                       v1::RefreshResponse*) override;
  grpc::Status Logout(grpc::ServerContext*, const v1::LogoutRequest*,
                      v1::LogoutResponse*) override;
  grpc::Status GetSigningKeys(grpc::ServerContext*, const v1::GetSigningKeysRequest*,
                              v1::GetSigningKeysResponse*) override;
  grpc::Status InviteUser(grpc::ServerContext*, const v1::InviteUserRequest*,
                          v1::InviteUserResponse*) override;
  grpc::Status ResendInvitation(grpc::ServerContext*, const v1::ResendInvitationRequest*,
                                v1::ResendInvitationResponse*) override;
  grpc::Status CancelInvitation(grpc::ServerContext*, const v1::CancelInvitationRequest*,
                                v1::CancelInvitationResponse*) override;
  grpc::Status AcceptInvitation(grpc::ServerContext*, const v1::AcceptInvitationRequest*,
                                v1::AcceptInvitationResponse*) override;
  grpc::Status GetUser(grpc::ServerContext*, const v1::GetUserRequest*,
                       v1::GetUserResponse*) override;
  grpc::Status ListUsers(grpc::ServerContext*, const v1::ListUsersRequest*,
                         v1::ListUsersResponse*) override;
  grpc::Status UpdateUser(grpc::ServerContext*, const v1::UpdateUserRequest*,
                          v1::UpdateUserResponse*) override;
  grpc::Status DeactivateUser(grpc::ServerContext*, const v1::DeactivateUserRequest*,
                              v1::DeactivateUserResponse*) override;
  grpc::Status ReactivateUser(grpc::ServerContext*, const v1::ReactivateUserRequest*,
                              v1::ReactivateUserResponse*) override;
  grpc::Status StartPhoneVerification(grpc::ServerContext*,
                                      const v1::StartPhoneVerificationRequest*,
                                      v1::StartPhoneVerificationResponse*) override;
  grpc::Status VerifyPhone(grpc::ServerContext*, const v1::VerifyPhoneRequest*,
                           v1::VerifyPhoneResponse*) override;
  grpc::Status ListAuditEvents(grpc::ServerContext*, const v1::ListAuditEventsRequest*,
                               v1::ListAuditEventsResponse*) override;

 private:
  Identity& identity_;
};

// What org asks of identity with its own credential.
class IdentityInternalService final : public v1::IdentityInternalService::Service {
 public:
  explicit IdentityInternalService(Identity& identity) : identity_(identity) {}

  grpc::Status CreateOwner(grpc::ServerContext*, const v1::CreateOwnerRequest*,
                           v1::CreateOwnerResponse*) override;
  grpc::Status ListRevocations(grpc::ServerContext*, const v1::ListRevocationsRequest*,
                               v1::ListRevocationsResponse*) override;
  grpc::Status RotateSigningKey(grpc::ServerContext*, const v1::RotateSigningKeyRequest*,
                                v1::RotateSigningKeyResponse*) override;

 private:
  Identity& identity_;
};

// Access tokens checked against identity's own keys and sessions.
class SessionAuthenticator final : public rpc::Authenticator {
 public:
  explicit SessionAuthenticator(Identity& identity) : identity_(identity) {}
  absl::StatusOr<auth::Principal> Authenticate(const std::string& token) override {
    return identity_.Authenticate(token);
  }

 private:
  Identity& identity_;
};

}  // namespace keyway::identity
