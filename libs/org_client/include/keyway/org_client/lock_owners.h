#pragma once
// S3: whether a lock is the organisation's that another service was told,
// asked of org's internal CheckLockOrganisation with this service's own
// credential. The jobs service checks the gateway's commands against it, so
// a gateway that is wrong or lying cannot queue a command on another
// organisation's lock.

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "keyway/org/v1/org_service.grpc.pb.h"

namespace keyway::org_client {

class LockOwners {
 public:
  virtual ~LockOwners() = default;
  // OK, NOT_FOUND when the lock is not that organisation's, UNAVAILABLE when
  // org cannot be asked.
  virtual absl::Status Check(const std::string& organisation_id, const std::string& lock_id) = 0;
};

class OrgLockOwners final : public LockOwners {
 public:
  OrgLockOwners(std::shared_ptr<grpc::Channel> org, std::string service_credential);
  absl::Status Check(const std::string& organisation_id, const std::string& lock_id) override;

 private:
  std::unique_ptr<org::v1::OrgInternalService::Stub> stub_;
  const std::string credential_;
};

}  // namespace keyway::org_client
