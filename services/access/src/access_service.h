#pragma once
// The gRPC surface of access: no business rules here.

#include "access.h"
#include "keyway/access/v1/access_service.grpc.pb.h"

namespace keyway::access {

// S6: what the jobs service asks of access with its own credential.
class AccessInternalService final : public v1::AccessInternalService::Service {
 public:
  explicit AccessInternalService(Access& access) : access_(access) {}

  grpc::Status SealLockCommand(grpc::ServerContext*, const v1::SealLockCommandRequest*,
                               v1::SealLockCommandResponse*) override;

 private:
  Access& access_;
};

class AccessService final : public v1::AccessService::Service {
 public:
  explicit AccessService(Access& access) : access_(access) {}

  grpc::Status ProvisionLock(grpc::ServerContext*, const v1::ProvisionLockRequest*,
                             v1::ProvisionLockResponse*) override;
  grpc::Status RotateLockSecret(grpc::ServerContext*, const v1::RotateLockSecretRequest*,
                                v1::RotateLockSecretResponse*) override;
  grpc::Status CreateRemotePin(grpc::ServerContext*, const v1::CreateRemotePinRequest*,
                               v1::CreateRemotePinResponse*) override;
  grpc::Status ShareRemotePin(grpc::ServerContext*, const v1::ShareRemotePinRequest*,
                              v1::ShareRemotePinResponse*) override;
  grpc::Status CreateCustomPin(grpc::ServerContext*, const v1::CreateCustomPinRequest*,
                               v1::CreateCustomPinResponse*) override;
  grpc::Status CreateBluetoothKey(grpc::ServerContext*, const v1::CreateBluetoothKeyRequest*,
                                  v1::CreateBluetoothKeyResponse*) override;
  grpc::Status CreateTwoFactorAccess(grpc::ServerContext*, const v1::CreateTwoFactorAccessRequest*,
                                     v1::CreateTwoFactorAccessResponse*) override;
  grpc::Status UpdateAccess(grpc::ServerContext*, const v1::UpdateAccessRequest*,
                            v1::UpdateAccessResponse*) override;
  grpc::Status GetKeyCredential(grpc::ServerContext*, const v1::GetKeyCredentialRequest*,
                                v1::GetKeyCredentialResponse*) override;
  grpc::Status GetMyLockKey(grpc::ServerContext*, const v1::GetMyLockKeyRequest*,
                            v1::GetMyLockKeyResponse*) override;
  grpc::Status GetAccess(grpc::ServerContext*, const v1::GetAccessRequest*,
                         v1::GetAccessResponse*) override;
  grpc::Status ListAccesses(grpc::ServerContext*, const v1::ListAccessesRequest*,
                            v1::ListAccessesResponse*) override;
  grpc::Status DeleteAccess(grpc::ServerContext*, const v1::DeleteAccessRequest*,
                            v1::DeleteAccessResponse*) override;
  grpc::Status GetLockPinFacts(grpc::ServerContext*, const v1::GetLockPinFactsRequest*,
                               v1::GetLockPinFactsResponse*) override;
  grpc::Status ListHeldLocks(grpc::ServerContext*, const v1::ListHeldLocksRequest*,
                             v1::ListHeldLocksResponse*) override;
  grpc::Status ListAuditEvents(grpc::ServerContext*, const v1::ListAuditEventsRequest*,
                               v1::ListAuditEventsResponse*) override;

 private:
  Access& access_;
};

}  // namespace keyway::access
