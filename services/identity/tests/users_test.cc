// U1, O3-O6, K1, K2 and input validation of the users API, on a real
// PostgreSQL and Redis.
#include <grpcpp/generic/generic_stub.h>

#include <condition_variable>
#include <mutex>
#include <set>

#include "identity_fixture.h"
#include "keyway/rpc/callers.h"
#include "identity_service.h"

using namespace keyway::identity::testing;

namespace {

// Each user-management call against `target`, as `caller`: the status code.
struct Calls {
  IdentityFixture& f;
  const Account& caller;

  grpc::StatusCode Get(const std::string& id) {
    v1::GetUserRequest r;
    r.set_user_id(id);
    v1::GetUserResponse out;
    return f.api().GetUser(f.As(caller).get(), r, &out).error_code();
  }
  grpc::StatusCode List() {
    v1::ListUsersResponse out;
    return f.api().ListUsers(f.As(caller).get(), {}, &out).error_code();
  }
  grpc::StatusCode Invite() {
    v1::InviteUserRequest r;
    r.set_email(IdentityFixture::NewEmail());
    r.set_name("New Person");
    r.set_role(v1::ROLE_LOCK_USER);
    v1::InviteUserResponse out;
    return f.api().InviteUser(f.As(caller).get(), r, &out).error_code();
  }
  grpc::StatusCode Update(const std::string& id) {
    v1::UpdateUserRequest r;
    r.mutable_user()->set_id(id);
    r.mutable_user()->set_name("Renamed Person");
    r.mutable_update_mask()->add_paths("name");
    v1::UpdateUserResponse out;
    return f.api().UpdateUser(f.As(caller).get(), r, &out).error_code();
  }
  grpc::StatusCode Deactivate(const std::string& id) {
    v1::DeactivateUserRequest r;
    r.set_user_id(id);
    v1::DeactivateUserResponse out;
    return f.api().DeactivateUser(f.As(caller).get(), r, &out).error_code();
  }
  grpc::StatusCode Reactivate(const std::string& id) {
    v1::ReactivateUserRequest r;
    r.set_user_id(id);
    v1::ReactivateUserResponse out;
    return f.api().ReactivateUser(f.As(caller).get(), r, &out).error_code();
  }
  grpc::StatusCode Resend(const std::string& id) {
    v1::ResendInvitationRequest r;
    r.set_user_id(id);
    v1::ResendInvitationResponse out;
    return f.api().ResendInvitation(f.As(caller).get(), r, &out).error_code();
  }
  grpc::StatusCode Cancel(const std::string& id) {
    v1::CancelInvitationRequest r;
    r.set_user_id(id);
    v1::CancelInvitationResponse out;
    return f.api().CancelInvitation(f.As(caller).get(), r, &out).error_code();
  }
  grpc::StatusCode Audit() {
    v1::ListAuditEventsResponse out;
    return f.api().ListAuditEvents(f.As(caller).get(), {}, &out).error_code();
  }
};

std::string InvitePending(IdentityFixture& f, const Account& by) {
  v1::InviteUserRequest r;
  r.set_email(IdentityFixture::NewEmail());
  r.set_name("Pending Person");
  r.set_role(v1::ROLE_LOCK_USER);
  v1::InviteUserResponse out;
  REQUIRE(f.api().InviteUser(f.As(by).get(), r, &out).ok());
  return out.user().id();
}

}  // namespace

