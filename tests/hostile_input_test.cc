// S1: nothing a client sends stops a service. The token that once terminated
// every service it reached, and other malformed bearer tokens, sent to each
// of the five services: each answers UNAUTHENTICATED and keeps serving.
#include "empty_call.h"
#include "gateway_fixture.h"
#include "keyway/core/encoding.h"

using namespace keyway::gateway::testing;
using keyway::testing::CallWithEmptyRequest;

TEST_CASE("S1: a malformed bearer token is refused by every service, and each keeps serving") {
  GatewayFixture g;
  const std::string crash = keyway::core::Base64UrlEncode(R"({"alg":1})") + ".e30.sig";
  const std::vector<std::string> tokens = {
      crash,
      keyway::core::Base64UrlEncode(R"({"alg":"EdDSA","kid":{"a":[1]}})") + ".e30.sig",
      keyway::core::Base64UrlEncode(R"({"alg":"EdDSA","kid":"unknown"})") + ".e30.sig",
      "a.b.c.d", "....", std::string(4000, 'A')};  // (gRPC clients refuse to send control bytes)
  const std::vector<std::pair<std::string, std::string>> services = {
      {"127.0.0.1:" + std::to_string(g.j.f.org.identity().server().port()),
       "/keyway.identity.v1.IdentityService/ListUsers"},
      {"127.0.0.1:" + std::to_string(g.j.f.org.server().port()), "/keyway.org.v1.OrgService/ListLocks"},
      {g.j.f.address(), "/keyway.access.v1.AccessService/ListAccesses"},
      {g.j.address(), "/keyway.jobs.v1.JobsService/ListJobs"},
      {g.address(), "/keyway.gateway.v1.GatewayService/ListActivityLogs"},
  };
  for (const auto& [address, method] : services) {
    for (const auto& token : tokens) {
      CAPTURE(method, token.substr(0, 40));
      auto s = CallWithEmptyRequest(address, method, token);
      CHECK(s.error_code() == grpc::StatusCode::UNAUTHENTICATED);
    }
  }
  // Every one of them still answers a real caller.
  Door door = OneDoor(g.j);
  keyway::org::v1::ListLocksResponse locks;
  CHECK(g.j.f.org.api().ListLocks(g.j.f.org.As(door.owner).get(), {}, &locks).ok());
  keyway::access::v1::ListAccessesResponse accesses;
  CHECK(g.j.f.api->ListAccesses(g.j.f.org.As(door.owner).get(), {}, &accesses).ok());
  keyway::jobs::v1::ListJobsResponse jobs;
  CHECK(g.j.api->ListJobs(g.j.f.org.As(door.owner).get(), {}, &jobs).ok());
}
