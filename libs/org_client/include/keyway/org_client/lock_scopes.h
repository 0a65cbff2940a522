#pragma once
// O3-O6 for the services that act on locks (access, jobs): org's CheckLockScope, asked
// with the caller's own token, and the locks of a property or department.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "keyway/org/v1/org_service.grpc.pb.h"

namespace keyway::org_client {

// What access needs to know of one lock it may act on.
struct LockFacts {
  std::string lock_id, model;
  std::vector<std::string> department_ids;
  bool departmental = false;          // O1: the organisation has departments
  bool has_bridge = false;            // A6
  bool two_factor_capable = false;    // A10
  bool member_in_department = false;  // A9: of the user asked about
  int department_count = 0;           // A7
};

class LockScopes {
 public:
  virtual ~LockScopes() = default;
  // OK when the caller may act on every lock; NOT_FOUND for a lock that is
  // not the caller's organisation's (O6); PERMISSION_DENIED with org's
  // reason otherwise.
  virtual absl::Status Require(const std::string& bearer_token,
                               const std::vector<std::string>& lock_ids) = 0;
  // The locks of `lock_ids` the caller may act on.
  virtual absl::StatusOr<std::vector<std::string>> Allowed(
      const std::string& bearer_token, const std::vector<std::string>& lock_ids) = 0;
  // As Require for one lock, with its facts; `member_user_id` (optional) is
  // the user whose department membership to report.
  virtual absl::StatusOr<LockFacts> Describe(const std::string& bearer_token,
                                             const std::string& lock_id,
                                             const std::string& member_user_id = "") = 0;
  // A7 for a caller who may not act on the lock through org (a resident):
  // whether the organisation has departments and how many the lock is in.
  // NOT_FOUND for a lock of another organisation.
  virtual absl::StatusOr<LockFacts> DepartmentsOf(const std::string& bearer_token,
                                                  const std::string& lock_id) = 0;
  // A15: the ids of the locks of a property and/or a department that the
  // caller sees; FAILED_PRECONDITION past `limit` locks.
  virtual absl::StatusOr<std::vector<std::string>> LocksIn(const std::string& bearer_token,
                                                           const std::string& property_id,
                                                           const std::string& department_id,
                                                           int limit) = 0;
};

class OrgLockScopes final : public LockScopes {
 public:
  explicit OrgLockScopes(std::shared_ptr<grpc::Channel> org);
  absl::Status Require(const std::string& bearer_token,
                       const std::vector<std::string>& lock_ids) override;
  absl::StatusOr<std::vector<std::string>> Allowed(
      const std::string& bearer_token, const std::vector<std::string>& lock_ids) override;
  absl::StatusOr<LockFacts> Describe(const std::string& bearer_token, const std::string& lock_id,
                                     const std::string& member_user_id) override;
  absl::StatusOr<LockFacts> DepartmentsOf(const std::string& bearer_token,
                                          const std::string& lock_id) override;
  absl::StatusOr<std::vector<std::string>> LocksIn(const std::string& bearer_token,
                                                   const std::string& property_id,
                                                   const std::string& department_id,
                                                   int limit) override;

 private:
  absl::StatusOr<org::v1::CheckLockScopeResponse> Ask(const std::string& bearer_token,
                                                      const std::vector<std::string>& lock_ids,
                                                      const std::string& member_user_id = "");
  std::unique_ptr<org::v1::OrgService::Stub> stub_;
};

}  // namespace keyway::org_client
