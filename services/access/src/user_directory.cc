#include "user_directory.h"

#include "keyway/rpc/client.h"
#include "keyway/rpc/status.h"

namespace keyway::access {

IdentityUserDirectory::IdentityUserDirectory(std::shared_ptr<grpc::Channel> identity)
    : stub_(identity::v1::IdentityService::NewStub(std::move(identity))) {}

absl::StatusOr<UserFacts> IdentityUserDirectory::Find(const std::string& bearer_token,
                                                      const std::string& user_id) {
  identity::v1::GetUserRequest req;
  req.set_user_id(user_id);
  identity::v1::GetUserResponse resp;
  auto ctx = rpc::MakeContext(absl::Seconds(5), bearer_token);
  grpc::Status status = stub_->GetUser(ctx.get(), req, &resp);
  if (!status.ok()) return rpc::FromPeerStatus(status, "identity");
  const auto& u = resp.user();
  return UserFacts{u.id(), u.email(), u.name(), u.role(), u.status(), u.mobile_verified()};
}

}  // namespace keyway::access
