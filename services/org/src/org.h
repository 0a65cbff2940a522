#pragma once
// The org service's logic, free of gRPC: organisations, departments,
// properties, locks, and the scope rules (O1-O7, D1-D6, P1-P6, L1-L3, L7).

#include <functional>
#include <string>
#include <type_traits>
#include <vector>

#include "absl/status/statusor.h"
#include "collaborators.h"
#include "keyway/auth/principal.h"
#include "keyway/core/clock.h"
#include "keyway/events/event.h"
#include "keyway/org/v1/org_service.pb.h"
#include "keyway/pg/pool.h"
#include "keyway/rpc/call.h"
#include "org_store.h"
#include "scope.h"

namespace keyway::org {


inline constexpr int kMaxDepartments = 20;  // D2

struct OrgConfig {
  std::string events_stream = "keyway.org.events";
};

using rpc::Caller;
// See Org::ChangeKeepingD6.
using D6Check = std::function<absl::Status(pqxx::work&, const std::vector<std::string>&)>;

class Org {
 public:
  Org(pg::Pool& pool, Directory& directory, AccessFacts& access, const core::Clock& clock,
      OrgConfig config);

  absl::StatusOr<v1::CreateOrganisationResponse> CreateOrganisation(
      const v1::CreateOrganisationRequest& req, const std::string& peer);
  absl::StatusOr<v1::Organisation> GetOrganisation(const Caller& caller);

  absl::StatusOr<v1::Department> CreateDepartment(const Caller& caller,
                                                  const v1::CreateDepartmentRequest& req);
  absl::StatusOr<v1::Department> GetDepartment(const Caller& caller,
                                               const v1::GetDepartmentRequest& req);
  absl::StatusOr<v1::ListDepartmentsResponse> ListDepartments(
      const Caller& caller, const v1::ListDepartmentsRequest& req);
  absl::StatusOr<v1::Department> UpdateDepartment(const Caller& caller,
                                                  const v1::UpdateDepartmentRequest& req);
  absl::Status DeleteDepartment(const Caller& caller, const v1::DeleteDepartmentRequest& req);

  absl::StatusOr<v1::SearchPlacesResponse> SearchPlaces(const v1::SearchPlacesRequest& req);
  absl::StatusOr<v1::Property> CreateProperty(const Caller& caller,
                                              const v1::CreatePropertyRequest& req);
  absl::StatusOr<v1::Property> GetProperty(const Caller& caller,
                                           const v1::GetPropertyRequest& req);
  absl::StatusOr<v1::ListPropertiesResponse> ListProperties(const Caller& caller,
                                                            const v1::ListPropertiesRequest& req);
  absl::StatusOr<v1::Property> UpdateProperty(const Caller& caller,
                                              const v1::UpdatePropertyRequest& req);
  absl::Status DeleteProperty(const Caller& caller, const v1::DeletePropertyRequest& req);
  absl::StatusOr<v1::ListMapLocationsResponse> ListMapLocations(
      const Caller& caller, const v1::ListMapLocationsRequest& req);

  absl::StatusOr<v1::Lock> PairLock(const Caller& caller, const v1::PairLockRequest& req);
  absl::StatusOr<v1::Lock> GetLock(const Caller& caller, const v1::GetLockRequest& req);
  absl::StatusOr<v1::ListLocksResponse> ListLocks(const Caller& caller,
                                                  const v1::ListLocksRequest& req);
  absl::StatusOr<v1::Lock> UpdateLock(const Caller& caller, const v1::UpdateLockRequest& req);
  absl::StatusOr<v1::Lock> SetLockProperties(const Caller& caller,
                                             const v1::SetLockPropertiesRequest& req);
  absl::StatusOr<v1::CreateAccessoryResponse> CreateAccessory(const Caller& caller,
                                                            const v1::CreateAccessoryRequest& req);
  // The gateway's call (checked by the service layer): who a Bridge is.
  absl::StatusOr<v1::AuthenticateBridgeResponse> AuthenticateBridge(
      const v1::AuthenticateBridgeRequest& req);
  // L3, L4: an NB-IoT lock's heartbeat credential, and (the gateway's call)
  // which lock presents one.
  absl::StatusOr<v1::IssueLockCredentialResponse> IssueLockCredential(
      const Caller& caller, const v1::IssueLockCredentialRequest& req);
  absl::StatusOr<v1::AuthenticateLockResponse> AuthenticateLock(const v1::AuthenticateLockRequest& req);
  // S3: jobs' check that a lock is the organisation's it was told.
  absl::Status CheckLockOrganisation(const v1::CheckLockOrganisationRequest& req);
  absl::StatusOr<v1::Accessory> GetAccessory(const Caller& caller,
                                             const v1::GetAccessoryRequest& req);
  absl::StatusOr<v1::ListAccessoriesResponse> ListAccessories(
      const Caller& caller, const v1::ListAccessoriesRequest& req);
  absl::StatusOr<v1::Accessory> UpdateAccessory(const Caller& caller,
                                                const v1::UpdateAccessoryRequest& req);
  absl::Status DeleteAccessory(const Caller& caller, const v1::DeleteAccessoryRequest& req);

