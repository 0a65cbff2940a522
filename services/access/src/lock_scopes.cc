#include "lock_scopes.h"

#include "absl/strings/match.h"
#include "keyway/rpc/client.h"
#include "keyway/rpc/status.h"

namespace keyway::access {

OrgLockScopes::OrgLockScopes(std::shared_ptr<grpc::Channel> org)
    : stub_(org::v1::OrgService::NewStub(std::move(org))) {}

absl::StatusOr<org::v1::CheckLockScopeResponse> OrgLockScopes::Ask(
    const std::string& bearer_token, const std::vector<std::string>& lock_ids) {
  org::v1::CheckLockScopeRequest req;
  for (const auto& id : lock_ids) req.add_lock_ids(id);
  org::v1::CheckLockScopeResponse resp;
  auto ctx = rpc::MakeContext(absl::Seconds(5), bearer_token);
  grpc::Status status = stub_->CheckLockScope(ctx.get(), req, &resp);
  if (status.error_code() == grpc::StatusCode::UNAVAILABLE ||
      status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
    return absl::UnavailableError("the org service is unreachable; try again shortly");
  }
  if (!status.ok()) return rpc::FromGrpcStatus(status);
  return resp;
}

absl::Status OrgLockScopes::Require(const std::string& bearer_token,
                                    const std::vector<std::string>& lock_ids) {
  auto resp = Ask(bearer_token, lock_ids);
  if (!resp.ok()) return resp.status();
  for (const auto& lock : resp->locks()) {
    if (lock.allowed()) continue;
    if (absl::EndsWith(lock.reason(), "not found")) return absl::NotFoundError(lock.reason());
    return absl::PermissionDeniedError(lock.reason());
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> OrgLockScopes::Allowed(
    const std::string& bearer_token, const std::vector<std::string>& lock_ids) {
  auto resp = Ask(bearer_token, lock_ids);
  if (!resp.ok()) return resp.status();
  std::vector<std::string> out;
  for (const auto& lock : resp->locks()) {
    if (lock.allowed()) out.push_back(lock.lock_id());
  }
  return out;
}

}  // namespace keyway::access
