#pragma once
// The gRPC surface of org: takes the caller from the interceptor, calls the
// logic, maps the status. No business rules here.

#include <string>
#include <vector>

#include "keyway/org/v1/org_service.grpc.pb.h"
#include "org.h"

namespace keyway::org {

class OrgService final : public v1::OrgService::Service {
 public:
  // `operator_token` is the credential CreateOrganisation needs, and
  // `gateway_token` the one AuthenticateBridge needs; empty disables each.
  OrgService(Org& org, std::string operator_token, std::string gateway_token = "");
  static std::vector<std::string> PublicMethods();

#define KEYWAY_ORG_RPC(Method) \
  grpc::Status Method(grpc::ServerContext*, const v1::Method##Request*, v1::Method##Response*) override;
  KEYWAY_ORG_RPC(CreateOrganisation)
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
  KEYWAY_ORG_RPC(AuthenticateBridge)
  KEYWAY_ORG_RPC(IssueLockCredential)
  KEYWAY_ORG_RPC(AuthenticateLock)
  KEYWAY_ORG_RPC(GetAccessory)
  KEYWAY_ORG_RPC(ListAccessories)
  KEYWAY_ORG_RPC(UpdateAccessory)
  KEYWAY_ORG_RPC(DeleteAccessory)
  KEYWAY_ORG_RPC(GetHomeSummary)
  KEYWAY_ORG_RPC(GetWidgetLayout)
  KEYWAY_ORG_RPC(UpdateWidgetLayout)
  KEYWAY_ORG_RPC(CheckLockScope)
  KEYWAY_ORG_RPC(ListAuditEvents)
#undef KEYWAY_ORG_RPC

 private:
  Org& org_;
  const std::string operator_token_;
  const std::string gateway_token_;
};

}  // namespace keyway::org
