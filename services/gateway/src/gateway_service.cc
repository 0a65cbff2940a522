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

grpc::Status GatewayService::ExportActivityLogs(
    grpc::ServerContext* ctx, const v1::ExportActivityLogsRequest* req,
    grpc::ServerWriter<v1::ExportActivityLogsResponse>* writer) {
  return rpc::AsCaller(ctx, [&](const Caller& c) {
    return gateway_.ExportActivityLogs(c, *req, [&](const std::string& chunk) {
      v1::ExportActivityLogsResponse piece;
      piece.set_csv_chunk(chunk);
      return writer->Write(piece);
    });
  });
}

}  // namespace keyway::gateway
