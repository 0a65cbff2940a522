#include "gateway_service.h"

#include <thread>

#include "absl/synchronization/notification.h"

#include "keyway/rpc/handler.h"

namespace keyway::gateway {

std::vector<std::string> GatewayService::PublicMethods() {
  return {"/keyway.gateway.v1.GatewayService/BridgeSession",
          "/keyway.gateway.v1.GatewayService/Heartbeat"};
}

grpc::Status GatewayService::Heartbeat(grpc::ServerContext* ctx, const v1::HeartbeatRequest* req,
                                       v1::HeartbeatResponse* resp) {
  return rpc::Handle(ctx, [&] { return rpc::Fill(gateway_.Heartbeat(*req), resp); });
}

grpc::Status GatewayService::BridgeSession(
    grpc::ServerContext* ctx, grpc::ServerReaderWriter<v1::BridgeSessionResponse, v1::BridgeSessionRequest>* stream) {
  return rpc::Handle(ctx, [&]() -> absl::Status {
    v1::BridgeSessionRequest first;
    {
      // A client that never says hello does not keep a thread: 10 s, then cancelled.
      absl::Notification said_hello;
      std::thread deadline([&] {
        if (!said_hello.WaitForNotificationWithTimeout(absl::Seconds(10))) ctx->TryCancel();
      });
      const bool read = stream->Read(&first);
      said_hello.Notify();
      deadline.join();
      if (!read || ctx->IsCancelled()) {
        return absl::DeadlineExceededError("a Bridge session begins with hello within 10 s");
      }
    }
    if (!first.has_hello()) {
      return absl::InvalidArgumentError("a Bridge session begins with hello (its credential)");
    }
    auto session = bridges_.Open(first.hello(), [ctx] { ctx->TryCancel(); });
    if (!session.ok()) return session.status();
    // One thread reads what the Bridge sends; this one writes what goes down.
    std::thread reader([&] {
      v1::BridgeSessionRequest up;
      while (stream->Read(&up)) bridges_.Receive(**session, up);
      (*session)->End();
    });
    while (!(*session)->closed() && !ctx->IsCancelled()) {
      auto down = (*session)->Next(absl::Seconds(1));
      if (down && !stream->Write(*down)) {
        ctx->TryCancel();  // the link is gone: the reader stops too
        break;
      }
    }
    bridges_.Close(*session);
    reader.join();
    return absl::OkStatus();
  });
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
