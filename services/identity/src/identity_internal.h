#pragma once
// Helpers shared by the files that implement Identity; not an interface.

#include <string>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "identity.h"
#include "identity_store.h"
#include "keyway/events/event.h"
#include "keyway/identity/v1/identity_service.pb.h"

namespace keyway::identity::internal {

// The actor recorded for calls made with the operator credential.
inline constexpr char kOperatorActor[] = "operator";

// K2: an entry in the audit trail of `organisation_id` about user `target_id`.
void AuditUserChange(pqxx::work& tx, const std::string& organisation_id, const std::string& actor,
                     const std::string& peer, const std::string& action,
                     const std::string& target_id, const nlohmann::json& details = {});

struct NewInvitation {
  v1::Invitation invitation;
  std::string token;  // the link's secret: returned once, published for delivery
};

// U2: a fresh invitation link for an invited member (valid config.invitation_ttl),
// published for delivery with its token sealed for notify (K4).
NewInvitation IssueInvitation(pqxx::work& tx, const store::Member& member,
                              v1::DeliveryChannel channel, const std::string& created_by,
                              absl::Time now, const IdentityConfig& config);

// Publishes an event that names just a member: `Event` has organisation_id
// and user_id (InvitationCancelled, UserDeactivated, ...).
template <typename Event>
void PublishMemberEvent(pqxx::work& tx, const std::string& stream,
                        const std::string& organisation_id, const std::string& user_id) {
  Event event;
  event.set_organisation_id(organisation_id);
  event.set_user_id(user_id);
  events::PublishMessage(tx, stream, organisation_id, event);
}

// INVALID_ARGUMENT for an unknown channel, or SMS without a mobile number.
absl::Status ValidateChannel(v1::DeliveryChannel channel, const std::string& mobile);

// NOT_FOUND in the words O6 asks for: exactly as if the user did not exist.
absl::Status UserNotFound(const std::string& user_id);

}  // namespace keyway::identity::internal
