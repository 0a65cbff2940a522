#pragma once
// AccessFacts from the access service (GetLockPinFacts, ListHeldLocks),
// asked with the caller's own token.

#include <memory>

#include "collaborators.h"
#include "keyway/access/v1/access_service.grpc.pb.h"

namespace keyway::org {

class AccessServiceFacts final : public AccessFacts {
 public:
  explicit AccessServiceFacts(std::shared_ptr<grpc::Channel> access);
  absl::StatusOr<PinCount> CountActivePins(const std::string& bearer_token,
                                           const std::vector<std::string>& lock_ids) override;
  absl::StatusOr<std::vector<std::string>> LocksWithCustomPins(
      const std::string& bearer_token, const std::vector<std::string>& lock_ids) override;
  absl::StatusOr<std::vector<std::string>> HeldLocks(const std::string& bearer_token) override;

 private:
  absl::StatusOr<access::v1::GetLockPinFactsResponse> Ask(const std::string& bearer_token,
                                                          const std::vector<std::string>& lock_ids);
  std::unique_ptr<access::v1::AccessService::Stub> stub_;
};

}  // namespace keyway::org