TEST_CASE("U1: role matrix: Owners and Admins manage users, Managers read, Lock Users see themselves") {
  IdentityFixture f;
  Account owner = f.NewOrganisation();
  Account admin = f.AddMember(owner, v1::ROLE_ADMIN);
  Account manager = f.AddMember(owner, v1::ROLE_MANAGER);
  Account lock_user = f.AddMember(owner, v1::ROLE_LOCK_USER);
  using Code = grpc::StatusCode;
  for (const Account* who : {&owner, &admin}) {
    Calls c{f, *who};
    Account target = f.AddMember(owner, v1::ROLE_LOCK_USER);
    CHECK(c.Get(target.user_id) == Code::OK);
    CHECK(c.List() == Code::OK);
    CHECK(c.Invite() == Code::OK);
    CHECK(c.Update(target.user_id) == Code::OK);
    CHECK(c.Deactivate(target.user_id) == Code::OK);
    CHECK(c.Reactivate(target.user_id) == Code::OK);
    std::string pending = InvitePending(f, owner);
    CHECK(c.Resend(pending) == Code::OK);
    CHECK(c.Cancel(pending) == Code::OK);
    CHECK(c.Audit() == Code::OK);
  }
  std::string pending = InvitePending(f, owner);
  Calls m{f, manager};
  CHECK(m.Get(lock_user.user_id) == Code::OK);
  CHECK(m.List() == Code::OK);
  for (auto code : {m.Invite(), m.Update(lock_user.user_id), m.Deactivate(lock_user.user_id),
                    m.Reactivate(lock_user.user_id), m.Resend(pending), m.Cancel(pending), m.Audit()}) {
    CHECK(code == Code::PERMISSION_DENIED);
  }
  Calls l{f, lock_user};
  CHECK(l.Get(lock_user.user_id) == Code::OK);
  CHECK(l.Get(manager.user_id) == Code::PERMISSION_DENIED);
  CHECK(l.List() == Code::PERMISSION_DENIED);
  for (auto code : {l.Invite(), l.Update(manager.user_id), l.Deactivate(manager.user_id),
                    l.Reactivate(manager.user_id), l.Resend(pending), l.Cancel(pending), l.Audit()}) {
    CHECK(code == Code::PERMISSION_DENIED);
  }
  // An Admin may not edit the Owner.
  CHECK(Calls{f, admin}.Update(owner.user_id) == Code::PERMISSION_DENIED);
}

TEST_CASE("O6: nothing of another organisation is visible: every call answers NOT_FOUND") {
  IdentityFixture f;
  Account ours = f.NewOrganisation();
  Account theirs = f.NewOrganisation();
  Account their_member = f.AddMember(theirs, v1::ROLE_MANAGER);
  std::string their_pending = InvitePending(f, theirs);
  Calls c{f, ours};
  using Code = grpc::StatusCode;
  CHECK(c.Get(their_member.user_id) == Code::NOT_FOUND);
  CHECK(c.Update(their_member.user_id) == Code::NOT_FOUND);
  CHECK(c.Deactivate(their_member.user_id) == Code::NOT_FOUND);
  CHECK(c.Reactivate(their_member.user_id) == Code::NOT_FOUND);
  CHECK(c.Resend(their_pending) == Code::NOT_FOUND);
  CHECK(c.Cancel(their_pending) == Code::NOT_FOUND);
  // The same answer as for an id that exists nowhere.
  std::string nobody = "6f1c1f5e-9d1b-4a51-8c1e-2b8f0c1d2e3f";
  CHECK(c.Get(nobody) == Code::NOT_FOUND);
  v1::GetUserRequest get;
  get.set_user_id(their_member.user_id);
  v1::GetUserResponse got;
  std::string theirs_message = f.api().GetUser(f.As(ours).get(), get, &got).error_message();
  get.set_user_id(nobody);
  std::string nobody_message = f.api().GetUser(f.As(ours).get(), get, &got).error_message();
  CHECK(theirs_message.find(" not found") != std::string::npos);
  CHECK(nobody_message.find(" not found") != std::string::npos);
  // Lists hold only our own organisation.
  v1::ListUsersResponse users;
  REQUIRE(f.api().ListUsers(f.As(ours).get(), {}, &users).ok());
  REQUIRE(users.users_size() == 1);
  CHECK(users.users(0).id() == ours.user_id);
  v1::ListAuditEventsResponse audit;
  REQUIRE(f.api().ListAuditEvents(f.As(ours).get(), {}, &audit).ok());
  for (const auto& e : audit.events()) CHECK(e.target_id() != their_member.user_id);
  // And their member is untouched.
  get.set_user_id(their_member.user_id);
  REQUIRE(f.api().GetUser(f.As(theirs).get(), get, &got).ok());
  CHECK(got.user().name() == "Morgan Member");
  CHECK(got.user().status() == v1::USER_STATUS_ACTIVE);
}

