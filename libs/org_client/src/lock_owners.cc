#include "keyway/org_client/lock_owners.h"

#include "keyway/rpc/client.h"
#include "keyway/rpc/status.h"

namespace keyway::org_client {

OrgLockOwners::OrgLockOwners(std::shared_ptr<grpc::Channel> org, std::string service_credential)
    : stub_(org::v1::OrgInternalService::NewStub(std::move(org))),
      credential_(std::move(service_credential)) {}

absl::Status OrgLockOwners::Check(const std::string& organisation_id, const std::string& lock_id) {
  org::v1::CheckLockOrganisationRequest req;
  req.set_organisation_id(organisation_id);
  req.set_lock_id(lock_id);
  org::v1::CheckLockOrganisationResponse resp;
  auto ctx = rpc::MakeContext(absl::Seconds(5), credential_);
  return rpc::FromPeerStatus(stub_->CheckLockOrganisation(ctx.get(), req, &resp), "org");
}

}  // namespace keyway::org_client
