// U4: when a user becomes an Admin (or the Owner), their explicit department
// memberships go: they belong to every department now, and if they are made
// a Manager again they start with none, until assigned.
#include "keyway/identity/v1/identity_events.pb.h"
#include "keyway/org/v1/org_events.pb.h"
#include "org.h"
#include "org_store.h"

namespace keyway::org {

absl::Status Org::ApplyIdentityEvent(pqxx::work& tx, const events::Event& event) {
  if (event.type != keyway::identity::v1::UserRoleChanged().GetTypeName()) {
    return absl::OkStatus();  // other events are not org's business
  }
  keyway::identity::v1::UserRoleChanged changed;
  if (!changed.ParseFromString(event.payload)) return absl::DataLossError("unreadable event");
  auto new_role = changed.new_role();
  if (new_role != keyway::identity::v1::ROLE_ADMIN && new_role != keyway::identity::v1::ROLE_OWNER) {
    return absl::OkStatus();
  }
  if (store::RemoveFromAllDepartments(tx, changed.organisation_id(), changed.user_id()) > 0) {
    v1::MemberDepartmentsChanged counted;
    counted.set_organisation_id(changed.organisation_id());
    counted.set_user_id(changed.user_id());
    counted.set_department_count(0);
    events::PublishMessage(tx, config_.events_stream, changed.organisation_id(), counted);
  }
  return absl::OkStatus();
}

}  // namespace keyway::org
