// U1, U2: Owners, invitations and their acceptance.
#include "absl/strings/str_cat.h"
#include "identity.h"
#include "identity_internal.h"
#include "keyway/core/random.h"
#include "keyway/events/event.h"
#include "keyway/idempotency/idempotency.h"
#include "keyway/identity/v1/identity_events.pb.h"
#include "keyway/pg/transaction.h"
#include "secrets.h"
#include "user_proto.h"
#include "keyway/core/text.h"
#include "validation.h"

namespace keyway::identity {
namespace {

using internal::AuditUserChange;
using internal::IssueInvitation;

struct NewMember {
  std::string email, name, mobile;
};

absl::StatusOr<NewMember> ValidateNewMember(const std::string& email, const std::string& name,
                                            const std::string& mobile) {
  NewMember m;
  auto e = NormalizeEmail(email);
  if (!e.ok()) return e.status();
  auto n = NormalizeName(name);
  if (!n.ok()) return n.status();
  auto p = NormalizeMobile(mobile);
  if (!p.ok()) return p.status();
  return NewMember{*e, *n, *p};
}

// The person with this email (created if new) as an invited member of the
// organisation, with the profile this organisation gives them. ALREADY_EXISTS
// if they are a member already. Nothing another organisation knows of the
// person is read or shown (O6).
absl::StatusOr<store::Member> AddInvitedMember(pqxx::work& tx, const std::string& organisation_id,
                                               const NewMember& input, auth::Role role,
                                               absl::Time now) {
  std::optional<store::Person> person = store::FindPersonByEmail(tx, input.email);
  if (person) {
    if (auto existing = store::FindMember(tx, organisation_id, person->id)) {
      return absl::AlreadyExistsError(absl::StrCat(input.email, " is already a member of this ",
                                                   "organisation (", existing->status, ")"));
    }
  } else {
    person = store::Person{core::NewUuid(), input.email, {}};
    store::InsertPerson(tx, *person, now);
  }
  store::Member member{*person, organisation_id, input.name, input.mobile, false,
                       role,    "invited",       now,        now};
  store::InsertMember(tx, member);
  return member;
}

void ForgetToken(v1::CreateOwnerResponse& r) { r.clear_invitation_token(); }

}  // namespace

absl::StatusOr<v1::CreateOwnerResponse> Identity::CreateOwner(const v1::CreateOwnerRequest& req,
                                                              const std::string& peer) {
  if (auto s = ValidateOrganisationId(req.organisation_id()); !s.ok()) return s;
  auto input = ValidateNewMember(req.email(), req.name(), req.mobile());
  if (!input.ok()) return input.status();
  if (auto s = idempotency::ValidateKey(req.request_id()); !s.ok()) return s;
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::CreateOwnerResponse> {
    return idempotency::Run<v1::CreateOwnerResponse>(
        tx, "CreateOwner", req.request_id(), req,
        [&](pqxx::work& tx) -> absl::StatusOr<v1::CreateOwnerResponse> {
          const absl::Time now = clock_.Now();
          if (store::HasOwner(tx, req.organisation_id())) {
            return absl::AlreadyExistsError(absl::StrCat(
                "organisation ", req.organisation_id(), " already has its Owner (O2)"));
          }
          auto member = AddInvitedMember(tx, req.organisation_id(), *input, auth::Role::kOwner, now);
          if (!member.ok()) return member.status();
          auto invitation = IssueInvitation(tx, *member, v1::DELIVERY_CHANNEL_EMAIL,
                                            internal::kOperatorActor, now, config_);
          AuditUserChange(tx, req.organisation_id(), internal::kOperatorActor, peer,
                          "user.owner_created", member->person.id,
                          {{"email", member->person.email}});
          v1::CreateOwnerResponse resp;
          *resp.mutable_user() = ToUserProto(*member);
          *resp.mutable_invitation() = invitation.invitation;
          resp.set_invitation_token(invitation.token);
          return resp;
        },
        &ForgetToken);  // a replay does not hand the link out again
  });
}

