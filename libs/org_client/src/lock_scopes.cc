#include "keyway/org_client/lock_scopes.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "keyway/rpc/client.h"
#include "keyway/rpc/status.h"

namespace keyway::org_client {

namespace {

absl::Status Refusal(const org::v1::LockScope& lock) {
  if (lock.allowed()) return absl::OkStatus();
  if (absl::EndsWith(lock.reason(), "not found")) return absl::NotFoundError(lock.reason());
  return absl::PermissionDeniedError(lock.reason());
}

}  // namespace

OrgLockScopes::OrgLockScopes(std::shared_ptr<grpc::Channel> org)
    : stub_(org::v1::OrgService::NewStub(std::move(org))) {}

absl::StatusOr<org::v1::CheckLockScopeResponse> OrgLockScopes::Ask(
    const std::string& bearer_token, const std::vector<std::string>& lock_ids,
    const std::string& member_user_id) {
  org::v1::CheckLockScopeRequest req;
  for (const auto& id : lock_ids) req.add_lock_ids(id);
  req.set_member_user_id(member_user_id);
  org::v1::CheckLockScopeResponse resp;
  auto ctx = rpc::MakeContext(absl::Seconds(5), bearer_token);
  grpc::Status status = stub_->CheckLockScope(ctx.get(), req, &resp);
  if (!status.ok()) return rpc::FromPeerStatus(status, "org");
  return resp;
}

absl::StatusOr<std::vector<std::string>> OrgLockScopes::LocksIn(const std::string& bearer_token,
                                                                const std::string& property_id,
                                                                const std::string& department_id,
                                                                int limit) {
  org::v1::ListLocksRequest req;
  req.set_property_id(property_id);
  req.set_department_id(department_id);
  req.set_page_size(1000);
  std::vector<std::string> out;
  do {
    org::v1::ListLocksResponse resp;
    auto ctx = rpc::MakeContext(absl::Seconds(5), bearer_token);
    grpc::Status status = stub_->ListLocks(ctx.get(), req, &resp);
    if (!status.ok()) return rpc::FromPeerStatus(status, "org");
    for (const auto& lock : resp.locks()) out.push_back(lock.id());
    if (static_cast<int>(out.size()) > limit) {
      return absl::FailedPreconditionError(absl::StrCat(
          "more than ", limit, " locks match the property or department: filter by lock instead"));
    }
    req.set_page_token(resp.next_page_token());
  } while (!req.page_token().empty());
  return out;
}


absl::Status OrgLockScopes::Require(const std::string& bearer_token,
                                    const std::vector<std::string>& lock_ids) {
  auto resp = Ask(bearer_token, lock_ids);
  if (!resp.ok()) return resp.status();
  for (const auto& lock : resp->locks()) {
    if (auto s = Refusal(lock); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::StatusOr<LockFacts> OrgLockScopes::Describe(const std::string& bearer_token,
                                                  const std::string& lock_id,
                                                  const std::string& member_user_id) {
  auto resp = Ask(bearer_token, {lock_id}, member_user_id);
  if (!resp.ok()) return resp.status();
  if (resp->locks_size() != 1) return absl::InternalError("org answered for another lock count");
  const auto& lock = resp->locks(0);
  if (auto s = Refusal(lock); !s.ok()) return s;
  LockFacts facts;
  facts.lock_id = lock.lock_id();
  facts.model = lock.model();
  facts.department_ids.assign(lock.department_ids().begin(), lock.department_ids().end());
  facts.departmental = resp->departmental();
  facts.has_bridge = lock.has_bridge();
  facts.two_factor_capable = lock.two_factor_capable();
  facts.member_in_department = lock.member_in_department();
  facts.department_count = lock.department_count();
  return facts;
}

absl::StatusOr<LockFacts> OrgLockScopes::DepartmentsOf(const std::string& bearer_token,
                                                       const std::string& lock_id) {
  auto resp = Ask(bearer_token, {lock_id});
  if (!resp.ok()) return resp.status();
  if (resp->locks_size() != 1) return absl::InternalError("org answered for another lock count");
  const auto& lock = resp->locks(0);
  if (absl::EndsWith(lock.reason(), "not found")) return absl::NotFoundError(lock.reason());
  LockFacts facts;
  facts.lock_id = lock.lock_id();
  facts.departmental = resp->departmental();
  facts.department_count = lock.department_count();
  return facts;
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

}  // namespace keyway::org_client
