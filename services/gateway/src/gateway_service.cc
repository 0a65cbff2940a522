#include "gateway_service.h"

#include "keyway/rpc/call.h"
#include "keyway/rpc/handler.h"

namespace keyway::gateway {

grpc::Status DeviceService::Heartbeat(grpc::ServerContext* ctx, const v1::HeartbeatRequest* req,
                                       v1::HeartbeatResponse* resp) {
  return rpc::Handle(ctx, [&] { return rpc::Fill(gateway_.Heartbeat(*req), resp); });
}

grpc::ServerBidiReactor<v1::BridgeSessionRequest, v1::BridgeSessionResponse>*
DeviceService::BridgeSession(grpc::CallbackServerContext* ctx) {
  std::string address = rpc::CallInfoOf(ctx).peer;  // the client's, past trusted proxies
  if (address.empty()) address = rpc::PeerAddress(ctx->peer());
  return new BridgeStream(bridges_, bridge_workers_, hello_watch_, hello_gate_, std::move(address));
}

grpc::Status GatewayService::SendLockCommand(grpc::ServerContext* ctx,
                                             const v1::SendLockCommandRequest* req,
                                             v1::SendLockCommandResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) {
    return rpc::Fill(gateway_.SendLockCommand(c, *req), resp->mutable_job());
  });
}

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
