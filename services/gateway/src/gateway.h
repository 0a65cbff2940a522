#pragma once
// The gateway's logic, free of gRPC: the phone app's sync (A5) for now. It
// keeps nothing of its own yet: scope is org's, jobs are the jobs service's,
// asked with the gateway's credential.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "keyway/gateway/v1/gateway_service.pb.h"
#include "keyway/jobs/v1/jobs_service.grpc.pb.h"
#include "keyway/org_client/lock_scopes.h"
#include "keyway/rpc/call.h"

namespace keyway::gateway {

namespace v1 = keyway::gateway::v1;
using rpc::Caller;

class Gateway {
 public:
  // `jobs`: the jobs service; `gateway_token`: the credential it expects.
  Gateway(org_client::LockScopes& scopes, std::shared_ptr<grpc::Channel> jobs,
          std::string gateway_token);

  absl::StatusOr<v1::AppSyncResponse> AppSync(const Caller& caller, const v1::AppSyncRequest& req);

 private:
  org_client::LockScopes& scopes_;
  std::unique_ptr<keyway::jobs::v1::JobsService::Stub> jobs_;
  const std::string gateway_token_;
};

}  // namespace keyway::gateway
