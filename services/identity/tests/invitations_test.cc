// U1, U2: invitations from sending to acceptance, on a real PostgreSQL and Redis.
#include "absl/strings/ascii.h"
#include "identity_fixture.h"

using namespace keyway::identity::testing;

namespace {

v1::InviteUserResponse Invite(IdentityFixture& f, const Account& by, const std::string& email,
                              v1::Role role = v1::ROLE_LOCK_USER, bool by_sms = false) {
  v1::InviteUserRequest req;
  req.set_email(email);
  req.set_name("Ivy Invitee");
  req.set_role(role);
  if (by_sms) {
    req.set_mobile("+1 415 555 2671");  // a phone the inviting Admin holds
    req.set_channel(v1::DELIVERY_CHANNEL_SMS);
  }
  v1::InviteUserResponse resp;
  auto s = f.api().InviteUser(f.As(by).get(), req, &resp);
  REQUIRE(s.error_message() == "");
  return resp;
}

// `access_token`: the accepting person's own login, when they have an account.
grpc::Status Accept(IdentityFixture& f, const std::string& token,
                    const std::string& password = IdentityFixture::kPassword,
                    const std::string& access_token = "") {
  v1::AcceptInvitationRequest req;
  req.set_token(token);
  req.set_password(password);
  v1::AcceptInvitationResponse resp;
  return f.api().AcceptInvitation(f.Ctx(access_token).get(), req, &resp);
}

grpc::Status Login(IdentityFixture& f, const std::string& email, const std::string& password) {
  v1::LoginRequest req;
  req.set_email(email);
  req.set_password(password);
  v1::LoginResponse resp;
  return f.api().Login(f.Ctx().get(), req, &resp);
}

}  // namespace

