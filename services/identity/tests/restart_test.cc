// K3 and health, with servers of the test's own that it stops and starts.
#include <grpcpp/health_check_service_interface.h>

#include "grpc/health/v1/health.grpc.pb.h"
#include "identity_fixture.h"

using namespace keyway::identity::testing;

namespace {

grpc::health::v1::HealthCheckResponse::ServingStatus Health(IdentityFixture& f) {
  auto stub = grpc::health::v1::Health::NewStub(
      keyway::rpc::MakeChannel("127.0.0.1:" + std::to_string(f.server().port())));
  grpc::health::v1::HealthCheckRequest req;
  req.set_service("keyway.identity.v1.IdentityService");
  grpc::health::v1::HealthCheckResponse resp;
  auto ctx = f.Ctx();
  if (!stub->Check(ctx.get(), req, &resp).ok()) return grpc::health::v1::HealthCheckResponse::UNKNOWN;
  return resp.status();
}

template <typename Pred>
bool Eventually(Pred pred) {
  for (int i = 0; i < 100; ++i) {
    if (pred()) return true;
    absl::SleepFor(absl::Milliseconds(100));
  }
  return false;
}

}  // namespace

TEST_CASE("K3: an invitation made while Redis is down is published when it returns") {
  keyway::testing::PrivateServers servers;
  IdentityFixture f({}, servers.ports().pg_port, servers.ports().redis_port);
  Account owner = f.NewOrganisation();
  servers.StopRedis();
  v1::InviteUserRequest req;
  req.set_email(IdentityFixture::NewEmail());
  req.set_name("Patient Person");
  req.set_role(v1::ROLE_LOCK_USER);
  v1::InviteUserResponse invited;
  REQUIRE(f.api().InviteUser(f.As(owner).get(), req, &invited).ok());  // Redis is not in the way
  CHECK(f.Count("SELECT count(*) FROM outbox_events") >= 1);
  servers.StartRedis();
  CHECK(f.EventsOf<v1::InvitationIssued>(invited.user().id()).size() == 1);
  CHECK(Eventually([&] { return f.Count("SELECT count(*) FROM outbox_events") == 0; }));
}

TEST_CASE("health is SERVING with the database and NOT_SERVING without it") {
  keyway::testing::PrivateServers servers;
  IdentityFixture f({}, servers.ports().pg_port, servers.ports().redis_port);
  CHECK(Health(f) == grpc::health::v1::HealthCheckResponse::SERVING);
  servers.StopPostgres();
  CHECK(Eventually([&] { return Health(f) == grpc::health::v1::HealthCheckResponse::NOT_SERVING; }));
  servers.StartPostgres();
  CHECK(Eventually([&] { return Health(f) == grpc::health::v1::HealthCheckResponse::SERVING; }));
  Account owner = f.NewOrganisation();  // and it works again
  CHECK_FALSE(owner.access_token.empty());
}
