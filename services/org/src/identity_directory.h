#pragma once
// Directory backed by the identity service over gRPC.

#include <memory>
#include <string>

#include "collaborators.h"
#include "keyway/identity/v1/identity_service.grpc.pb.h"

namespace keyway::org {

class IdentityDirectory final : public Directory {
 public:
  // `service_credential`: org's own credential, for identity's internal CreateOwner.
  IdentityDirectory(std::shared_ptr<grpc::Channel> identity, std::string service_credential);

  absl::StatusOr<NewOwner> CreateOwner(const std::string& organisation_id, const std::string& email,
                                       const std::string& name, const std::string& mobile) override;
  absl::StatusOr<auth::Role> RoleOf(const std::string& bearer_token,
                                    const std::string& user_id) override;
  absl::StatusOr<int> CountUsers(const std::string& bearer_token) override;

 private:
  std::unique_ptr<identity::v1::IdentityService::Stub> stub_;
  std::unique_ptr<identity::v1::IdentityInternalService::Stub> internal_;
  const std::string service_credential_;
};

}  // namespace keyway::org