TEST_CASE("O6: a person in two organisations: neither sees nor changes the other's profile") {
  IdentityFixture f;
  Account ours = f.NewOrganisation();
  Account theirs = f.NewOrganisation();
  // Their member, with a mobile only they know.
  v1::InviteUserRequest invite;
  invite.set_email(IdentityFixture::NewEmail());
  invite.set_name("Bea Private");
  invite.set_mobile("+33612345678");
  invite.set_role(v1::ROLE_MANAGER);
  v1::InviteUserResponse their_copy;
  REQUIRE(f.api().InviteUser(f.As(theirs).get(), invite, &their_copy).ok());
  // We invite the same email: we see only what we entered.
  invite.set_name("B. Contractor");
  invite.clear_mobile();
  invite.set_role(v1::ROLE_LOCK_USER);
  v1::InviteUserResponse our_copy;
  REQUIRE(f.api().InviteUser(f.As(ours).get(), invite, &our_copy).ok());
  CHECK(our_copy.user().id() == their_copy.user().id());  // one person, one login
  CHECK(our_copy.user().name() == "B. Contractor");
  CHECK(our_copy.user().mobile().empty());
  // Our edits stay ours.
  v1::UpdateUserRequest update;
  update.mutable_user()->set_id(our_copy.user().id());
  update.mutable_user()->set_name("Renamed By Us");
  update.mutable_user()->set_mobile("+14155552671");
  update.mutable_update_mask()->add_paths("name");
  update.mutable_update_mask()->add_paths("mobile");
  v1::UpdateUserResponse updated;
  REQUIRE(f.api().UpdateUser(f.As(ours).get(), update, &updated).ok());
  v1::GetUserRequest get;
  get.set_user_id(their_copy.user().id());
  v1::GetUserResponse seen_by_them;
  REQUIRE(f.api().GetUser(f.As(theirs).get(), get, &seen_by_them).ok());
  CHECK(seen_by_them.user().name() == "Bea Private");
  CHECK(seen_by_them.user().mobile() == "+33612345678");
  CHECK(seen_by_them.user().role() == v1::ROLE_MANAGER);
}

TEST_CASE("S3: every method not declared public refuses a call without a valid token") {
  IdentityFixture f;
  auto channel = keyway::rpc::MakeChannel("127.0.0.1:" + std::to_string(f.server().port()));
  grpc::GenericStub generic(channel);
  const auto* service = google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
      v1::IdentityService::service_full_name());
  REQUIRE(service != nullptr);
  int checked = 0;
  for (int i = 0; i < service->method_count(); ++i) {
    std::string method = "/" + service->full_name() + "/" + service->method(i)->name();
    if (keyway::rpc::CallersOf(method)->is_public) continue;
    for (const std::string token : {"", "not-a-token"}) {
      grpc::ClientContext ctx;
      ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
      if (!token.empty()) ctx.AddMetadata("authorization", "Bearer " + token);
      grpc::Slice empty_message("");  // an empty protobuf message: every field at its default
      grpc::ByteBuffer empty_request(&empty_message, 1), response;
      grpc::Status status;
      std::mutex mu;
      std::condition_variable cv;
      bool done = false;
      generic.UnaryCall(&ctx, method, {}, &empty_request, &response, [&](grpc::Status s) {
        std::lock_guard<std::mutex> lock(mu);
        status = s;
        done = true;
        cv.notify_one();
      });
      std::unique_lock<std::mutex> lock(mu);
      cv.wait(lock, [&] { return done; });
      INFO(method << " with token '" << token << "'");
      CHECK(status.error_code() == grpc::StatusCode::UNAUTHENTICATED);
    }
    ++checked;
  }
  CHECK(checked == service->method_count() - 4);  // Login, Refresh, GetSigningKeys, AcceptInvitation
}

TEST_CASE("U1: users are listed by tab, searched by name or email, and paged") {
  IdentityFixture f;
  Account owner = f.NewOrganisation();
  for (int i = 0; i < 5; ++i) {
    v1::InviteUserRequest r;
    r.set_email("person" + std::to_string(i) + "-" + keyway::core::RandomToken(4) + "@example.com");
    r.set_name("Person " + std::to_string(i));
    r.set_role(v1::ROLE_LOCK_USER);
    v1::InviteUserResponse out;
    REQUIRE(f.api().InviteUser(f.As(owner).get(), r, &out).ok());
  }
  v1::ListUsersRequest req;
  req.set_status(v1::USER_STATUS_INVITED);
  req.set_query("PERSON");
  req.set_page_size(2);
  std::vector<std::string> names;
  int pages = 0;
  do {
    v1::ListUsersResponse page;
    REQUIRE(f.api().ListUsers(f.As(owner).get(), req, &page).ok());
    for (const auto& u : page.users()) names.push_back(u.name());
    req.set_page_token(page.next_page_token());
    ++pages;
  } while (!req.page_token().empty());
  CHECK(pages == 3);
  CHECK(names == std::vector<std::string>{"Person 0", "Person 1", "Person 2", "Person 3", "Person 4"});

  v1::ListUsersRequest active;
  active.set_status(v1::USER_STATUS_ACTIVE);
  v1::ListUsersResponse actives;
  REQUIRE(f.api().ListUsers(f.As(owner).get(), active, &actives).ok());
  CHECK(actives.users_size() == 1);

  // A token from one query does not continue another.
  req.set_page_token("");
  v1::ListUsersResponse first;
  REQUIRE(f.api().ListUsers(f.As(owner).get(), req, &first).ok());
  req.set_page_token(first.next_page_token());
  req.set_query("person 3");
  v1::ListUsersResponse mismatched;
  CHECK(f.api().ListUsers(f.As(owner).get(), req, &mismatched).error_code() ==
        grpc::StatusCode::INVALID_ARGUMENT);
  // LIKE wildcards in the query are literal.
  v1::ListUsersRequest wildcard;
  wildcard.set_query("%");
  v1::ListUsersResponse none;
  REQUIRE(f.api().ListUsers(f.As(owner).get(), wildcard, &none).ok());
  CHECK(none.users_size() == 0);
}

