#pragma once
// Mapping between stored rows and the API's messages.

#include "keyway/org/v1/org_service.pb.h"
#include "keyway/rpc/proto_time.h"
#include "org_store.h"

namespace keyway::org {

using rpc::FromDuration;
using rpc::ToDuration;
using rpc::ToTimestamp;

v1::Organisation ToProto(const store::OrganisationRow& o);
v1::Department ToProto(const store::DepartmentRow& d);
v1::Property ToProto(const store::PropertyRow& p);
v1::Lock ToProto(const store::LockRow& l);
v1::Accessory ToProto(const store::AccessoryRow& a);

}  // namespace keyway::org
