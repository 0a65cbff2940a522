#pragma once
// The gRPC surface of the gateway: no business rules here.

#include "bridge_hub.h"
#include "bridge_stream.h"
#include "gateway.h"
#include "keyway/core/worker_pool.h"
#include "keyway/gateway/v1/gateway_service.grpc.pb.h"

namespace keyway::gateway {

// People's calls: lock commands, the app's sync, activity logs. Who may call
// each method is declared in its proto (S3).
class GatewayService final : public v1::GatewayService::Service {
 public:
  explicit GatewayService(Gateway& gateway) : gateway_(gateway) {}
  grpc::Status SendLockCommand(grpc::ServerContext*, const v1::SendLockCommandRequest*,
                               v1::SendLockCommandResponse*) override;
  grpc::Status AppSync(grpc::ServerContext*, const v1::AppSyncRequest*, v1::AppSyncResponse*) override;
  grpc::Status ListActivityLogs(grpc::ServerContext*, const v1::ListActivityLogsRequest*,
                                v1::ListActivityLogsResponse*) override;
  grpc::Status ExportActivityLogs(grpc::ServerContext*, const v1::ExportActivityLogsRequest*,
                                  grpc::ServerWriter<v1::ExportActivityLogsResponse>*) override;

 private:
  Gateway& gateway_;
};

// Devices' calls, each with the device's own credential inside. BridgeSession
// is on gRPC's callback API (a waiting Bridge holds no thread); Heartbeat is
// synchronous.
class DeviceService final
    : public v1::DeviceService::WithCallbackMethod_BridgeSession<v1::DeviceService::Service> {
 public:
  DeviceService(Gateway& gateway, BridgeHub& bridges, core::WorkerPool& bridge_workers,
                absl::Duration hello_within, HelloLimits hello_limits)
      : gateway_(gateway),
        bridges_(bridges),
        bridge_workers_(bridge_workers),
        hello_watch_(hello_within),
        hello_gate_(hello_limits) {}
  grpc::ServerBidiReactor<v1::BridgeSessionRequest, v1::BridgeSessionResponse>* BridgeSession(
      grpc::CallbackServerContext*) override;
  grpc::Status Heartbeat(grpc::ServerContext*, const v1::HeartbeatRequest*,
                         v1::HeartbeatResponse*) override;

 private:
  Gateway& gateway_;
  BridgeHub& bridges_;
  core::WorkerPool& bridge_workers_;
  HelloWatch hello_watch_;
  HelloGate hello_gate_;
};

}  // namespace keyway::gateway
