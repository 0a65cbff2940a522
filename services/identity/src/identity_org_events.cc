// O4: identity keeps what it needs of org's events to refuse the login of a
// Manager who has no department.
#include "absl/strings/str_cat.h"
#include "identity.h"
#include "identity_store.h"
#include "keyway/org/v1/org_events.pb.h"

namespace keyway::identity {

absl::Status Identity::ApplyOrgEvent(pqxx::work& tx, const events::Event& event) {
  if (event.type == keyway::org::v1::OrganisationCreated().GetTypeName()) {
    keyway::org::v1::OrganisationCreated created;
    if (!created.ParseFromString(event.payload)) return absl::DataLossError("unreadable event");
    store::RecordOrganisation(tx, created.organisation_id(),
                              created.kind() == keyway::org::v1::ORGANISATION_KIND_DEPARTMENTAL);
  } else if (event.type == keyway::org::v1::MemberDepartmentsChanged().GetTypeName()) {
    keyway::org::v1::MemberDepartmentsChanged changed;
    if (!changed.ParseFromString(event.payload)) return absl::DataLossError("unreadable event");
    store::SetDepartmentCount(tx, changed.organisation_id(), changed.user_id(),
                              changed.department_count(), event.created_at);
  }
  return absl::OkStatus();  // other events are not identity's business
}

absl::Status CheckManagerMayLogIn(pqxx::work& tx, const store::Member& member) {
  if (member.role == auth::Role::kManager && member.department_count == 0 &&
      store::IsDepartmental(tx, member.organisation_id)) {
    return absl::PermissionDeniedError(
        "a Manager with no department cannot log in to the dashboard (O4): ask an Owner or Admin "
        "to add you to a department");
  }
  return absl::OkStatus();
}

}  // namespace keyway::identity