absl::StatusOr<v1::InviteUserResponse> Identity::InviteUser(const Caller& caller,
                                                            const v1::InviteUserRequest& req) {
  if (auto s = auth::RequireRole(caller.principal, {auth::Role::kOwner, auth::Role::kAdmin},
                                 "invite users");
      !s.ok()) {
    return s;
  }
  auto input = ValidateNewMember(req.email(), req.name(), req.mobile());
  if (!input.ok()) return input.status();
  auto role = AssignableRole(req.role());
  if (!role) {
    return absl::InvalidArgumentError(
        "role must be ROLE_ADMIN, ROLE_MANAGER or ROLE_LOCK_USER: an organisation has one Owner, "
        "its creator");
  }
  if (auto s = internal::ValidateChannel(req.channel(), input->mobile); !s.ok()) return s;
  if (auto s = idempotency::ValidateKey(req.request_id()); !s.ok()) return s;
  const auth::Principal& p = caller.principal;
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::InviteUserResponse> {
    return idempotency::Run<v1::InviteUserResponse>(
        tx, absl::StrCat("InviteUser/", p.organisation_id, "/", p.user_id), req.request_id(), req,
        [&](pqxx::work& tx) -> absl::StatusOr<v1::InviteUserResponse> {
          const absl::Time now = clock_.Now();
          auto member = AddInvitedMember(tx, p.organisation_id, *input, *role, now);
          if (!member.ok()) return member.status();
          auto invitation = IssueInvitation(tx, *member, req.channel(), p.user_id, now, config_);
          AuditUserChange(tx, p.organisation_id, p.user_id, caller.peer, "user.invited",
                          member->person.id,
                          {{"email", member->person.email},
                           {"role", auth::RoleName(*role)},
                           {"channel", ChannelName(req.channel())}});
          v1::InviteUserResponse resp;
          *resp.mutable_user() = ToUserProto(*member);
          *resp.mutable_invitation() = invitation.invitation;
          return resp;
        });
  });
}

absl::StatusOr<v1::ResendInvitationResponse> Identity::ResendInvitation(
    const Caller& caller, const v1::ResendInvitationRequest& req) {
  if (auto s = auth::RequireRole(caller.principal, {auth::Role::kOwner, auth::Role::kAdmin},
                                 "resend invitations");
      !s.ok()) {
    return s;
  }
  if (auto s = core::ValidateUuid(req.user_id(), "user_id"); !s.ok()) return s;
  const auth::Principal& p = caller.principal;
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::ResendInvitationResponse> {
    auto member = store::FindMember(tx, p.organisation_id, req.user_id(), /*for_update=*/true);
    if (!member) return internal::UserNotFound(req.user_id());
    if (member->status != "invited") {
      return absl::FailedPreconditionError(absl::StrCat(
          member->person.email, " has no pending invitation: the user is ", member->status));
    }
    if (auto s = internal::ValidateChannel(req.channel(), member->mobile); !s.ok()) return s;
    const absl::Time now = clock_.Now();
    store::ClosePendingInvitations(tx, p.organisation_id, req.user_id(),
                                   InvitationState::kSuperseded);
    auto invitation = IssueInvitation(tx, *member, req.channel(), p.user_id, now, config_);
    AuditUserChange(tx, p.organisation_id, p.user_id, caller.peer, "user.invitation_resent",
                    req.user_id(), {{"channel", ChannelName(req.channel())}});
    v1::ResendInvitationResponse resp;
    *resp.mutable_invitation() = invitation.invitation;
    return resp;
  });
}

