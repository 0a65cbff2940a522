#pragma once
// S6: the jobs service holds no lock secret, so access seals the Lock,
// Unlock and Sync commands jobs makes (L6), asked with jobs' own credential.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "keyway/access/v1/access_service.grpc.pb.h"
#include "keyway/jobs/v1/jobs_service.pb.h"

namespace keyway::jobs {

struct SealedCommand {
  std::string sealed_job;  // a SealedLockJob for the lock alone
  std::string result_key;  // what the lock's results verify under
};

class CommandSealer {
 public:
  virtual ~CommandSealer() = default;
  // NOT_FOUND for a lock that is not the organisation's (or has no secret
  // yet), UNAVAILABLE when access cannot be asked.
  virtual absl::StatusOr<SealedCommand> Seal(const std::string& organisation_id,
                                             const std::string& lock_id, const std::string& job_id,
                                             v1::JobKind kind, absl::Time not_after) = 0;
};

class AccessCommandSealer final : public CommandSealer {
 public:
  AccessCommandSealer(std::shared_ptr<grpc::Channel> access, std::string service_credential);
  absl::StatusOr<SealedCommand> Seal(const std::string& organisation_id, const std::string& lock_id,
                                     const std::string& job_id, v1::JobKind kind,
                                     absl::Time not_after) override;

 private:
  std::unique_ptr<access::v1::AccessInternalService::Stub> stub_;
  const std::string credential_;
};

}  // namespace keyway::jobs
