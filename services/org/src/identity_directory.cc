#include "identity_directory.h"

#include "absl/strings/str_cat.h"
#include "keyway/rpc/client.h"
#include "keyway/rpc/status.h"

namespace keyway::org {

IdentityDirectory::IdentityDirectory(std::shared_ptr<grpc::Channel> identity,
                                     std::string service_credential)
    : stub_(identity::v1::IdentityService::NewStub(identity)),
      internal_(identity::v1::IdentityInternalService::NewStub(identity)),
      service_credential_(std::move(service_credential)) {}

absl::StatusOr<Directory::NewOwner> IdentityDirectory::CreateOwner(
    const std::string& organisation_id, const std::string& email, const std::string& name,
    const std::string& mobile) {
  identity::v1::CreateOwnerRequest req;
  req.set_organisation_id(organisation_id);
  req.set_email(email);
  req.set_name(name);
  req.set_mobile(mobile);
  req.set_request_id("org-owner-" + organisation_id);  // a retried call makes one Owner
  identity::v1::CreateOwnerResponse resp;
  auto ctx = rpc::MakeContext(absl::Seconds(10), service_credential_);
  grpc::Status status = internal_->CreateOwner(ctx.get(), req, &resp);
  if (!status.ok()) return rpc::FromPeerStatus(status, "identity");
  return NewOwner{resp.user().id(), resp.invitation_token()};
}

absl::StatusOr<auth::Role> IdentityDirectory::RoleOf(const std::string& bearer_token,
                                                     const std::string& user_id) {
  identity::v1::GetUserRequest req;
  req.set_user_id(user_id);
  identity::v1::GetUserResponse resp;
  auto ctx = rpc::MakeContext(absl::Seconds(5), bearer_token);
  grpc::Status status = stub_->GetUser(ctx.get(), req, &resp);
  if (!status.ok()) return rpc::FromPeerStatus(status, "identity");
  if (resp.user().status() == identity::v1::USER_STATUS_DEACTIVATED) {
    return absl::FailedPreconditionError(absl::StrCat("user ", user_id, " is deactivated"));
  }
  switch (resp.user().role()) {
    case identity::v1::ROLE_OWNER: return auth::Role::kOwner;
    case identity::v1::ROLE_ADMIN: return auth::Role::kAdmin;
    case identity::v1::ROLE_MANAGER: return auth::Role::kManager;
    case identity::v1::ROLE_LOCK_USER: return auth::Role::kLockUser;
    default: return absl::InternalError("identity answered a user without a role");
  }
}

absl::StatusOr<int> IdentityDirectory::CountUsers(const std::string& bearer_token) {
  identity::v1::ListUsersRequest req;
  req.set_page_size(1);
  identity::v1::ListUsersResponse resp;
  auto ctx = rpc::MakeContext(absl::Seconds(5), bearer_token);
  grpc::Status status = stub_->ListUsers(ctx.get(), req, &resp);
  if (status.error_code() == grpc::StatusCode::PERMISSION_DENIED) return 1;  // O5: only oneself
  if (!status.ok()) return rpc::FromPeerStatus(status, "identity");
  return resp.total_size();
}

}  // namespace keyway::org