absl::Status Identity::CancelInvitation(const Caller& caller,
                                        const v1::CancelInvitationRequest& req) {
  if (auto s = auth::RequireRole(caller.principal, {auth::Role::kOwner, auth::Role::kAdmin},
                                 "cancel invitations");
      !s.ok()) {
    return s;
  }
  if (auto s = core::ValidateUuid(req.user_id(), "user_id"); !s.ok()) return s;
  const auth::Principal& p = caller.principal;
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::Status {
    auto member = store::FindMember(tx, p.organisation_id, req.user_id(), /*for_update=*/true);
    if (!member) return internal::UserNotFound(req.user_id());
    if (member->status != "invited") {
      return absl::FailedPreconditionError(absl::StrCat(
          member->person.email, " has no pending invitation: the user is ", member->status,
          member->status == "active" ? "; deactivate the user instead" : ""));
    }
    store::ClosePendingInvitations(tx, p.organisation_id, req.user_id(),
                                   InvitationState::kCancelled);
    store::DeleteMembership(tx, p.organisation_id, req.user_id());
    internal::PublishMemberEvent<v1::InvitationCancelled>(tx, config_.events_stream,
                                                          p.organisation_id, req.user_id());
    AuditUserChange(tx, p.organisation_id, p.user_id, caller.peer, "user.invitation_cancelled",
                    req.user_id(), {{"email", member->person.email}});
    return absl::OkStatus();
  });
}

absl::StatusOr<v1::AcceptInvitationResponse> Identity::AcceptInvitation(
    const v1::AcceptInvitationRequest& req, const absl::StatusOr<auth::Principal>& caller,
    const std::string& peer) {
  if (req.token().empty() || req.token().size() > 512) {
    return absl::InvalidArgumentError("token must be the token from the invitation link");
  }
  if (req.password().size() > kMaxPasswordLength) {
    return absl::InvalidArgumentError("password is longer than 256 characters");
  }
  auto invalid_link = absl::NotFoundError(
      "this invitation link is not valid: check that it was copied whole");
  return pg::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::AcceptInvitationResponse> {
        auto inv = store::FindInvitationByTokenHash(tx, HashToken(req.token()));
        if (!inv) return invalid_link;
        const absl::Time now = clock_.Now();
        if (auto s = CheckInvitationUsable(inv->state, inv->expires_at, now); !s.ok()) return s;
        auto member = store::FindMember(tx, inv->organisation_id, inv->user_id, true);
        if (!member || member->status != "invited") return invalid_link;
        store::Person& person = member->person;
        // S5: a link that reached the person's email proves the address; one
        // sent by SMS reached the mobile the inviting organisation gave.
        const bool link_reached_email = inv->channel == "email";
        const bool account_held = person.password_hash.has_value() &&
                                  (store::EmailProven(tx, person.id) || !link_reached_email);
        if (account_held) {
          // An account someone holds is joined by its holder alone, logged in
          // (Login and its throttle): the link never tests a password.
          if (!caller.ok() || caller->user_id != person.id) {
            return absl::FailedPreconditionError(
                "this invitation is for an existing Keyway account: log in to Keyway with it "
                "first, then open the link again (no password is entered here)");
          }
        } else {
          // A new account, or an address no one had proven until this link
          // reached it: the password set here is the only one, and whoever
          // held the account before is logged out everywhere.
          if (req.password().empty()) return absl::InvalidArgumentError("password is required");
          if (auto s = CheckPasswordPolicy(req.password(), person.email, member->name); !s.ok()) {
            return s;
          }
          if (person.password_hash) {
            store::RevokeSessionsOfPerson(tx, person.id, "email proven by another", now);
          }
          store::SetPassword(tx, person.id, HashPassword(req.password(), config_.password_hash),
                             now);
        }
        if (link_reached_email) store::MarkEmailProven(tx, person.id);
        member->status = "active";
        store::UpdateMember(tx, *member, now);
        store::SetInvitationState(tx, inv->id, InvitationState::kAccepted);
        internal::PublishMemberEvent<v1::InvitationAccepted>(tx, config_.events_stream,
                                                             inv->organisation_id, inv->user_id);
        AuditUserChange(tx, inv->organisation_id, inv->user_id, peer, "user.invitation_accepted",
                        inv->user_id);
        v1::AcceptInvitationResponse resp;
        *resp.mutable_user() = ToUserProto(*member);
        return resp;
      });
}

}  // namespace keyway::identity
