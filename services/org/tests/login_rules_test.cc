// O4 and U4 across identity and org, wired by their events.
#include "org_fixture.h"

using namespace keyway::org::testing;

namespace {

template <typename Pred>
bool Eventually(Pred pred) {
  for (int i = 0; i < 100; ++i) {
    if (pred()) return true;
    absl::SleepFor(absl::Milliseconds(50));
  }
  return false;
}

// Invited and accepted, not logged in.
std::string JoinAs(OrgFixture& f, const Account& by, idv1::Role role, const std::string& email) {
  idv1::InviteUserRequest invite;
  invite.set_email(email);
  invite.set_name("Mina Manager");
  invite.set_role(role);
  idv1::InviteUserResponse invited;
  REQUIRE(f.identity().api().InviteUser(f.As(by).get(), invite, &invited).ok());
  idv1::AcceptInvitationRequest accept;
  accept.set_token(f.identity().InvitationTokenOf(invited.user().id()));
  accept.set_password(IdentityFixture::kPassword);
  idv1::AcceptInvitationResponse accepted;
  REQUIRE(f.identity().api().AcceptInvitation(f.identity().Ctx().get(), accept, &accepted).ok());
  return invited.user().id();
}

grpc::Status Login(OrgFixture& f, const std::string& email) {
  idv1::LoginRequest req;
  req.set_email(email);
  req.set_password(IdentityFixture::kPassword);
  idv1::LoginResponse resp;
  return f.identity().api().Login(f.identity().Ctx().get(), req, &resp);
}

grpc::Status SetRole(OrgFixture& f, const Account& by, const std::string& user, idv1::Role role) {
  idv1::UpdateUserRequest req;
  req.mutable_user()->set_id(user);
  req.mutable_user()->set_role(role);
  req.mutable_update_mask()->add_paths("role");
  idv1::UpdateUserResponse resp;
  return f.identity().api().UpdateUser(f.As(by).get(), req, &resp);
}

}  // namespace

TEST_CASE("O4: a Manager with no department cannot log in, and can once in one") {
  OrgFixture f;
  Account owner = f.NewOrganisation(v1::ORGANISATION_KIND_DEPARTMENTAL);
  std::string email = IdentityFixture::NewEmail();
  std::string manager = JoinAs(f, owner, idv1::ROLE_MANAGER, email);
  auto refused = Login(f, email);
  CHECK(refused.error_code() == grpc::StatusCode::PERMISSION_DENIED);
  CHECK(refused.error_message().find("(O4)") != std::string::npos);
  std::string department = f.CreateDepartment(owner, "Ops", {}, {manager});
  CHECK(Eventually([&] { return Login(f, email).ok(); }));
  // Out of the department again: no login.
  v1::UpdateDepartmentRequest update;
  update.mutable_department()->set_id(department);
  update.mutable_update_mask()->add_paths("member_user_ids");
  v1::UpdateDepartmentResponse updated;
  REQUIRE(f.api().UpdateDepartment(f.As(owner).get(), update, &updated).ok());
  CHECK(Eventually([&] {
    return Login(f, email).error_code() == grpc::StatusCode::PERMISSION_DENIED;
  }));
}

TEST_CASE("O1: O4: in a flat organisation a Manager logs in without departments") {
  OrgFixture f;
  Account owner = f.NewOrganisation(v1::ORGANISATION_KIND_FLAT);
  std::string email = IdentityFixture::NewEmail();
  JoinAs(f, owner, idv1::ROLE_MANAGER, email);
  // identity knows the organisation is flat (the fixture waited for that).
  CHECK(f.identity().Count("SELECT count(*) FROM organisations WHERE id = '" +
                           owner.organisation_id + "' AND NOT departmental") == 1);
  CHECK(Login(f, email).ok());
}

TEST_CASE("U4: Manager to Admin gains every department, Admin to Manager loses them all") {
  OrgFixture f;
  Account owner = f.NewOrganisation(v1::ORGANISATION_KIND_DEPARTMENTAL);
  std::string property = f.CreateProperty(owner, "Tower");
  std::string lock = f.PairLock(owner, {property});
  std::string email = IdentityFixture::NewEmail();
  std::string user = JoinAs(f, owner, idv1::ROLE_MANAGER, email);
  std::string department = f.CreateDepartment(owner, "Tower Team", {property}, {user});
  f.CreateDepartment(owner, "Elsewhere");
  REQUIRE(Eventually([&] { return Login(f, email).ok(); }));

  REQUIRE(SetRole(f, owner, user, idv1::ROLE_ADMIN).ok());
  Account admin = f.identity().LogIn(email, IdentityFixture::kPassword);
  v1::ListDepartmentsResponse all;
  REQUIRE(f.api().ListDepartments(f.As(admin).get(), {}, &all).ok());
  CHECK(all.departments_size() == 2);  // every department, as an Admin
  // Their explicit membership is gone (it would come back on demotion otherwise).
  CHECK(Eventually([&] {
    return f.Count("SELECT count(*) FROM department_members WHERE user_id = '" + user + "'") == 0;
  }));

  REQUIRE(SetRole(f, owner, user, idv1::ROLE_MANAGER).ok());
  CHECK(Eventually([&] {
    return Login(f, email).error_code() == grpc::StatusCode::PERMISSION_DENIED;
  }));
  // Until assigned again.
  v1::UpdateDepartmentRequest update;
  update.mutable_department()->set_id(department);
  update.mutable_department()->add_member_user_ids(user);
  update.mutable_update_mask()->add_paths("member_user_ids");
  v1::UpdateDepartmentResponse updated;
  REQUIRE(f.api().UpdateDepartment(f.As(owner).get(), update, &updated).ok());
  CHECK(Eventually([&] { return Login(f, email).ok(); }));
  Account manager = f.identity().LogIn(email, IdentityFixture::kPassword);
  v1::GetLockRequest get;
  get.set_lock_id(lock);
  v1::GetLockResponse got;
  CHECK(f.api().GetLock(f.As(manager).get(), get, &got).ok());
}
