#pragma once
// The phone app near a lock (A5): logs in as a person, syncs the lock through
// the gateway over "Bluetooth" (the simulated lock applies the jobs it is
// handed), and reports straight away what the lock did, as the app does
// when it finishes a sync.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "keyway/gateway/v1/gateway_service.grpc.pb.h"
#include "keyway/identity/v1/identity_service.grpc.pb.h"

namespace keyway::locksim {

class SimApp {
 public:
  SimApp(std::shared_ptr<grpc::Channel> identity, std::shared_ptr<grpc::Channel> gateway,
         std::string email, std::string password);

  // What the lock makes of the jobs handed to it: one result per job.
  using LockAtHand =
      std::function<std::vector<gateway::v1::JobResult>(const std::vector<gateway::v1::DeviceJob>&)>;
  // One sync at the lock: its pending Bluetooth jobs applied and reported.
  // Returns how many jobs the lock was handed.
  absl::StatusOr<int> Sync(const std::string& lock_id, const LockAtHand& lock);

 private:
  absl::Status LogIn();
  grpc::Status Call(const gateway::v1::AppSyncRequest& req, gateway::v1::AppSyncResponse* resp);

  std::unique_ptr<identity::v1::IdentityService::Stub> identity_;
  std::unique_ptr<gateway::v1::GatewayService::Stub> gateway_;
  const std::string email_, password_;
  std::string token_;
};

}  // namespace keyway::locksim
