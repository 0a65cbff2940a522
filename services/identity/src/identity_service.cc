#include "identity_service.h"

#include "keyway/rpc/call.h"
#include "keyway/rpc/handler.h"

namespace keyway::identity {
grpc::Status IdentityInternalService::CreateOwner(grpc::ServerContext* ctx,
                                                  const v1::CreateOwnerRequest* req,
                                                  v1::CreateOwnerResponse* resp) {
  return rpc::Handle(ctx, [&] {
    return rpc::Fill(identity_.CreateOwner(*req, rpc::CallInfoOf(ctx).peer), resp);
  });
}

grpc::Status IdentityInternalService::ListRevocations(grpc::ServerContext* ctx,
                                                      const v1::ListRevocationsRequest* req,
                                                      v1::ListRevocationsResponse* resp) {
  return rpc::Handle(ctx, [&] { return rpc::Fill(identity_.ListRevocations(*req), resp); });
}

grpc::Status IdentityInternalService::RotateSigningKey(grpc::ServerContext* ctx,
                                                       const v1::RotateSigningKeyRequest*,
                                                       v1::RotateSigningKeyResponse* resp) {
  return rpc::Handle(ctx, [&] {
    return rpc::Fill(identity_.RotateSigningKey(rpc::CallInfoOf(ctx).peer), resp);
  });
}

grpc::Status IdentityService::Login(grpc::ServerContext* ctx, const v1::LoginRequest* req,
                                    v1::LoginResponse* resp) {
  return rpc::Handle(ctx, [&] { return rpc::Fill(identity_.Login(*req, rpc::CallInfoOf(ctx).peer), resp); });
}

grpc::Status IdentityService::Refresh(grpc::ServerContext* ctx, const v1::RefreshRequest* req,
                                      v1::RefreshResponse* resp) {
  return rpc::Handle(ctx, [&] { return rpc::Fill(identity_.Refresh(*req), resp); });
}

grpc::Status IdentityService::Logout(grpc::ServerContext* ctx, const v1::LogoutRequest*,
                                     v1::LogoutResponse*) {
  return rpc::AsCaller(ctx, [&](const Caller& c) { return identity_.Logout(c); });
}

grpc::Status IdentityService::GetSigningKeys(grpc::ServerContext* ctx,
                                             const v1::GetSigningKeysRequest*,
                                             v1::GetSigningKeysResponse* resp) {
  return rpc::Handle(ctx, [&] {
    *resp = identity_.SigningKeys();
    return absl::OkStatus();
  });
}

grpc::Status IdentityService::InviteUser(grpc::ServerContext* ctx,
                                         const v1::InviteUserRequest* req,
                                         v1::InviteUserResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) { return rpc::Fill(identity_.InviteUser(c, *req), resp); });
}

grpc::Status IdentityService::ResendInvitation(grpc::ServerContext* ctx,
                                               const v1::ResendInvitationRequest* req,
                                               v1::ResendInvitationResponse* resp) {
  return rpc::AsCaller(ctx,
                  [&](const Caller& c) { return rpc::Fill(identity_.ResendInvitation(c, *req), resp); });
}

grpc::Status IdentityService::CancelInvitation(grpc::ServerContext* ctx,
                                               const v1::CancelInvitationRequest* req,
                                               v1::CancelInvitationResponse*) {
  return rpc::AsCaller(ctx, [&](const Caller& c) { return identity_.CancelInvitation(c, *req); });
}

grpc::Status IdentityService::AcceptInvitation(grpc::ServerContext* ctx,
                                               const v1::AcceptInvitationRequest* req,
                                               v1::AcceptInvitationResponse* resp) {
  return rpc::Handle(ctx, [&] {
    return rpc::Fill(
        identity_.AcceptInvitation(*req, rpc::CallerOf(ctx), rpc::CallInfoOf(ctx).peer), resp);
  });
}

grpc::Status IdentityService::GetUser(grpc::ServerContext* ctx, const v1::GetUserRequest* req,
                                      v1::GetUserResponse* resp) {
  return rpc::AsCaller(ctx,
                  [&](const Caller& c) { return rpc::Fill(identity_.GetUser(c, *req), resp->mutable_user()); });
}

grpc::Status IdentityService::ListUsers(grpc::ServerContext* ctx, const v1::ListUsersRequest* req,
                                        v1::ListUsersResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) { return rpc::Fill(identity_.ListUsers(c, *req), resp); });
}

grpc::Status IdentityService::UpdateUser(grpc::ServerContext* ctx,
                                         const v1::UpdateUserRequest* req,
                                         v1::UpdateUserResponse* resp) {
  return rpc::AsCaller(
      ctx, [&](const Caller& c) { return rpc::Fill(identity_.UpdateUser(c, *req), resp->mutable_user()); });
}

grpc::Status IdentityService::DeactivateUser(grpc::ServerContext* ctx,
                                             const v1::DeactivateUserRequest* req,
                                             v1::DeactivateUserResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) {
    return rpc::Fill(identity_.DeactivateUser(c, *req), resp->mutable_user());
  });
}

grpc::Status IdentityService::ReactivateUser(grpc::ServerContext* ctx,
                                             const v1::ReactivateUserRequest* req,
                                             v1::ReactivateUserResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) {
    return rpc::Fill(identity_.ReactivateUser(c, *req), resp->mutable_user());
  });
}

grpc::Status IdentityService::StartPhoneVerification(grpc::ServerContext* ctx,
                                                     const v1::StartPhoneVerificationRequest*,
                                                     v1::StartPhoneVerificationResponse* resp) {
  return rpc::AsCaller(ctx,
                  [&](const Caller& c) { return rpc::Fill(identity_.StartPhoneVerification(c), resp); });
}

grpc::Status IdentityService::VerifyPhone(grpc::ServerContext* ctx,
                                          const v1::VerifyPhoneRequest* req,
                                          v1::VerifyPhoneResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) {
    return rpc::Fill(identity_.VerifyPhone(c, *req), resp->mutable_user());
  });
}

grpc::Status IdentityService::ListAuditEvents(grpc::ServerContext* ctx,
                                              const v1::ListAuditEventsRequest* req,
                                              v1::ListAuditEventsResponse* resp) {
  return rpc::AsCaller(ctx,
                  [&](const Caller& c) { return rpc::Fill(identity_.ListAuditEvents(c, *req), resp); });
}

}  // namespace keyway::identity
