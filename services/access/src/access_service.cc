#include "access_service.h"

#include "keyway/rpc/handler.h"

namespace keyway::access {

grpc::Status AccessService::ProvisionLock(grpc::ServerContext* ctx,
                                          const v1::ProvisionLockRequest* req,
                                          v1::ProvisionLockResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) { return rpc::Fill(access_.ProvisionLock(c, *req), resp); });
}

grpc::Status AccessService::RotateLockSecret(grpc::ServerContext* ctx,
                                             const v1::RotateLockSecretRequest* req,
                                             v1::RotateLockSecretResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) { return rpc::Fill(access_.RotateLockSecret(c, *req), resp); });
}

grpc::Status AccessService::CreateRemotePin(grpc::ServerContext* ctx,
                                            const v1::CreateRemotePinRequest* req,
                                            v1::CreateRemotePinResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) { return rpc::Fill(access_.CreateRemotePin(c, *req), resp); });
}

grpc::Status AccessService::ShareRemotePin(grpc::ServerContext* ctx,
                                           const v1::ShareRemotePinRequest* req,
                                           v1::ShareRemotePinResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) { return rpc::Fill(access_.ShareRemotePin(c, *req), resp); });
}

grpc::Status AccessService::CreateCustomPin(grpc::ServerContext* ctx,
                                            const v1::CreateCustomPinRequest* req,
                                            v1::CreateCustomPinResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) { return rpc::Fill(access_.CreateCustomPin(c, *req), resp); });
}

grpc::Status AccessService::CreateBluetoothKey(grpc::ServerContext* ctx,
                                               const v1::CreateBluetoothKeyRequest* req,
                                               v1::CreateBluetoothKeyResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) { return rpc::Fill(access_.CreateBluetoothKey(c, *req), resp); });
}

grpc::Status AccessService::CreateTwoFactorAccess(grpc::ServerContext* ctx,
                                                  const v1::CreateTwoFactorAccessRequest* req,
                                                  v1::CreateTwoFactorAccessResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) {
    return rpc::Fill(access_.CreateTwoFactorAccess(c, *req), resp);
  });
}

grpc::Status AccessService::UpdateAccess(grpc::ServerContext* ctx,
                                         const v1::UpdateAccessRequest* req,
                                         v1::UpdateAccessResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) {
    return rpc::Fill(access_.UpdateAccess(c, *req), resp->mutable_access());
  });
}

grpc::Status AccessService::GetKeyCredential(grpc::ServerContext* ctx,
                                             const v1::GetKeyCredentialRequest* req,
                                             v1::GetKeyCredentialResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) { return rpc::Fill(access_.GetKeyCredential(c, *req), resp); });
}

grpc::Status AccessService::GetMyLockKey(grpc::ServerContext* ctx,
                                         const v1::GetMyLockKeyRequest* req,
                                         v1::GetMyLockKeyResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) {
    return rpc::Fill(access_.GetMyLockKey(c, *req), resp->mutable_key());
  });
}

grpc::Status AccessService::GetAccess(grpc::ServerContext* ctx, const v1::GetAccessRequest* req,
                                      v1::GetAccessResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) {
    return rpc::Fill(access_.GetAccess(c, *req), resp->mutable_access());
  });
}

grpc::Status AccessService::ListAccesses(grpc::ServerContext* ctx,
                                         const v1::ListAccessesRequest* req,
                                         v1::ListAccessesResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) { return rpc::Fill(access_.ListAccesses(c, *req), resp); });
}

grpc::Status AccessService::DeleteAccess(grpc::ServerContext* ctx,
                                         const v1::DeleteAccessRequest* req,
                                         v1::DeleteAccessResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) {
    return rpc::Fill(access_.DeleteAccess(c, *req), resp->mutable_access());
  });
}

grpc::Status AccessService::GetLockPinFacts(grpc::ServerContext* ctx,
                                            const v1::GetLockPinFactsRequest* req,
                                            v1::GetLockPinFactsResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) { return rpc::Fill(access_.GetLockPinFacts(c, *req), resp); });
}

grpc::Status AccessService::ListHeldLocks(grpc::ServerContext* ctx,
                                          const v1::ListHeldLocksRequest*,
                                          v1::ListHeldLocksResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) { return rpc::Fill(access_.ListHeldLocks(c), resp); });
}

grpc::Status AccessService::ListAuditEvents(grpc::ServerContext* ctx,
                                            const v1::ListAuditEventsRequest* req,
                                            v1::ListAuditEventsResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) { return rpc::Fill(access_.ListAuditEvents(c, *req), resp); });
}

grpc::Status AccessInternalService::SealLockCommand(grpc::ServerContext* ctx,
                                                   const v1::SealLockCommandRequest* req,
                                                   v1::SealLockCommandResponse* resp) {
  return rpc::Handle(ctx, [&] { return rpc::Fill(access_.SealLockCommand(*req), resp); });
}

}  // namespace keyway::access
