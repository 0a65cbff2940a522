#pragma once
// The gRPC surface of the gateway: no business rules here.

#include "gateway.h"
#include "keyway/gateway/v1/gateway_service.grpc.pb.h"

namespace keyway::gateway {

class GatewayService final : public v1::GatewayService::Service {
 public:
  explicit GatewayService(Gateway& gateway) : gateway_(gateway) {}
  grpc::Status AppSync(grpc::ServerContext*, const v1::AppSyncRequest*, v1::AppSyncResponse*) override;
  grpc::Status ListActivityLogs(grpc::ServerContext*, const v1::ListActivityLogsRequest*,
                                v1::ListActivityLogsResponse*) override;
  grpc::Status ExportActivityLogs(grpc::ServerContext*, const v1::ExportActivityLogsRequest*,
                                  grpc::ServerWriter<v1::ExportActivityLogsResponse>*) override;

 private:
  Gateway& gateway_;
};

}  // namespace keyway::gateway
