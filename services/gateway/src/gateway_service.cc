#include "gateway_service.h"

#include "keyway/rpc/handler.h"

namespace keyway::gateway {

grpc::Status GatewayService::AppSync(grpc::ServerContext* ctx, const v1::AppSyncRequest* req,
                                     v1::AppSyncResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) { return rpc::Fill(gateway_.AppSync(c, *req), resp); });
}

grpc::Status GatewayService::ListActivityLogs(grpc::ServerContext* ctx,
                                              const v1::ListActivityLogsRequest* req,
                                              v1::ListActivityLogsResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) { return rpc::Fill(gateway_.ListActivityLogs(c, *req), resp); });
}

}  // namespace keyway::gateway