TEST_CASE("U2: invite, resend (the old link dies), accept with a password, log in") {
  IdentityFixture f;
  Account owner = f.NewOrganisation();
  std::string email = IdentityFixture::NewEmail();
  auto invited = Invite(f, owner, email, v1::ROLE_MANAGER);
  CHECK(invited.user().status() == v1::USER_STATUS_INVITED);
  CHECK(invited.user().role() == v1::ROLE_MANAGER);
  // The invitation expires 24 hours after it was sent.
  CHECK(invited.invitation().expire_time().seconds() ==
        absl::ToUnixSeconds(f.clock().Now() + absl::Hours(24)));
  std::string first_link = f.InvitationTokenOf(invited.user().id(), 1);

  // Not accepted yet: no login.
  CHECK(Login(f, email, IdentityFixture::kPassword).error_code() ==
        grpc::StatusCode::UNAUTHENTICATED);

  v1::ResendInvitationRequest resend;
  resend.set_user_id(invited.user().id());
  v1::ResendInvitationResponse resent;
  REQUIRE(f.api().ResendInvitation(f.As(owner).get(), resend, &resent).ok());
  std::string second_link = f.InvitationTokenOf(invited.user().id(), 2);
  CHECK(second_link != first_link);

  auto old = Accept(f, first_link);
  CHECK(old.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  CHECK(old.error_message().find("newer invitation") != std::string::npos);

  REQUIRE(Accept(f, second_link).ok());
  CHECK(Accept(f, second_link).error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  CHECK(Login(f, email, IdentityFixture::kPassword).ok());

  v1::GetUserRequest get;
  get.set_user_id(invited.user().id());
  v1::GetUserResponse got;
  REQUIRE(f.api().GetUser(f.As(owner).get(), get, &got).ok());
  CHECK(got.user().status() == v1::USER_STATUS_ACTIVE);
}

TEST_CASE("U2: an invitation link expires 24 hours after it was sent") {
  IdentityFixture f;
  Account owner = f.NewOrganisation();
  auto invited = Invite(f, owner, IdentityFixture::NewEmail());
  std::string link = f.InvitationTokenOf(invited.user().id());
  f.clock().Advance(absl::Hours(24));
  auto expired = Accept(f, link);
  CHECK(expired.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  CHECK(expired.error_message().find("expired") != std::string::npos);
  // A resend gives a fresh 24 hours (the Owner logs in again: a day has passed).
  owner = f.LogIn(owner.email, owner.password);
  v1::ResendInvitationRequest resend;
  resend.set_user_id(invited.user().id());
  v1::ResendInvitationResponse resent;
  REQUIRE(f.api().ResendInvitation(f.As(owner).get(), resend, &resent).ok());
  CHECK(Accept(f, f.InvitationTokenOf(invited.user().id(), 2)).ok());
}

TEST_CASE("U2: a cancelled invitation cannot be accepted and leaves the invited tab") {
  IdentityFixture f;
  Account owner = f.NewOrganisation();
  auto invited = Invite(f, owner, IdentityFixture::NewEmail());
  std::string link = f.InvitationTokenOf(invited.user().id());
  v1::CancelInvitationRequest cancel;
  cancel.set_user_id(invited.user().id());
  v1::CancelInvitationResponse cancelled;
  REQUIRE(f.api().CancelInvitation(f.As(owner).get(), cancel, &cancelled).ok());
  auto refused = Accept(f, link);
  CHECK(refused.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  CHECK(refused.error_message() == "this invitation was cancelled");
  v1::ListUsersRequest list;
  list.set_status(v1::USER_STATUS_INVITED);
  v1::ListUsersResponse users;
  REQUIRE(f.api().ListUsers(f.As(owner).get(), list, &users).ok());
  CHECK(users.users_size() == 0);
  CHECK(f.EventsOf<v1::InvitationCancelled>(invited.user().id()).size() == 1);
}

TEST_CASE("U2: the invitation is published for delivery, by email or by SMS") {
  IdentityFixture f;
  Account owner = f.NewOrganisation();
  v1::InviteUserRequest req;
  req.set_email(IdentityFixture::NewEmail());
  req.set_name("Sam Sms");
  req.set_mobile("+1 415 555 2671");
  req.set_role(v1::ROLE_ADMIN);
  req.set_channel(v1::DELIVERY_CHANNEL_SMS);
  v1::InviteUserResponse resp;
  REQUIRE(f.api().InviteUser(f.As(owner).get(), req, &resp).ok());
  auto events = f.EventsOf<v1::InvitationIssued>(resp.user().id());
  REQUIRE(events.size() == 1);
  CHECK(events[0].channel() == v1::DELIVERY_CHANNEL_SMS);
  CHECK(events[0].mobile() == "+14155552671");
  CHECK(events[0].email() == absl::AsciiStrToLower(req.email()));
  CHECK(events[0].organisation_id() == owner.organisation_id);
  // K4: the token travels sealed for notify, never in the clear.
  const std::string token = keyway::testing::Unsealed(events[0].sealed_token());
  CHECK(token.size() == 43);
  CHECK(events[0].SerializeAsString().find(token) == std::string::npos);
  // The link's token is stored only as a hash.
  CHECK(f.Count("SELECT count(*) FROM invitations WHERE token_hash = '" + token + "'") == 0);
  CHECK(f.Count("SELECT count(*) FROM invitations WHERE user_id = '" + resp.user().id() + "'") == 1);

  req.set_email(IdentityFixture::NewEmail());
  req.clear_mobile();
  auto s = f.api().InviteUser(f.As(owner).get(), req, &resp);
  CHECK(s.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(s.error_message() == "an invitation by SMS needs the user's mobile number");
}

TEST_CASE("U2: accepting refuses a weak password and changes nothing") {
  IdentityFixture f;
  Account owner = f.NewOrganisation();
  auto invited = Invite(f, owner, IdentityFixture::NewEmail());
  std::string link = f.InvitationTokenOf(invited.user().id());
  auto weak = Accept(f, link, "password1");
  CHECK(weak.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(weak.error_message().find("at least 10 characters") != std::string::npos);
  CHECK(Accept(f, link, "Password123456").error_message().find("most guessed") != std::string::npos);
  CHECK(Accept(f, "not-a-real-token").error_code() == grpc::StatusCode::NOT_FOUND);
  CHECK(Accept(f, link).ok());  // still pending after the refusals
}

TEST_CASE("O2: S3: an organisation has one Owner, made for org with its own credential only") {
  IdentityFixture f;
  Account owner = f.NewOrganisation();
  v1::CreateOwnerRequest req;
  req.set_organisation_id(owner.organisation_id);
  req.set_email(IdentityFixture::NewEmail());
  req.set_name("Second Owner");
  v1::CreateOwnerResponse resp;
  auto again = f.internal_api().CreateOwner(f.OrgCtx().get(), req, &resp);
  CHECK(again.error_code() == grpc::StatusCode::ALREADY_EXISTS);
  req.set_organisation_id("another-org");
  CHECK(f.internal_api().CreateOwner(f.Ctx("wrong-credential").get(), req, &resp).error_code() ==
        grpc::StatusCode::UNAUTHENTICATED);
  CHECK(f.internal_api().CreateOwner(f.As(owner).get(), req, &resp).error_code() ==
        grpc::StatusCode::UNAUTHENTICATED);
  // Another service's credential is not org's.
  CHECK(f.internal_api()
            .CreateOwner(f.Ctx(keyway::testing::ServiceCredential("gateway")).get(), req, &resp)
            .error_code() == grpc::StatusCode::PERMISSION_DENIED);
  // Inviting an Owner is refused too.
  v1::InviteUserRequest invite;
  invite.set_email(IdentityFixture::NewEmail());
  invite.set_name("Would-be Owner");
  invite.set_role(v1::ROLE_OWNER);
  v1::InviteUserResponse invited;
  auto s = f.api().InviteUser(f.As(owner).get(), invite, &invited);
  CHECK(s.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(s.error_message().find("one Owner") != std::string::npos);
}

TEST_CASE("a person in two organisations keeps one password and picks the organisation at login") {
  IdentityFixture f;
  Account first = f.NewOrganisation();
  Account second = f.NewOrganisation();
  Account admin = f.AddMember(first, v1::ROLE_ADMIN);
  // The second organisation invites the same email.
  auto invited = Invite(f, second, admin.email, v1::ROLE_LOCK_USER);
  CHECK(invited.user().id() == admin.user_id);  // one person
  std::string link = f.InvitationTokenOf(invited.user().id(), 2);
  // S5: joining with an existing account takes that account's login; the link tests no password.
  auto without_login = Accept(f, link, admin.password);
  CHECK(without_login.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  CHECK(without_login.error_message().find("log in to Keyway") != std::string::npos);
  REQUIRE(Accept(f, link, "", admin.access_token).ok());
  auto ambiguous = Login(f, admin.email, admin.password);
  CHECK(ambiguous.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  CHECK(ambiguous.error_message().find("pass organisation_id") != std::string::npos);
  Account as_lock_user = f.LogIn(admin.email, admin.password, second.organisation_id);
  CHECK(as_lock_user.organisation_id == second.organisation_id);
  v1::ListUsersRequest list;
  v1::ListUsersResponse users;
  // A token is for one organisation: a Lock User there, an Admin elsewhere.
  CHECK(f.api().ListUsers(f.As(as_lock_user).get(), list, &users).error_code() ==
        grpc::StatusCode::PERMISSION_DENIED);
  CHECK(f.api().ListUsers(f.As(admin).get(), list, &users).ok());
}

TEST_CASE("S1: an invitation whose name is not UTF-8 is INVALID_ARGUMENT, and no one is invited") {
  IdentityFixture f;
  Account owner = f.NewOrganisation();
  v1::InviteUserRequest req;
  req.set_email(IdentityFixture::NewEmail());
  req.set_name(std::string("Ren\xe9e", 5));
  req.set_role(v1::ROLE_LOCK_USER);
  v1::InviteUserResponse resp;
  auto s = f.api().InviteUser(f.As(owner).get(), req, &resp);
  CHECK(s.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(s.error_message().find("keyway.identity.v1.InviteUserRequest") != std::string::npos);
  v1::LoginRequest login;
  login.set_email(std::string("\xff\xfe@example.com", 14));
  login.set_password("whatever");
  v1::LoginResponse logged;
  CHECK(f.api().Login(f.Ctx().get(), login, &logged).error_code() ==
        grpc::StatusCode::INVALID_ARGUMENT);
  req.set_name("Renée");
  CHECK(f.api().InviteUser(f.As(owner).get(), req, &resp).ok());
}

TEST_CASE("S5: an Admin cannot guess another organisation's user's password through an invitation") {
  IdentityFixture f;
  Account victim_org = f.NewOrganisation();
  Account victim = f.AddMember(victim_org, v1::ROLE_ADMIN);  // accepted by email: proven
  Account attacker = f.NewOrganisation();
  // The attacker invites the victim's email, sending the link to a phone of their own.
  auto invited = Invite(f, attacker, victim.email, v1::ROLE_LOCK_USER, /*by_sms=*/true);
  const std::string link = f.InvitationTokenOf(invited.user().id(), 2);
  // However many guesses, the right one included: never accepted, never a password check.
  for (const std::string& guess : {std::string("password123456"), std::string("letmein-letmein"), victim.password}) {
    auto s = Accept(f, link, guess);
    CHECK(s.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  }
  // Another person's login does not accept it either.
  CHECK(Accept(f, link, "", attacker.access_token).error_code() ==
        grpc::StatusCode::FAILED_PRECONDITION);
  CHECK(f.Count("SELECT count(*) FROM memberships WHERE organisation_id = '" +
                attacker.organisation_id + "' AND status = 'active'") == 1);
  // The victim still logs in with their own password.
  CHECK(Login(f, victim.email, victim.password).ok());
}

TEST_CASE("S5: a password set through an SMS link does not own the email: its first email link takes it") {
  IdentityFixture f;
  Account attacker = f.NewOrganisation();
  const std::string email = IdentityFixture::NewEmail();  // nobody has an account for it yet
  auto first = Invite(f, attacker, email, v1::ROLE_LOCK_USER, /*by_sms=*/true);
  const std::string attacker_password = "the attacker's own passphrase";
  REQUIRE(Accept(f, f.InvitationTokenOf(first.user().id(), 1), attacker_password).ok());
  Account squatter = f.LogIn(email, attacker_password, attacker.organisation_id);
  CHECK(f.Count("SELECT count(*) FROM users WHERE email_proven AND email = lower('" + email + "')") == 0);
  // Another organisation invites the same address by email; its real owner opens the link.
  Account landlord = f.NewOrganisation();
  auto second = Invite(f, landlord, email);
  const std::string owner_password = "the real owner's passphrase";
  REQUIRE(Accept(f, f.InvitationTokenOf(second.user().id(), 2), owner_password).ok());
  CHECK(f.Count("SELECT count(*) FROM users WHERE email_proven AND email = lower('" + email + "')") == 1);
  // The squatter's password and sessions are gone; the owner's works.
  CHECK(Login(f, email, attacker_password).error_code() == grpc::StatusCode::UNAUTHENTICATED);
  v1::GetUserRequest self;
  self.set_user_id(squatter.user_id);
  v1::GetUserResponse got;
  CHECK(f.api().GetUser(f.As(squatter).get(), self, &got).error_code() ==
        grpc::StatusCode::UNAUTHENTICATED);
  CHECK(f.LogIn(email, owner_password, landlord.organisation_id).user_id == first.user().id());
}

TEST_CASE("S5: phone codes are capped per day, however they are spaced") {
  keyway::identity::IdentityConfig config;
  config.phone_codes_per_day = 3;
  IdentityFixture f(config);
  Account owner = f.NewOrganisation();
  v1::UpdateUserRequest update;
  update.mutable_user()->set_id(owner.user_id);
  update.mutable_user()->set_mobile("+1 415 555 2671");
  update.mutable_update_mask()->add_paths("mobile");
  v1::UpdateUserResponse updated;
  REQUIRE(f.api().UpdateUser(f.As(owner).get(), update, &updated).ok());
  v1::StartPhoneVerificationResponse started;
  for (int i = 0; i < 3; ++i) {
    REQUIRE(f.api().StartPhoneVerification(f.As(owner).get(), {}, &started).ok());
    f.clock().Advance(absl::Minutes(1));  // past the 30 s spacing
  }
  auto capped = f.api().StartPhoneVerification(f.As(owner).get(), {}, &started);
  CHECK(capped.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED);
  CHECK(capped.error_message().find("a day") != std::string::npos);
  f.clock().Advance(absl::Hours(24));
  owner = f.LogIn(owner.email, owner.password, owner.organisation_id);  // the old token expired
  CHECK(f.api().StartPhoneVerification(f.As(owner).get(), {}, &started).ok());
}
