#pragma once
// The gRPC surface of access: no business rules here.

#include "access.h"
#include "keyway/access/v1/access_service.grpc.pb.h"

namespace keyway::access {

class AccessService final : public v1::AccessService::Service {
 public:
  explicit AccessService(Access& access) : access_(access) {}

  grpc::Status ProvisionLock(grpc::ServerContext*, const v1::ProvisionLockRequest*,
                             v1::ProvisionLockResponse*) override;
  grpc::Status CreateRemotePin(grpc::ServerContext*, const v1::CreateRemotePinRequest*,
                               v1::CreateRemotePinResponse*) override;
  grpc::Status ShareRemotePin(grpc::ServerContext*, const v1::ShareRemotePinRequest*,
                              v1::ShareRemotePinResponse*) override;
  grpc::Status GetAccess(grpc::ServerContext*, const v1::GetAccessRequest*,
                         v1::GetAccessResponse*) override;
  grpc::Status ListAccesses(grpc::ServerContext*, const v1::ListAccessesRequest*,
                            v1::ListAccessesResponse*) override;
  grpc::Status DeleteAccess(grpc::ServerContext*, const v1::DeleteAccessRequest*,
                            v1::DeleteAccessResponse*) override;
  grpc::Status GetLockPinFacts(grpc::ServerContext*, const v1::GetLockPinFactsRequest*,
                               v1::GetLockPinFactsResponse*) override;

 private:
  Access& access_;
};

}  // namespace keyway::access
