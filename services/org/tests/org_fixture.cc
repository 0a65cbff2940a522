#include "org_fixture.h"

#include "keyway/pg/transaction.h"

namespace keyway::org::testing {

OrgFixture::OrgFixture(const std::string& access_address, int redis_port, int pg_port)
    : redis_port_(redis_port), identity_({}, pg_port, redis_port), db_(pg_port) {
  OrgServerOptions options;
  options.db = db_.conninfo();
  options.db_pool_size = 8;
  options.redis_port = redis_port;
  options.identity_address = "127.0.0.1:" + std::to_string(identity_.server().port());
  options.service_credential = keyway::testing::ServiceCredential("org");
  options.operator_token = keyway::testing::OperatorToken();
  options.service_callers = keyway::testing::ServiceCallers({"gateway", "jobs"});
  options.config.events_stream = identity_.org_stream();
  options.identity_events_stream = identity_.stream();
  options.gateway_events_stream = gateway_stream_;
  options.clock = &identity_.clock();
  options.access = access_address.empty() ? &access_ : nullptr;
  options.access_address = access_address;
  options.readiness_interval = absl::Milliseconds(100);
  auto server = OrgServer::Start(options);
  INFO(server.status().ToString());
  REQUIRE(server.ok());
  server_ = std::move(*server);
  auto channel = rpc::MakeChannel("127.0.0.1:" + std::to_string(server_->port()));
  stub_ = v1::OrgService::NewStub(channel);
  internal_stub_ = v1::OrgInternalService::NewStub(channel);
}

Account OrgFixture::NewOrganisation(v1::OrganisationKind kind) {
  v1::CreateOrganisationRequest req;
  req.set_name("Harbour Lofts");
  req.set_kind(kind);
  req.set_owner_email(IdentityFixture::NewEmail());
  req.set_owner_name("Olive Owner");
  v1::CreateOrganisationResponse resp;
  auto status = internal_api().CreateOrganisation(
      identity_.Ctx(keyway::testing::OperatorToken()).get(), req, &resp);
  REQUIRE(status.error_message() == "");
  idv1::AcceptInvitationRequest accept;
  accept.set_token(resp.owner_invitation_token());
  accept.set_password(IdentityFixture::kPassword);
  idv1::AcceptInvitationResponse accepted;
  REQUIRE(identity_.api().AcceptInvitation(identity_.Ctx().get(), accept, &accepted).ok());
  // Tests about logins (O4) need identity to know the organisation's kind:
  // wait for org's OrganisationCreated event to reach it.
  bool known = false;
  for (int i = 0; i < 200 && !known; ++i) {
    known = identity_.Count("SELECT count(*) FROM organisations WHERE id = '" +
                            resp.organisation().id() + "'") == 1;
    if (!known) absl::SleepFor(absl::Milliseconds(25));
  }
  REQUIRE(known);
  return identity_.LogIn(req.owner_email(), IdentityFixture::kPassword, resp.organisation().id());
}

Account OrgFixture::AddMember(const Account& by, idv1::Role role) {
  if (role != idv1::ROLE_MANAGER) return identity_.AddMember(by, role);
  idv1::InviteUserRequest invite;
  invite.set_email(IdentityFixture::NewEmail());
  invite.set_name("Morgan Manager");
  invite.set_role(role);
  idv1::InviteUserResponse invited;
  REQUIRE(identity_.api().InviteUser(As(by).get(), invite, &invited).ok());
  idv1::AcceptInvitationRequest accept;
  accept.set_token(identity_.InvitationTokenOf(invited.user().id()));
  accept.set_password(IdentityFixture::kPassword);
  idv1::AcceptInvitationResponse accepted;
  REQUIRE(identity_.api().AcceptInvitation(identity_.Ctx().get(), accept, &accepted).ok());
  Account a;
  a.organisation_id = by.organisation_id;
  a.user_id = invited.user().id();
  a.email = invite.email();
  a.password = IdentityFixture::kPassword;
  return a;
}

Account OrgFixture::LogIn(const Account& member) {
  for (int i = 0; i < 100; ++i) {
    idv1::LoginRequest req;
    req.set_email(member.email);
    req.set_password(member.password);
    req.set_organisation_id(member.organisation_id);
    idv1::LoginResponse resp;
    if (identity_.api().Login(identity_.Ctx().get(), req, &resp).ok()) {
      return identity_.LogIn(member.email, member.password, member.organisation_id);
    }
    absl::SleepFor(absl::Milliseconds(50));
  }
  FAIL("could not log in as " << member.email);
  return member;
}

std::string OrgFixture::CreateProperty(const Account& by, const std::string& name, double latitude,
                                       double longitude) {
  v1::CreatePropertyRequest req;
  req.set_name(name);
  req.set_address("1 Harbour Street");
  req.set_latitude(latitude);
  req.set_longitude(longitude);
  v1::CreatePropertyResponse resp;
  auto status = api().CreateProperty(As(by).get(), req, &resp);
  REQUIRE(status.error_message() == "");
  return resp.property().id();
}

std::string OrgFixture::CreateDepartment(const Account& by, const std::string& name,
                                         const std::vector<std::string>& property_ids,
                                         const std::vector<std::string>& member_ids) {
  v1::CreateDepartmentRequest req;
  req.set_name(name);
  for (const auto& p : property_ids) req.add_property_ids(p);
  for (const auto& m : member_ids) req.add_member_user_ids(m);
  v1::CreateDepartmentResponse resp;
  auto status = api().CreateDepartment(As(by).get(), req, &resp);
  REQUIRE(status.error_message() == "");
  return resp.department().id();
}

std::string OrgFixture::PairLock(const Account& by, const std::vector<std::string>& property_ids,
                                 const std::string& model, const std::string& name) {
  v1::PairLockRequest req;
  req.set_serial_number("SN-" + core::RandomToken(6));
  std::replace(req.mutable_serial_number()->begin(), req.mutable_serial_number()->end(), '_', '-');
  req.set_model(model);
  req.set_name(name);
  for (const auto& p : property_ids) req.add_property_ids(p);
  v1::PairLockResponse resp;
  auto status = api().PairLock(As(by).get(), req, &resp);
  REQUIRE(status.error_message() == "");
  return resp.lock().id();
}

std::string OrgFixture::CreateBridge(const Account& by, const std::vector<std::string>& lock_ids,
                                     std::string* credential) {
  v1::CreateAccessoryRequest req;
  req.set_kind(v1::ACCESSORY_KIND_BRIDGE);
  req.set_serial_number("BR-" + core::RandomToken(6));
  std::replace(req.mutable_serial_number()->begin(), req.mutable_serial_number()->end(), '_', '-');
  req.set_name("Hall bridge");
  for (const auto& l : lock_ids) req.add_lock_ids(l);
  v1::CreateAccessoryResponse resp;
  auto status = api().CreateAccessory(As(by).get(), req, &resp);
  REQUIRE(status.error_message() == "");
  if (credential) *credential = resp.bridge_credential();
  return resp.accessory().id();
}

int OrgFixture::Count(const std::string& sql) {
  return *pg::InTransaction(server_->pool(), [&](pqxx::work& tx) -> absl::StatusOr<int> {
    return tx.exec1(sql)[0].as<int>();
  });
}

}  // namespace keyway::org::testing
