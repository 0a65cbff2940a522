#include "identity_internal.h"

#include "absl/strings/str_cat.h"
#include "keyway/audit/audit.h"
#include "keyway/core/random.h"
#include "keyway/core/sealed_box.h"
#include "keyway/events/event.h"
#include "keyway/identity/v1/identity_events.pb.h"
#include "secrets.h"
#include "user_proto.h"

namespace keyway::identity::internal {

void AuditUserChange(pqxx::work& tx, const std::string& organisation_id, const std::string& actor,
                     const std::string& peer, const std::string& action,
                     const std::string& target_id, const nlohmann::json& details) {
  audit::Record(tx, {.organisation_id = organisation_id,
                     .actor_user_id = actor,
                     .action = action,
                     .target_type = "user",
                     .target_id = target_id,
                     .details_json = details.is_null() ? "{}" : details.dump(),
                     .peer = peer});
}

NewInvitation IssueInvitation(pqxx::work& tx, const store::Member& member,
                              v1::DeliveryChannel channel, const std::string& created_by,
                              absl::Time now, const IdentityConfig& config) {
  IssuedSecret secret = IssueSecret(now, config.invitation_ttl);
  store::Invitation inv{core::NewUuid(), member.organisation_id, member.person.id,
                        ChannelName(channel), InvitationState::kPending, secret.expires_at};
  store::InsertInvitation(tx, inv, secret.token_hash, created_by, now);

  v1::InvitationIssued event;
  event.set_invitation_id(inv.id);
  event.set_organisation_id(member.organisation_id);
  event.set_user_id(member.person.id);
  event.set_email(member.person.email);
  event.set_mobile(member.mobile);
  event.set_name(member.name);
  event.set_role(ToProtoRole(member.role));
  event.set_channel(ToProtoChannel(inv.channel));
  event.set_sealed_token(core::SealFor(config.notify_public_key, secret.token));
  *event.mutable_expire_time() = ToTimestamp(secret.expires_at);
  events::PublishMessage(tx, config.events_stream, member.organisation_id, event);

  NewInvitation out;
  out.token = secret.token;
  out.invitation.set_id(inv.id);
  out.invitation.set_user_id(member.person.id);
  out.invitation.set_channel(ToProtoChannel(inv.channel));
  *out.invitation.mutable_expire_time() = ToTimestamp(secret.expires_at);
  return out;
}

absl::Status ValidateChannel(v1::DeliveryChannel channel, const std::string& mobile) {
  if (!v1::DeliveryChannel_IsValid(channel)) {
    return absl::InvalidArgumentError("channel must be DELIVERY_CHANNEL_EMAIL or DELIVERY_CHANNEL_SMS");
  }
  if (channel == v1::DELIVERY_CHANNEL_SMS && mobile.empty()) {
    return absl::InvalidArgumentError("an invitation by SMS needs the user's mobile number");
  }
  return absl::OkStatus();
}

absl::Status UserNotFound(const std::string& user_id) {
  return absl::NotFoundError(absl::StrCat("user ", user_id, " not found"));
}

}  // namespace keyway::identity::internal
