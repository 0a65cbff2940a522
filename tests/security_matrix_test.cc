// S11: the security matrix. Every unary RPC of every service, called on the
// running suite by every kind of caller (and an expired token), answers what its declaration in the
// proto says: refused callers get UNAUTHENTICATED or PERMISSION_DENIED with a
// message, admitted ones get past admission. The matrix is built from the
// descriptors, so an RPC added later is in it without anyone listing it.
#include <google/protobuf/descriptor.h>

#include "empty_call.h"
#include "gateway_fixture.h"
#include "keyway/core/encoding.h"
#include "keyway/ops/v1/operations_service.pb.h"
#include "keyway/rpc/callers.h"

using namespace keyway::gateway::testing;
namespace idv1 = keyway::identity::v1;
using grpc::StatusCode;

namespace {

struct Caller {
  std::string name;
  std::string token;
  std::optional<keyway::auth::Role> role;  // a person's token that verifies
  bool is_operator = false;
};

// What admission makes of `caller` for `declared`.
struct Expectation {
  enum { kOpen, kAdmitted, kRefused } kind;
  StatusCode code = StatusCode::OK;  // kRefused: the refusal
};

Expectation Expected(const keyway::rpc::DeclaredCallers& declared, const Caller& caller) {
  // Open to all at admission: the handler checks a device's credential.
  if (declared.is_public || declared.device) return {Expectation::kOpen};
  if (caller.is_operator) {
    if (declared.operator_credential) return {Expectation::kAdmitted};
    return {Expectation::kRefused, StatusCode::PERMISSION_DENIED};
  }
  if (declared.roles.empty()) return {Expectation::kRefused, StatusCode::UNAUTHENTICATED};
  if (!caller.role) return {Expectation::kRefused, StatusCode::UNAUTHENTICATED};
  if (declared.roles.count(*caller.role)) return {Expectation::kAdmitted};
  return {Expectation::kRefused, StatusCode::PERMISSION_DENIED};
}

}  // namespace

TEST_CASE("S11: O3: O4: O5: S3: S4: every RPC answers every kind of caller as its declaration says") {
  GatewayFixture g;
  auto& org = g.j.f.org;
  Door door = OneDoor(g.j);
  Account admin = org.AddMember(door.owner, idv1::ROLE_ADMIN);
  Account manager = org.AddMember(door.owner, idv1::ROLE_MANAGER);
  org.CreateDepartment(door.owner, "Managed", {door.property}, {manager.user_id});
  manager = org.LogIn(manager);
  Account tenant = org.AddMember(door.owner, idv1::ROLE_LOCK_USER);
  Account stranger = org.NewOrganisation();  // another organisation's Owner
  Account gone = org.AddMember(door.owner, idv1::ROLE_ADMIN);
  idv1::LogoutResponse logged_out;
  REQUIRE(org.identity().api().Logout(org.As(gone).get(), {}, &logged_out).ok());
  absl::SleepFor(absl::Seconds(1));  // every service has heard of the revocation (S4)

  using keyway::auth::Role;
  const std::vector<Caller> callers = {
      {"no credential", "", std::nullopt},
      {"a malformed token", keyway::core::Base64UrlEncode(R"({"alg":1})") + ".e30.sig", std::nullopt},
      {"a revoked session", gone.access_token, std::nullopt},
      {"Owner", door.owner.access_token, Role::kOwner},
      {"Admin", admin.access_token, Role::kAdmin},
      {"Manager", manager.access_token, Role::kManager},
      {"Lock User", tenant.access_token, Role::kLockUser},
      {"another organisation's Owner", stranger.access_token, Role::kOwner},
      {"a Bridge's credential", [&] {
         std::string credential;
         org.CreateBridge(door.owner, {door.lock_id}, &credential);
         return credential;
       }(), std::nullopt},
      {"the operator", org.operator_token(), std::nullopt, /*is_operator=*/true},
  };
  const std::string identity = "127.0.0.1:" + std::to_string(org.identity().server().port());
  const std::string org_address = "127.0.0.1:" + std::to_string(org.server().port());
  // Each proto file's services, and where they are served.
  const std::vector<std::pair<const google::protobuf::FileDescriptor*, std::string>> files = {
      {idv1::LoginRequest::descriptor()->file(), identity},
      {keyway::org::v1::ListLocksRequest::descriptor()->file(), org_address},
      {av1::ListAccessesRequest::descriptor()->file(), g.j.f.address()},
      {jv1::ListJobsRequest::descriptor()->file(), g.j.address()},
      {gv1::AppSyncRequest::descriptor()->file(), g.address()},
      {keyway::ops::v1::ListDeadLettersRequest::descriptor()->file(), g.address()},
  };
  // Calls that would end the caller's own session or change what others
  // see, for the callers they admit; their refusals are still checked.
  const std::set<std::string> admitted_not_called = {
      "/keyway.identity.v1.IdentityService/Logout",
      "/keyway.identity.v1.IdentityInternalService/RotateSigningKey",
  };
  int methods = 0, refusals = 0;
  std::vector<std::pair<std::string, std::string>> for_people;  // (address, method) with roles
  for (const auto& [file, address] : files) {
    for (int s = 0; s < file->service_count(); ++s) {
      const auto* service = file->service(s);
      for (int m = 0; m < service->method_count(); ++m) {
        const auto* method = service->method(m);
        if (method->client_streaming() || method->server_streaming()) continue;
        const std::string full = "/" + service->full_name() + "/" + method->name();
        auto declared = keyway::rpc::CallersOf(full);
        REQUIRE(declared.ok());
        ++methods;
        if (!declared->is_public && !declared->device && !declared->roles.empty()) {
          for_people.emplace_back(address, full);
        }
        for (const auto& caller : callers) {
          const Expectation expected = Expected(*declared, caller);
          if (expected.kind != Expectation::kRefused && admitted_not_called.count(full)) continue;
          CAPTURE(full, caller.name);
          auto got = keyway::testing::CallWithEmptyRequest(address, full, caller.token);
          INFO(got.error_message());
          if (expected.kind == Expectation::kRefused) {
            CHECK(got.error_code() == expected.code);
            CHECK_FALSE(got.error_message().empty());
            ++refusals;
            continue;
          }
          // Whatever the handler says of an empty request, nothing broke...
          CHECK(got.error_code() != StatusCode::INTERNAL);
          CHECK(got.error_code() != StatusCode::UNIMPLEMENTED);
          CHECK(got.error_code() != StatusCode::DEADLINE_EXCEEDED);
          // ...and a caller admitted by declaration is not refused as unknown.
          if (expected.kind == Expectation::kAdmitted) {
            CHECK(got.error_code() != StatusCode::UNAUTHENTICATED);
          }
        }
      }
    }
  }
  CHECK(methods >= 70);
  CHECK(refusals > methods);
  // An expired token: the Owner's, once its 5 minutes are over (every
  // service reads the same fake clock).
  REQUIRE(for_people.size() >= 40);
  org.identity().clock().Advance(absl::Minutes(6));
  for (const auto& [address, full] : for_people) {
    CAPTURE(full);
    auto got = keyway::testing::CallWithEmptyRequest(address, full, door.owner.access_token);
    CHECK(got.error_code() == StatusCode::UNAUTHENTICATED);
    CHECK_FALSE(got.error_message().empty());
  }
  door.owner = org.LogIn(door.owner);
  // And every service still serves a real caller.
  keyway::org::v1::ListLocksResponse locks;
  CHECK(org.api().ListLocks(org.As(door.owner).get(), {}, &locks).ok());
}
