#include "command_sealer.h"

#include "keyway/rpc/client.h"
#include "keyway/rpc/proto_time.h"
#include "keyway/rpc/status.h"

namespace keyway::jobs {

AccessCommandSealer::AccessCommandSealer(std::shared_ptr<grpc::Channel> access,
                                         std::string service_credential)
    : stub_(access::v1::AccessInternalService::NewStub(std::move(access))),
      credential_(std::move(service_credential)) {}

absl::StatusOr<SealedCommand> AccessCommandSealer::Seal(const std::string& organisation_id,
                                                        const std::string& lock_id,
                                                        const std::string& job_id, v1::JobKind kind,
                                                        absl::Time not_after) {
  access::v1::SealLockCommandRequest req;
  req.set_organisation_id(organisation_id);
  req.set_lock_id(lock_id);
  req.set_job_id(job_id);
  req.set_kind(kind);
  *req.mutable_not_after() = rpc::ToTimestamp(not_after);
  access::v1::SealLockCommandResponse resp;
  auto ctx = rpc::MakeContext(absl::Seconds(5), credential_);
  if (auto s = rpc::FromPeerStatus(stub_->SealLockCommand(ctx.get(), req, &resp), "access"); !s.ok()) {
    return s;
  }
  return SealedCommand{resp.sealed_job(), resp.result_key()};
}

}  // namespace keyway::jobs
