#pragma once
// Mapping between stored rows and the API's messages.

#include "keyway/org/v1/org_service.pb.h"
#include "org_store.h"

namespace keyway::org {

v1::Organisation ToProto(const store::OrganisationRow& o);
v1::Department ToProto(const store::DepartmentRow& d);
v1::Property ToProto(const store::PropertyRow& p);
v1::Lock ToProto(const store::LockRow& l);
v1::Accessory ToProto(const store::AccessoryRow& a);
google::protobuf::Timestamp ToTimestamp(absl::Time t);
google::protobuf::Duration ToDuration(absl::Duration d);
absl::Duration FromDuration(const google::protobuf::Duration& d);

}  // namespace keyway::org
