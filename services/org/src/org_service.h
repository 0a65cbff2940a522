#pragma once
// The gRPC surface of org: takes the caller from the interceptor, calls the
// logic, maps the status. No business rules here.

#include <string>
#include <vector>

#include "keyway/org/v1/org_service.grpc.pb.h"
#include "org.h"

namespace keyway::org {

// Who may call each method is declared in its proto (S3).
class OrgService final : public v1::OrgService::Service {
 public:
  explicit OrgService(Org& org) : org_(org) {}

#define KEYWAY_ORG_RPC(Method) \
  grpc::Status Method(grpc::ServerContext*, const v1::Method##Request*, v1::Method##Response*) override;
  KEYWAY_ORG_RPC(GetOrganisation)
  KEYWAY_ORG_RPC(CreateDepartment)
  KEYWAY_ORG_RPC(GetDepartment)
  KEYWAY_ORG_RPC(ListDepartments)
  KEYWAY_ORG_RPC(UpdateDepartment)
  KEYWAY_ORG_RPC(DeleteDepartment)
  KEYWAY_ORG_RPC(SearchPlaces)
  KEYWAY_ORG_RPC(CreateProperty)
  KEYWAY_ORG_RPC(GetProperty)
  KEYWAY_ORG_RPC(ListProperties)
  KEYWAY_ORG_RPC(UpdateProperty)
  KEYWAY_ORG_RPC(DeleteProperty)
  KEYWAY_ORG_RPC(ListMapLocations)
  KEYWAY_ORG_RPC(PairLock)
  KEYWAY_ORG_RPC(GetLock)
  KEYWAY_ORG_RPC(ListLocks)
  KEYWAY_ORG_RPC(UpdateLock)
  KEYWAY_ORG_RPC(SetLockProperties)
  KEYWAY_ORG_RPC(CreateAccessory)
  KEYWAY_ORG_RPC(IssueLockCredential)
  KEYWAY_ORG_RPC(GetAccessory)
  KEYWAY_ORG_RPC(ListAccessories)
  KEYWAY_ORG_RPC(UpdateAccessory)
  KEYWAY_ORG_RPC(DeleteAccessory)
  KEYWAY_ORG_RPC(GetHomeSummary)
  KEYWAY_ORG_RPC(GetWidgetLayout)
  KEYWAY_ORG_RPC(UpdateWidgetLayout)
  KEYWAY_ORG_RPC(CheckLockScope)
  KEYWAY_ORG_RPC(ListAuditEvents)

 private:
  Org& org_;
};

// The operator's calls and other services', each with its own credential.
class OrgInternalService final : public v1::OrgInternalService::Service {
 public:
  explicit OrgInternalService(Org& org) : org_(org) {}
  KEYWAY_ORG_RPC(CreateOrganisation)
  KEYWAY_ORG_RPC(AuthenticateBridge)
  KEYWAY_ORG_RPC(AuthenticateLock)
  KEYWAY_ORG_RPC(CheckLockOrganisation)

 private:
  Org& org_;
};
#undef KEYWAY_ORG_RPC

}  // namespace keyway::org
