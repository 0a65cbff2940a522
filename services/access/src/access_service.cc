#include "access_service.h"

#include "keyway/rpc/handler.h"

namespace keyway::access {

grpc::Status AccessService::ProvisionLock(grpc::ServerContext* ctx,
                                          const v1::ProvisionLockRequest* req,
                                          v1::ProvisionLockResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) { return rpc::Fill(access_.ProvisionLock(c, *req), resp); });
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

}  // namespace keyway::access
