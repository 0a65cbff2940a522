// S4: a session revoked in identity is refused by every service within a
// second: a dismissed Admin can do nothing anywhere, though their access
// token has minutes left to live; the same after a role change.
#include "gateway_fixture.h"

using namespace keyway::gateway::testing;
namespace idv1 = keyway::identity::v1;
namespace ov1 = keyway::org::v1;

namespace {

// How long each service took to refuse `token` (a read-only call each).
std::map<std::string, absl::Duration> TimesToRefuse(GatewayFixture& g, const std::string& token,
                                                    const std::string& lock_id) {
  std::map<std::string, absl::Duration> took;
  const absl::Time start = absl::Now();
  auto ctx = [&] { return keyway::rpc::MakeContext(absl::Seconds(5), token); };
  std::map<std::string, std::function<grpc::Status()>> calls = {
      {"org", [&] { ov1::ListLocksResponse r; return g.j.f.org.api().ListLocks(ctx().get(), {}, &r); }},
      {"access", [&] { av1::ListAccessesResponse r; return g.j.f.api->ListAccesses(ctx().get(), {}, &r); }},
      {"jobs", [&] { jv1::ListJobsResponse r; return g.j.api->ListJobs(ctx().get(), {}, &r); }},
      {"gateway", [&] {
         gv1::ListActivityLogsRequest req;
         req.set_lock_id(lock_id);
         gv1::ListActivityLogsResponse r;
         return g.api->ListActivityLogs(ctx().get(), req, &r);
       }},
  };
  while (took.size() < calls.size() && absl::Now() - start < absl::Seconds(10)) {
    for (auto& [name, call] : calls) {
      if (took.count(name)) continue;
      if (call().error_code() == grpc::StatusCode::UNAUTHENTICATED) took[name] = absl::Now() - start;
    }
    absl::SleepFor(absl::Milliseconds(20));
  }
  return took;
}

}  // namespace

TEST_CASE("S4: U5: a deactivated Admin is refused by every service within a second") {
  GatewayFixture g;
  Door door = OneDoor(g.j);
  Account admin = g.j.f.org.AddMember(door.owner, idv1::ROLE_ADMIN);
  // The Admin works everywhere first.
  ov1::ListLocksResponse locks;
  REQUIRE(g.j.f.org.api().ListLocks(g.j.f.org.As(admin).get(), {}, &locks).ok());
  jv1::ListJobsResponse jobs;
  REQUIRE(g.j.api->ListJobs(g.j.f.org.As(admin).get(), {}, &jobs).ok());
  idv1::DeactivateUserRequest req;
  req.set_user_id(admin.user_id);
  idv1::DeactivateUserResponse resp;
  REQUIRE(g.j.f.org.identity().api().DeactivateUser(g.j.f.org.As(door.owner).get(), req, &resp).ok());
  auto took = TimesToRefuse(g, admin.access_token, door.lock_id);
  for (const char* service : {"org", "access", "jobs", "gateway"}) {
    CAPTURE(service);
    REQUIRE(took.count(service) == 1);
    CHECK(took[service] < absl::Seconds(1));
  }
  // And nothing is made with the old token: a permanent PIN, for one.
  av1::CreateRemotePinResponse pin;
  CHECK(g.j.f.CreatePin(admin, door.lock_id, av1::PIN_KIND_PERMANENT,
                        NextHour(g.j.f.org.identity().clock()), {}, &pin)
            .error_code() == grpc::StatusCode::UNAUTHENTICATED);
  CHECK(g.j.f.Count("SELECT count(*) FROM accesses") == 0);
  // The Owner is unaffected.
  CHECK(g.j.f.org.api().ListLocks(g.j.f.org.As(door.owner).get(), {}, &locks).ok());
}

TEST_CASE("S4: U4: an Admin made a Lock User keeps no Admin token anywhere") {
  GatewayFixture g;
  Door door = OneDoor(g.j);
  Account admin = g.j.f.org.AddMember(door.owner, idv1::ROLE_ADMIN);
  idv1::UpdateUserRequest req;
  req.mutable_user()->set_id(admin.user_id);
  req.mutable_user()->set_role(idv1::ROLE_LOCK_USER);
  req.mutable_update_mask()->add_paths("role");
  idv1::UpdateUserResponse resp;
  REQUIRE(g.j.f.org.identity().api().UpdateUser(g.j.f.org.As(door.owner).get(), req, &resp).ok());
  auto took = TimesToRefuse(g, admin.access_token, door.lock_id);
  for (const char* service : {"org", "access", "jobs", "gateway"}) {
    CAPTURE(service);
    REQUIRE(took.count(service) == 1);
    CHECK(took[service] < absl::Seconds(1));
  }
}
