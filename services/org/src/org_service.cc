#include "org_service.h"

#include "keyway/rpc/call.h"
#include "keyway/rpc/handler.h"

namespace keyway::org {
grpc::Status OrgInternalService::CreateOrganisation(grpc::ServerContext* ctx,
                                                    const v1::CreateOrganisationRequest* req,
                                                    v1::CreateOrganisationResponse* resp) {
  return rpc::Handle(ctx, [&] {
    return rpc::Fill(org_.CreateOrganisation(*req, rpc::CallInfoOf(ctx).peer), resp);
  });
}

grpc::Status OrgInternalService::AuthenticateBridge(grpc::ServerContext* ctx,
                                                    const v1::AuthenticateBridgeRequest* req,
                                                    v1::AuthenticateBridgeResponse* resp) {
  return rpc::Handle(ctx, [&] { return rpc::Fill(org_.AuthenticateBridge(*req), resp); });
}

grpc::Status OrgInternalService::AuthenticateLock(grpc::ServerContext* ctx,
                                                  const v1::AuthenticateLockRequest* req,
                                                  v1::AuthenticateLockResponse* resp) {
  return rpc::Handle(ctx, [&] { return rpc::Fill(org_.AuthenticateLock(*req), resp); });
}

grpc::Status OrgInternalService::CheckLockOrganisation(
    grpc::ServerContext* ctx, const v1::CheckLockOrganisationRequest* req,
    v1::CheckLockOrganisationResponse*) {
  return rpc::Handle(ctx, [&] { return org_.CheckLockOrganisation(*req); });
}

grpc::Status OrgService::IssueLockCredential(grpc::ServerContext* ctx,
                                             const v1::IssueLockCredentialRequest* req,
                                             v1::IssueLockCredentialResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) { return rpc::Fill(org_.IssueLockCredential(c, *req), resp); });
}

grpc::Status OrgService::GetOrganisation(grpc::ServerContext* ctx, const v1::GetOrganisationRequest*,
                                         v1::GetOrganisationResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) {
    return rpc::Fill(org_.GetOrganisation(c), resp->mutable_organisation());
  });
}

grpc::Status OrgService::CreateDepartment(grpc::ServerContext* ctx,
                                          const v1::CreateDepartmentRequest* req,
                                          v1::CreateDepartmentResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) {
    return rpc::Fill(org_.CreateDepartment(c, *req), resp->mutable_department());
  });
}

grpc::Status OrgService::GetDepartment(grpc::ServerContext* ctx, const v1::GetDepartmentRequest* req,
                                       v1::GetDepartmentResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) {
    return rpc::Fill(org_.GetDepartment(c, *req), resp->mutable_department());
  });
}

grpc::Status OrgService::ListDepartments(grpc::ServerContext* ctx,
                                         const v1::ListDepartmentsRequest* req,
                                         v1::ListDepartmentsResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) { return rpc::Fill(org_.ListDepartments(c, *req), resp); });
}

grpc::Status OrgService::UpdateDepartment(grpc::ServerContext* ctx,
                                          const v1::UpdateDepartmentRequest* req,
                                          v1::UpdateDepartmentResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) {
    return rpc::Fill(org_.UpdateDepartment(c, *req), resp->mutable_department());
  });
}

grpc::Status OrgService::DeleteDepartment(grpc::ServerContext* ctx,
                                          const v1::DeleteDepartmentRequest* req,
                                          v1::DeleteDepartmentResponse*) {
  return rpc::AsCaller(ctx, [&](const Caller& c) { return org_.DeleteDepartment(c, *req); });
}

grpc::Status OrgService::SearchPlaces(grpc::ServerContext* ctx, const v1::SearchPlacesRequest* req,
                                      v1::SearchPlacesResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller&) { return rpc::Fill(org_.SearchPlaces(*req), resp); });
}

grpc::Status OrgService::CreateProperty(grpc::ServerContext* ctx,
                                        const v1::CreatePropertyRequest* req,
                                        v1::CreatePropertyResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) {
    return rpc::Fill(org_.CreateProperty(c, *req), resp->mutable_property());
  });
}

grpc::Status OrgService::GetProperty(grpc::ServerContext* ctx, const v1::GetPropertyRequest* req,
                                     v1::GetPropertyResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) {
    return rpc::Fill(org_.GetProperty(c, *req), resp->mutable_property());
  });
}

grpc::Status OrgService::ListProperties(grpc::ServerContext* ctx,
                                        const v1::ListPropertiesRequest* req,
                                        v1::ListPropertiesResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) { return rpc::Fill(org_.ListProperties(c, *req), resp); });
}

grpc::Status OrgService::UpdateProperty(grpc::ServerContext* ctx,
                                        const v1::UpdatePropertyRequest* req,
                                        v1::UpdatePropertyResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) {
    return rpc::Fill(org_.UpdateProperty(c, *req), resp->mutable_property());
  });
}

