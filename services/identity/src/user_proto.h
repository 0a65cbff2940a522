#pragma once
// Mapping between stored rows and the API's messages.

#include <google/protobuf/timestamp.pb.h>

#include <optional>
#include <string>

#include "absl/time/time.h"
#include "identity_store.h"
#include "keyway/identity/v1/identity_service.pb.h"
#include "keyway/rpc/proto_time.h"

namespace keyway::identity {

using rpc::ToTimestamp;

v1::User ToUserProto(const store::Member& m);
v1::Role ToProtoRole(auth::Role role);
// Only the roles a user can be given (Admin, Manager, Lock User): the Owner
// is made once, with the organisation.
std::optional<auth::Role> AssignableRole(v1::Role role);
// "invited", "active", "deactivated"; empty for unspecified.
std::string StatusName(v1::UserStatus status);
v1::UserStatus ToProtoStatus(const std::string& status);
// "email" or "sms"; unspecified means email.
std::string ChannelName(v1::DeliveryChannel channel);
v1::DeliveryChannel ToProtoChannel(const std::string& channel);

}  // namespace keyway::identity
