#include "identity_fixture.h"

#include "keyway/pg/transaction.h"

namespace keyway::identity::testing {

IdentityFixture::IdentityFixture(IdentityConfig config, int pg_port, int redis_port)
    : db_(pg_port), redis_("127.0.0.1", redis_port) {
  config.events_stream = stream_;
  config.notify_public_key = keyway::testing::NotifyKeys().public_key;
  // Cheap hashing: the tests are about behaviour, not cost.
  config.password_hash = {.memory_kib = 1024, .iterations = 1, .parallelism = 1};
  IdentityServerOptions options;
  options.db = db_.conninfo();
  options.db_pool_size = 8;
  options.redis_port = redis_port;
  options.key_encryption_key = core::RandomBytes(32);
  options.service_callers = keyway::testing::ServiceCallers({"org", "access", "jobs", "gateway"});
  options.operator_token = keyway::testing::OperatorToken();
  // The tests' client stands for a load balancer too (S10): a call may name
  // its client in X-Forwarded-For; without it the peer is the client.
  options.trusted_proxies = "127.0.0.1";
  options.config = config;
  options.clock = &clock_;
  options.readiness_interval = absl::Milliseconds(100);
  options.org_events_stream = org_stream_;
  auto server = IdentityServer::Start(options);
  INFO(server.status().ToString());
  REQUIRE(server.ok());
  server_ = std::move(*server);
  auto channel = rpc::MakeChannel("127.0.0.1:" + std::to_string(server_->port()));
  stub_ = v1::IdentityService::NewStub(channel);
  internal_stub_ = v1::IdentityInternalService::NewStub(channel);
}

std::unique_ptr<grpc::ClientContext> IdentityFixture::Ctx(const std::string& token) {
  return rpc::MakeContext(absl::Seconds(10), token);
}

Account IdentityFixture::NewOrganisation(const std::string& organisation_id) {
  Account owner;
  owner.organisation_id = organisation_id.empty() ? "org-" + core::RandomToken(6) : organisation_id;
  owner.email = NewEmail();
  owner.password = kPassword;
  v1::CreateOwnerRequest req;
  req.set_organisation_id(owner.organisation_id);
  req.set_email(owner.email);
  req.set_name("Olive Owner");
  v1::CreateOwnerResponse resp;
  auto status = internal_api().CreateOwner(OrgCtx().get(), req, &resp);
  REQUIRE(status.error_message() == "");
  REQUIRE(status.ok());
  v1::AcceptInvitationRequest accept;
  accept.set_token(resp.invitation_token());
  accept.set_password(owner.password);
  v1::AcceptInvitationResponse accepted;
  REQUIRE(api().AcceptInvitation(Ctx().get(), accept, &accepted).ok());
  Account in = LogIn(owner.email, owner.password, owner.organisation_id);
  in.organisation_id = owner.organisation_id;
  return in;
}

Account IdentityFixture::AddMember(const Account& inviter, v1::Role role, const std::string& email) {
  v1::InviteUserRequest req;
  req.set_email(email.empty() ? NewEmail() : email);
  req.set_name("Morgan Member");
  req.set_role(role);
  v1::InviteUserResponse resp;
  auto status = api().InviteUser(As(inviter).get(), req, &resp);
  REQUIRE(status.error_message() == "");
  v1::AcceptInvitationRequest accept;
  accept.set_token(InvitationTokenOf(resp.user().id()));
  accept.set_password(kPassword);
  v1::AcceptInvitationResponse accepted;
  status = api().AcceptInvitation(Ctx().get(), accept, &accepted);
  REQUIRE(status.error_message() == "");
  return LogIn(req.email(), kPassword, inviter.organisation_id);
}

Account IdentityFixture::LogIn(const std::string& email, const std::string& password,
                               const std::string& organisation_id) {
  v1::LoginRequest req;
  req.set_email(email);
  req.set_password(password);
  req.set_organisation_id(organisation_id);
  v1::LoginResponse resp;
  auto status = api().Login(Ctx().get(), req, &resp);
  REQUIRE(status.error_message() == "");
  return {resp.user().organisation_id(), resp.user().id(), email, password, resp.access_token(),
          resp.refresh_token()};
}

std::vector<std::pair<std::string, std::string>> IdentityFixture::StreamEvents(
    const std::string& type, size_t) {
  std::vector<std::pair<std::string, std::string>> out;
  auto reply = redis_.Command({"XRANGE", stream_, "-", "+"});
  if (!reply.ok()) return out;
  for (const auto& entry : reply->elements) {
    if (entry.elements.size() != 2) continue;
    std::string entry_type, payload;
    const auto& kv = entry.elements[1].elements;
    for (size_t i = 0; i + 1 < kv.size(); i += 2) {
      if (kv[i].str == "type") entry_type = kv[i + 1].str;
      if (kv[i].str == "payload") payload = kv[i + 1].str;
    }
    if (entry_type == type) out.emplace_back(entry_type, payload);
  }
  return out;
}

std::string IdentityFixture::InvitationTokenOf(const std::string& user_id, size_t nth) {
  auto issued = EventsOf<v1::InvitationIssued>(user_id, nth);
  REQUIRE(issued.size() >= nth);
  return keyway::testing::Unsealed(issued[nth - 1].sealed_token());
}

int IdentityFixture::Count(const std::string& sql) {
  return *pg::InTransaction(server_->pool(), [&](pqxx::work& tx) -> absl::StatusOr<int> {
    return tx.exec1(sql)[0].as<int>();
  });
}

}  // namespace keyway::identity::testing
