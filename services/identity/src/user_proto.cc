#include "user_proto.h"

namespace keyway::identity {

v1::Role ToProtoRole(auth::Role role) {
  switch (role) {
    case auth::Role::kOwner: return v1::ROLE_OWNER;
    case auth::Role::kAdmin: return v1::ROLE_ADMIN;
    case auth::Role::kManager: return v1::ROLE_MANAGER;
    case auth::Role::kLockUser: return v1::ROLE_LOCK_USER;
    case auth::Role::kUnspecified: break;
  }
  return v1::ROLE_UNSPECIFIED;
}

std::optional<auth::Role> AssignableRole(v1::Role role) {
  switch (role) {
    case v1::ROLE_ADMIN: return auth::Role::kAdmin;
    case v1::ROLE_MANAGER: return auth::Role::kManager;
    case v1::ROLE_LOCK_USER: return auth::Role::kLockUser;
    default: return std::nullopt;
  }
}

std::string StatusName(v1::UserStatus status) {
  switch (status) {
    case v1::USER_STATUS_INVITED: return "invited";
    case v1::USER_STATUS_ACTIVE: return "active";
    case v1::USER_STATUS_DEACTIVATED: return "deactivated";
    default: return "";
  }
}

v1::UserStatus ToProtoStatus(const std::string& status) {
  if (status == "invited") return v1::USER_STATUS_INVITED;
  if (status == "active") return v1::USER_STATUS_ACTIVE;
  if (status == "deactivated") return v1::USER_STATUS_DEACTIVATED;
  return v1::USER_STATUS_UNSPECIFIED;
}

std::string ChannelName(v1::DeliveryChannel channel) {
  return channel == v1::DELIVERY_CHANNEL_SMS ? "sms" : "email";
}

v1::DeliveryChannel ToProtoChannel(const std::string& channel) {
  return channel == "sms" ? v1::DELIVERY_CHANNEL_SMS : v1::DELIVERY_CHANNEL_EMAIL;
}

v1::User ToUserProto(const store::Member& m) {
  v1::User u;
  u.set_id(m.person.id);
  u.set_organisation_id(m.organisation_id);
  u.set_email(m.person.email);
  u.set_name(m.name);
  u.set_mobile(m.mobile);
  u.set_mobile_verified(m.mobile_verified);
  u.set_role(ToProtoRole(m.role));
  u.set_status(ToProtoStatus(m.status));
  *u.mutable_create_time() = ToTimestamp(m.created_at);
  *u.mutable_update_time() = ToTimestamp(m.updated_at);
  return u;
}

}  // namespace keyway::identity
