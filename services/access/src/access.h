#pragma once
// The access service's logic, free of gRPC: per-lock secrets and Remote PINs
// (A1-A3, A13, A15), the rest of A1 to come.

#include <string>

#include "absl/status/statusor.h"
#include "keyway/access/v1/access_service.pb.h"
#include "keyway/core/clock.h"
#include "keyway/events/event.h"
#include "keyway/pg/pool.h"
#include "keyway/rpc/call.h"
#include "lock_scopes.h"

namespace keyway::access {

namespace v1 = keyway::access::v1;
using rpc::Caller;

struct AccessConfig {
  std::string events_stream = "keyway.access.events";
  std::string key_encryption_key;  // 32 bytes: seals the lock secrets
};

class Access {
 public:
  Access(pg::Pool& pool, LockScopes& scopes, const core::Clock& clock, AccessConfig config);

  absl::StatusOr<v1::ProvisionLockResponse> ProvisionLock(const Caller& caller,
                                                          const v1::ProvisionLockRequest& req);
  absl::StatusOr<v1::CreateRemotePinResponse> CreateRemotePin(
      const Caller& caller, const v1::CreateRemotePinRequest& req);
  absl::StatusOr<v1::ShareRemotePinResponse> ShareRemotePin(const Caller& caller,
                                                            const v1::ShareRemotePinRequest& req);
  absl::StatusOr<v1::Access> GetAccess(const Caller& caller, const v1::GetAccessRequest& req);
  absl::StatusOr<v1::ListAccessesResponse> ListAccesses(const Caller& caller,
                                                        const v1::ListAccessesRequest& req);
  absl::StatusOr<v1::Access> DeleteAccess(const Caller& caller, const v1::DeleteAccessRequest& req);
  absl::StatusOr<v1::GetLockPinFactsResponse> GetLockPinFacts(
      const Caller& caller, const v1::GetLockPinFactsRequest& req);

  // Applies an event of org's stream: a paired lock gets its secret.
  absl::Status ApplyOrgEvent(pqxx::work& tx, const events::Event& event);

 private:
  pg::Pool& pool_;
  LockScopes& scopes_;
  const core::Clock& clock_;
  const AccessConfig config_;
};

// The 16 bytes of a canonical UUID (the AlgoPIN tweak of a lock).
std::string UuidBytes(const std::string& uuid);

}  // namespace keyway::access
