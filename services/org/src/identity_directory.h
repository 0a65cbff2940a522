#pragma once
// Directory backed by the identity service over gRPC.

#include <memory>
#include <string>

#include "collaborators.h"
#include "keyway/identity/v1/identity_service.grpc.pb.h"

namespace keyway::org {

class IdentityDirectory final : public Directory {
 public:
  // `operator_token`: identity's operator credential, for CreateOwner.
  IdentityDirectory(std::shared_ptr<grpc::Channel> identity, std::string operator_token);

  absl::StatusOr<NewOwner> CreateOwner(const std::string& organisation_id, const std::string& email,
                                       const std::string& name, const std::string& mobile) override;
  absl::StatusOr<auth::Role> RoleOf(const std::string& bearer_token,
                                    const std::string& user_id) override;
  absl::StatusOr<int> CountUsers(const std::string& bearer_token) override;

 private:
  std::unique_ptr<identity::v1::IdentityService::Stub> stub_;
  const std::string operator_token_;
};

}  // namespace keyway::org
