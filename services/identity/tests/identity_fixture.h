#pragma once
// An in-process identity server on a throwaway database and the test run's
// Redis, with a fake clock, and the steps most tests start with.

#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "identity_server.h"
#include "keyway/core/clock.h"
#include "keyway/core/random.h"
#include "keyway/identity/v1/identity_events.pb.h"
#include "keyway/identity/v1/identity_service.grpc.pb.h"
#include "keyway/redis/client.h"
#include "keyway/rpc/client.h"
#include "keyway/testing/credentials.h"
#include "keyway/testing/testenv.h"

namespace keyway::identity::testing {

namespace v1 = keyway::identity::v1;

// A logged-in member of an organisation.
struct Account {
  std::string organisation_id;
  std::string user_id;
  std::string email;
  std::string password;
  std::string access_token;
  std::string refresh_token;
};

class IdentityFixture {
 public:
  explicit IdentityFixture(
      IdentityConfig config = {},
      int pg_port = keyway::testing::SharedServers().pg_port,
      int redis_port = keyway::testing::SharedServers().redis_port);

  v1::IdentityService::Stub& api() { return *stub_; }
  // What org calls (CreateOwner), with org's credential: OrgCtx().
  v1::IdentityInternalService::Stub& internal_api() { return *internal_stub_; }
  std::unique_ptr<grpc::ClientContext> OrgCtx() {
    return Ctx(keyway::testing::ServiceCredential("org"));
  }
  core::FakeClock& clock() { return clock_; }
  IdentityServer& server() { return *server_; }
  const std::string& stream() const { return stream_; }
  // The stream identity consumes org's events from (O4).
  const std::string& org_stream() const { return org_stream_; }

  // A context with a deadline, optionally carrying a bearer token.
  std::unique_ptr<grpc::ClientContext> Ctx(const std::string& token = "");
  std::unique_ptr<grpc::ClientContext> As(const Account& a) { return Ctx(a.access_token); }

  // A new organisation whose Owner accepted the invitation and logged in.
  Account NewOrganisation(const std::string& organisation_id = "");
  // `inviter` invites `email` with `role`; the invitee accepts and logs in.
  Account AddMember(const Account& inviter, v1::Role role, const std::string& email = "");
  Account LogIn(const std::string& email, const std::string& password,
                const std::string& organisation_id = "");
  // The link token of the `nth` invitation of `user_id` published on the stream.
  std::string InvitationTokenOf(const std::string& user_id, size_t nth = 1);
  // Every event of type `T` published so far for `user_id`, oldest first.
  template <typename T>
  std::vector<T> EventsOf(const std::string& user_id, size_t at_least = 1);
  // Rows of a table in identity's database.
  int Count(const std::string& sql);

  static std::string NewEmail() { return "u" + core::RandomToken(6) + "@example.com"; }
  static constexpr const char* kPassword = "correct horse battery staple";

 private:
  std::vector<std::pair<std::string, std::string>> StreamEvents(const std::string& type,
                                                                size_t at_least);
  keyway::testing::TestDatabase db_;
  core::FakeClock clock_;
  std::string stream_ = keyway::testing::UniqueName("identity");
  std::string org_stream_ = keyway::testing::UniqueName("org");
  redis::Client redis_;
  std::unique_ptr<IdentityServer> server_;
  std::unique_ptr<v1::IdentityService::Stub> stub_;
  std::unique_ptr<v1::IdentityInternalService::Stub> internal_stub_;
};

template <typename T>
std::vector<T> IdentityFixture::EventsOf(const std::string& user_id, size_t at_least) {
  std::vector<T> out;
  for (int attempt = 0; attempt < 100; ++attempt) {
    out.clear();
    for (const auto& [type, payload] : StreamEvents(T().GetTypeName(), 0)) {
      T event;
      REQUIRE(event.ParseFromString(payload));
      if (event.user_id() == user_id) out.push_back(event);
    }
    if (out.size() >= at_least) break;
    absl::SleepFor(absl::Milliseconds(50));
  }
  return out;
}

}  // namespace keyway::identity::testing