  absl::StatusOr<v1::GetHomeSummaryResponse> GetHomeSummary(const Caller& caller);
  absl::StatusOr<std::vector<v1::WidgetKind>> GetWidgetLayout(const Caller& caller);
  absl::StatusOr<std::vector<v1::WidgetKind>> UpdateWidgetLayout(
      const Caller& caller, const v1::UpdateWidgetLayoutRequest& req);

  absl::StatusOr<v1::CheckLockScopeResponse> CheckLockScope(
      const Caller& caller, const v1::CheckLockScopeRequest& req);

  absl::StatusOr<v1::ListAuditEventsResponse> ListAuditEvents(
      const Caller& caller, const v1::ListAuditEventsRequest& req);

  // Applies an event of identity's stream (U4), inside the consumer's transaction.
  absl::Status ApplyIdentityEvent(pqxx::work& tx, const events::Event& event);
  // Applies an event of the gateway's stream (L1: battery, last sync).
  absl::Status ApplyGatewayEvent(pqxx::work& tx, const events::Event& event);

 private:
  // The caller's organisation and scope, read in `tx`. NOT_FOUND when the
  // token names an organisation that does not exist here.
  absl::StatusOr<std::pair<store::OrganisationRow, ScopeSubject>> SubjectOf(pqxx::work& tx,
                                                                            const Caller& caller);
  // O5: for a Lock User, the locks they hold a live key or PIN on (access
  // knows); nullopt for the other roles, whom departments scope. Asked before
  // any transaction opens.
  absl::StatusOr<std::optional<std::set<std::string>>> HeldLocksOf(const Caller& caller);
  // Member ids for a department: each a Manager or Lock User of the
  // caller's organisation (D4: Owners and Admins belong to all already).
  absl::Status CheckDepartmentMembers(const Caller& caller, const std::vector<std::string>& ids);
  // D6 for a change to which departments some locks belong: `change(tx, d6)`
  // makes the change in `tx`, then calls `d6(tx, lock_ids)` for the locks it
  // touched. Whether a lock holds a Custom PIN is access's to say, and no
  // remote call happens inside a transaction that can retry (K3): a try that
  // leaves an unchecked lock in two departments is rolled back, access is
  // asked with no transaction open, and the change is tried again.
  // FAILED_PRECONDITION if a lock with a Custom PIN would be shared. Defined
  // in keeping_d6.h.
  template <typename Change>
  auto ChangeKeepingD6(const Caller& caller, Change change)
      -> std::invoke_result_t<Change&, pqxx::work&, const D6Check&>;
  // Of `lock_ids`, those in more than one department after the change in `tx`.
  std::vector<std::string> SharedLocks(pqxx::work& tx, const Caller& caller,
                                       const std::vector<std::string>& lock_ids);
  // D6: FAILED_PRECONDITION if one of these shared locks holds a Custom PIN.
  // Asks access: never inside a transaction.
  absl::Status RefuseCustomPinsOn(const Caller& caller, const std::vector<std::string>& shared);

  pg::Pool& pool_;
  Directory& directory_;
  AccessFacts& access_;
  const core::Clock& clock_;
  const OrgConfig config_;
};

}  // namespace keyway::org
