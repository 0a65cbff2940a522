#pragma once
// What access asks identity about the people keys are made for (A8-A10,
// A14), asked with the caller's own token so identity applies its rules.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "keyway/identity/v1/identity_service.grpc.pb.h"

namespace keyway::access {

struct UserFacts {
  std::string id, email, name;
  identity::v1::Role role = identity::v1::ROLE_UNSPECIFIED;
  identity::v1::UserStatus status = identity::v1::USER_STATUS_UNSPECIFIED;
  bool mobile_verified = false;
};

class UserDirectory {
 public:
  virtual ~UserDirectory() = default;
  // NOT_FOUND for a user who is not of the caller's organisation (O6).
  virtual absl::StatusOr<UserFacts> Find(const std::string& bearer_token,
                                         const std::string& user_id) = 0;
};

class IdentityUserDirectory final : public UserDirectory {
 public:
  explicit IdentityUserDirectory(std::shared_ptr<grpc::Channel> identity);
  absl::StatusOr<UserFacts> Find(const std::string& bearer_token,
                                 const std::string& user_id) override;

 private:
  std::unique_ptr<identity::v1::IdentityService::Stub> stub_;
};

}  // namespace keyway::access
