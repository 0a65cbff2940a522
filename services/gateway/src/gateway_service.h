#pragma once
// The gRPC surface of the gateway: no business rules here.

#include "bridge_hub.h"
#include "gateway.h"
#include "keyway/gateway/v1/gateway_service.grpc.pb.h"

namespace keyway::gateway {

class GatewayService final : public v1::GatewayService::Service {
 public:
  GatewayService(Gateway& gateway, BridgeHub& bridges) : gateway_(gateway), bridges_(bridges) {}
  // BridgeSession and Heartbeat: the device authenticates itself.
  static std::vector<std::string> PublicMethods();
  grpc::Status BridgeSession(grpc::ServerContext*,
                             grpc::ServerReaderWriter<v1::BridgeSessionResponse, v1::BridgeSessionRequest>*) override;
  grpc::Status Heartbeat(grpc::ServerContext*, const v1::HeartbeatRequest*,
                         v1::HeartbeatResponse*) override;
  grpc::Status SendLockCommand(grpc::ServerContext*, const v1::SendLockCommandRequest*,
                               v1::SendLockCommandResponse*) override;
  grpc::Status AppSync(grpc::ServerContext*, const v1::AppSyncRequest*, v1::AppSyncResponse*) override;
  grpc::Status ListActivityLogs(grpc::ServerContext*, const v1::ListActivityLogsRequest*,
                                v1::ListActivityLogsResponse*) override;
  grpc::Status ExportActivityLogs(grpc::ServerContext*, const v1::ExportActivityLogsRequest*,
                                  grpc::ServerWriter<v1::ExportActivityLogsResponse>*) override;

 private:
  Gateway& gateway_;
  BridgeHub& bridges_;
};

}  // namespace keyway::gateway