TEST_CASE("K1: the same idempotency key returns the first result and creates nothing new") {
  IdentityFixture f;
  Account owner = f.NewOrganisation();
  v1::InviteUserRequest req;
  req.set_email(IdentityFixture::NewEmail());
  req.set_name("Idem Potent");
  req.set_role(v1::ROLE_MANAGER);
  req.set_request_id("8d2f3c1a-5b6e-4f70-9a81-2c3d4e5f6a7b");
  v1::InviteUserResponse first, second;
  REQUIRE(f.api().InviteUser(f.As(owner).get(), req, &first).ok());
  REQUIRE(f.api().InviteUser(f.As(owner).get(), req, &second).ok());
  CHECK(first.SerializeAsString() == second.SerializeAsString());
  CHECK(f.Count("SELECT count(*) FROM memberships") == 2);
  CHECK(f.Count("SELECT count(*) FROM invitations WHERE user_id = '" + first.user().id() + "'") == 1);
  CHECK(f.EventsOf<v1::InvitationIssued>(first.user().id()).size() == 1);
  // The same key for another request is refused.
  req.set_name("Someone Else");
  auto reused = f.api().InviteUser(f.As(owner).get(), req, &second);
  CHECK(reused.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(reused.error_message().find("request_id was already used") != std::string::npos);
  // Without a key, a repeat is a duplicate, said as such.
  req.clear_request_id();
  req.set_name("Idem Potent");
  CHECK(f.api().InviteUser(f.As(owner).get(), req, &second).error_code() ==
        grpc::StatusCode::ALREADY_EXISTS);
}

TEST_CASE("K1: CreateOwner replays its first result without the invitation link") {
  IdentityFixture f;
  v1::CreateOwnerRequest req;
  req.set_organisation_id("org-idem");
  req.set_email(IdentityFixture::NewEmail());
  req.set_name("Olive Owner");
  req.set_request_id("create-org-idem-1");
  v1::CreateOwnerResponse first, replay;
  REQUIRE(f.internal_api().CreateOwner(f.OrgCtx().get(), req, &first).ok());
  REQUIRE(f.internal_api().CreateOwner(f.OrgCtx().get(), req, &replay).ok());
  CHECK_FALSE(first.invitation_token().empty());
  CHECK(replay.invitation_token().empty());  // K4: never stored, so never replayed
  CHECK(replay.user().id() == first.user().id());
  CHECK(f.Count("SELECT count(*) FROM memberships WHERE organisation_id = 'org-idem'") == 1);
}

TEST_CASE("bad input is refused with INVALID_ARGUMENT, a clear message, and nothing written") {
  IdentityFixture f;
  Account owner = f.NewOrganisation();
  int users_before = f.Count("SELECT count(*) FROM users");
  int audit_before = f.Count("SELECT count(*) FROM audit_events");
  auto invite = [&](const std::string& email, const std::string& name, const std::string& mobile,
                    v1::Role role, const std::string& request_id = "") {
    v1::InviteUserRequest r;
    r.set_email(email);
    r.set_name(name);
    r.set_mobile(mobile);
    r.set_role(role);
    r.set_request_id(request_id);
    v1::InviteUserResponse out;
    auto s = f.api().InviteUser(f.As(owner).get(), r, &out);
    CHECK(s.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    CHECK_FALSE(s.error_message().empty());
    return s.error_message();
  };
  const std::string ok_email = IdentityFixture::NewEmail();
  CHECK(invite("", "Name", "", v1::ROLE_ADMIN) == "email is required");
  CHECK(invite("not-an-email", "Name", "", v1::ROLE_ADMIN).find("not a valid address") != std::string::npos);
  CHECK(invite(std::string(300, 'a') + "@x.com", "Name", "", v1::ROLE_ADMIN).find("254") != std::string::npos);
  CHECK(invite(ok_email, "", "", v1::ROLE_ADMIN) == "name is required");
  CHECK(invite(ok_email, std::string(5000, 'n'), "", v1::ROLE_ADMIN).find("200") != std::string::npos);
  CHECK(invite(ok_email, "Name", "12345", v1::ROLE_ADMIN).find("international form") != std::string::npos);
  CHECK(invite(ok_email, "Name", "", v1::ROLE_UNSPECIFIED).find("role must be") != std::string::npos);
  CHECK(invite(ok_email, "Name", "", static_cast<v1::Role>(42)).find("role must be") != std::string::npos);
  CHECK(invite(ok_email, "Name", "", v1::ROLE_ADMIN, std::string(200, 'k')).find("request_id") != std::string::npos);

  v1::UpdateUserRequest update;
  update.mutable_user()->set_id(owner.user_id);
  v1::UpdateUserResponse updated;
  auto no_mask = f.api().UpdateUser(f.As(owner).get(), update, &updated);
  CHECK(no_mask.error_message().find("update_mask must list") != std::string::npos);
  update.mutable_update_mask()->add_paths("email");
  CHECK(f.api().UpdateUser(f.As(owner).get(), update, &updated).error_message().find("cannot be changed") !=
        std::string::npos);
  update.mutable_user()->set_id("not-a-uuid");
  CHECK(f.api().UpdateUser(f.As(owner).get(), update, &updated).error_code() ==
        grpc::StatusCode::INVALID_ARGUMENT);

  v1::ListUsersRequest list;
  v1::ListUsersResponse listed;
  list.set_page_size(-1);
  CHECK(f.api().ListUsers(f.As(owner).get(), list, &listed).error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  list.set_page_size(0);
  list.set_page_token("garbage");
  CHECK(f.api().ListUsers(f.As(owner).get(), list, &listed).error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  list.set_page_token("");
  list.set_query(std::string(201, 'q'));
  CHECK(f.api().ListUsers(f.As(owner).get(), list, &listed).error_code() == grpc::StatusCode::INVALID_ARGUMENT);

  v1::LoginRequest login;
  v1::LoginResponse logged;
  CHECK(f.api().Login(f.Ctx().get(), login, &logged).error_message() == "email is required");
  login.set_email(owner.email);
  CHECK(f.api().Login(f.Ctx().get(), login, &logged).error_message() == "password is required");
  login.set_password(std::string(10'000, 'p'));
  CHECK(f.api().Login(f.Ctx().get(), login, &logged).error_code() == grpc::StatusCode::INVALID_ARGUMENT);

  // Beyond the 1 MiB request limit: refused before any handler runs.
  v1::InviteUserRequest huge;
  huge.set_name(std::string(2 << 20, 'n'));
  v1::InviteUserResponse huge_out;
  CHECK(f.api().InviteUser(f.As(owner).get(), huge, &huge_out).error_code() ==
        grpc::StatusCode::RESOURCE_EXHAUSTED);

  CHECK(f.Count("SELECT count(*) FROM users") == users_before);
  CHECK(f.Count("SELECT count(*) FROM audit_events") == audit_before);
  CHECK(f.Count("SELECT count(*) FROM login_throttle") == 0);
}

TEST_CASE("K2: every change to users is in the audit trail, newest first, paged") {
  IdentityFixture f;
  Account owner = f.NewOrganisation();
  Account admin = f.AddMember(owner, v1::ROLE_ADMIN);
  v1::DeactivateUserRequest deactivate;
  deactivate.set_user_id(admin.user_id);
  v1::DeactivateUserResponse out;
  REQUIRE(f.api().DeactivateUser(f.As(owner).get(), deactivate, &out).ok());
  std::vector<std::string> actions;
  v1::ListAuditEventsRequest req;
  req.set_page_size(2);
  do {
    v1::ListAuditEventsResponse page;
    REQUIRE(f.api().ListAuditEvents(f.As(owner).get(), req, &page).ok());
    for (const auto& e : page.events()) {
      actions.push_back(e.action());
      CHECK_FALSE(e.peer().empty());
      CHECK(e.create_time().seconds() > 0);
      // K4: nothing secret in the trail.
      CHECK(e.details().find("token") == std::string::npos);
      CHECK(e.details().find("password") == std::string::npos);
    }
    req.set_page_token(page.next_page_token());
  } while (!req.page_token().empty());
  CHECK(actions == std::vector<std::string>{"user.deactivated", "user.invitation_accepted",
                                            "user.invited", "user.invitation_accepted",
                                            "user.owner_created"});
}
