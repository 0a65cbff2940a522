#pragma once
// keyway.ops.v1.OperationsInternalService, which every service's runtime serves: the
// dead letters of the streams it consumes, listed and replayed (K3).

#include <mutex>
#include <string>
#include <vector>

#include "keyway/ops/v1/operations_service.grpc.pb.h"
#include "keyway/redis/client.h"

namespace keyway::service {

class OperationsInternalService final : public ops::v1::OperationsInternalService::Service {
 public:
  OperationsInternalService(std::string redis_host, int redis_port);

  // A stream the service consumes (the runtime's Consume adds each).
  void AddStream(const std::string& stream);

  grpc::Status ListDeadLetters(grpc::ServerContext* ctx, const ops::v1::ListDeadLettersRequest* req,
                               ops::v1::ListDeadLettersResponse* resp) override;
  grpc::Status ReplayDeadLetters(grpc::ServerContext* ctx,
                                 const ops::v1::ReplayDeadLettersRequest* req,
                                 ops::v1::ReplayDeadLettersResponse* resp) override;

 private:
  std::vector<std::string> Streams();
  absl::Status CheckStream(const std::string& stream);

  std::mutex mu_;  // guards streams_; redis_ locks itself
  std::vector<std::string> streams_;
  redis::Client redis_;
};

}  // namespace keyway::service