grpc::Status OrgService::DeleteProperty(grpc::ServerContext* ctx,
                                        const v1::DeletePropertyRequest* req,
                                        v1::DeletePropertyResponse*) {
  return rpc::AsCaller(ctx, [&](const Caller& c) { return org_.DeleteProperty(c, *req); });
}

grpc::Status OrgService::ListMapLocations(grpc::ServerContext* ctx,
                                          const v1::ListMapLocationsRequest* req,
                                          v1::ListMapLocationsResponse* resp) {
  return rpc::AsCaller(ctx,
                  [&](const Caller& c) { return rpc::Fill(org_.ListMapLocations(c, *req), resp); });
}

grpc::Status OrgService::PairLock(grpc::ServerContext* ctx, const v1::PairLockRequest* req,
                                  v1::PairLockResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) { return rpc::Fill(org_.PairLock(c, *req), resp->mutable_lock()); });
}

grpc::Status OrgService::GetLock(grpc::ServerContext* ctx, const v1::GetLockRequest* req,
                                 v1::GetLockResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) { return rpc::Fill(org_.GetLock(c, *req), resp->mutable_lock()); });
}

grpc::Status OrgService::ListLocks(grpc::ServerContext* ctx, const v1::ListLocksRequest* req,
                                   v1::ListLocksResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) { return rpc::Fill(org_.ListLocks(c, *req), resp); });
}

grpc::Status OrgService::UpdateLock(grpc::ServerContext* ctx, const v1::UpdateLockRequest* req,
                                    v1::UpdateLockResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) { return rpc::Fill(org_.UpdateLock(c, *req), resp->mutable_lock()); });
}

grpc::Status OrgService::SetLockProperties(grpc::ServerContext* ctx,
                                           const v1::SetLockPropertiesRequest* req,
                                           v1::SetLockPropertiesResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) {
    return rpc::Fill(org_.SetLockProperties(c, *req), resp->mutable_lock());
  });
}

grpc::Status OrgService::CreateAccessory(grpc::ServerContext* ctx,
                                         const v1::CreateAccessoryRequest* req,
                                         v1::CreateAccessoryResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) {
    return rpc::Fill(org_.CreateAccessory(c, *req), resp);
  });
}

grpc::Status OrgService::GetAccessory(grpc::ServerContext* ctx, const v1::GetAccessoryRequest* req,
                                      v1::GetAccessoryResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) {
    return rpc::Fill(org_.GetAccessory(c, *req), resp->mutable_accessory());
  });
}

grpc::Status OrgService::ListAccessories(grpc::ServerContext* ctx,
                                         const v1::ListAccessoriesRequest* req,
                                         v1::ListAccessoriesResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) { return rpc::Fill(org_.ListAccessories(c, *req), resp); });
}

grpc::Status OrgService::UpdateAccessory(grpc::ServerContext* ctx,
                                         const v1::UpdateAccessoryRequest* req,
                                         v1::UpdateAccessoryResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) {
    return rpc::Fill(org_.UpdateAccessory(c, *req), resp->mutable_accessory());
  });
}

grpc::Status OrgService::DeleteAccessory(grpc::ServerContext* ctx,
                                         const v1::DeleteAccessoryRequest* req,
                                         v1::DeleteAccessoryResponse*) {
  return rpc::AsCaller(ctx, [&](const Caller& c) { return org_.DeleteAccessory(c, *req); });
}

grpc::Status OrgService::GetHomeSummary(grpc::ServerContext* ctx, const v1::GetHomeSummaryRequest*,
                                        v1::GetHomeSummaryResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) { return rpc::Fill(org_.GetHomeSummary(c), resp); });
}

grpc::Status OrgService::GetWidgetLayout(grpc::ServerContext* ctx, const v1::GetWidgetLayoutRequest*,
                                         v1::GetWidgetLayoutResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) -> absl::Status {
    auto widgets = org_.GetWidgetLayout(c);
    if (!widgets.ok()) return widgets.status();
    for (auto w : *widgets) resp->add_widgets(w);
    return absl::OkStatus();
  });
}

grpc::Status OrgService::UpdateWidgetLayout(grpc::ServerContext* ctx,
                                            const v1::UpdateWidgetLayoutRequest* req,
                                            v1::UpdateWidgetLayoutResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) -> absl::Status {
    auto widgets = org_.UpdateWidgetLayout(c, *req);
    if (!widgets.ok()) return widgets.status();
    for (auto w : *widgets) resp->add_widgets(w);
    return absl::OkStatus();
  });
}

grpc::Status OrgService::CheckLockScope(grpc::ServerContext* ctx,
                                        const v1::CheckLockScopeRequest* req,
                                        v1::CheckLockScopeResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) { return rpc::Fill(org_.CheckLockScope(c, *req), resp); });
}

grpc::Status OrgService::ListAuditEvents(grpc::ServerContext* ctx,
                                         const v1::ListAuditEventsRequest* req,
                                         v1::ListAuditEventsResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) { return rpc::Fill(org_.ListAuditEvents(c, *req), resp); });
}

}  // namespace keyway::org
