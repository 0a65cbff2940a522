#pragma once
// identity and org, in process, on throwaway databases and the test run's
// Redis, sharing one fake clock; and the steps most org tests start with.

#include <catch2/catch.hpp>

#include <functional>
#include <map>
#include <set>

#include "identity_fixture.h"
#include "keyway/org/v1/org_service.grpc.pb.h"
#include "org_server.h"

namespace keyway::org::testing {

namespace v1 = keyway::org::v1;
namespace idv1 = keyway::identity::v1;
using keyway::identity::testing::Account;
using keyway::identity::testing::IdentityFixture;

// AccessFacts that a test sets directly.
class FakeAccess final : public AccessFacts {
 public:
  std::map<std::string, int> active_pins;   // lock id -> active PINs
  std::set<std::string> custom_pin_locks;   // locks holding a Custom PIN
  std::set<std::string> held_locks;         // what every Lock User holds (O5)

  absl::StatusOr<PinCount> CountActivePins(const std::string& /*bearer*/,
                                           const std::vector<std::string>& locks) override {
    PinCount count;
    for (const auto& l : locks) {
      auto it = active_pins.find(l);
      if (it != active_pins.end() && it->second > 0) {
        count.pins += it->second;
        ++count.locks;
      }
    }
    return count;
  }
  // Runs while org waits for LocksWithCustomPins, as if another request came meanwhile.
  std::function<void(const std::vector<std::string>& asked)> while_asked;

  absl::StatusOr<std::vector<std::string>> LocksWithCustomPins(
      const std::string&, const std::vector<std::string>& locks) override {
    if (while_asked) while_asked(locks);
    std::vector<std::string> out;
    for (const auto& l : locks) {
      if (custom_pin_locks.count(l)) out.push_back(l);
    }
    return out;
  }
  absl::StatusOr<std::vector<std::string>> HeldLocks(const std::string&) override {
    return std::vector<std::string>(held_locks.begin(), held_locks.end());
  }
};

class OrgFixture {
 public:
  // With `access_address`, org asks that access service for PIN facts;
  // otherwise the FakeAccess below answers.
  // `redis_port`, `pg_port`: a test that stops Redis or PostgreSQL gives its
  // own (testing::PrivateServers).
  explicit OrgFixture(const std::string& access_address = "",
                      int redis_port = keyway::testing::SharedServers().redis_port,
                      int pg_port = keyway::testing::SharedServers().pg_port);

  IdentityFixture& identity() { return identity_; }
  v1::OrgService::Stub& api() { return *stub_; }
  // The operator's and other services' calls (OrgInternalService).
  v1::OrgInternalService::Stub& internal_api() { return *internal_stub_; }
  FakeAccess& access() { return access_; }
  OrgServer& server() { return *server_; }
  std::unique_ptr<grpc::ClientContext> As(const Account& a) { return identity_.As(a); }

  // A new organisation through org's operator call; its Owner logged in.
  Account NewOrganisation(v1::OrganisationKind kind = v1::ORGANISATION_KIND_DEPARTMENTAL);
  // Invited and accepted. Logged in too, except a Manager: in a departmental
  // organisation a Manager can log in only once in a department (O4), so
  // call LogIn after assigning one.
  Account AddMember(const Account& by, idv1::Role role);
  // Logs in, waiting for org's word on departments to reach identity.
  Account LogIn(const Account& member);

  // Steps that must succeed; each returns the new object's id.
  std::string CreateProperty(const Account& by, const std::string& name, double latitude = 51.5072,
                             double longitude = -0.1276);
  std::string CreateDepartment(const Account& by, const std::string& name,
                               const std::vector<std::string>& property_ids = {},
                               const std::vector<std::string>& member_ids = {});
  std::string PairLock(const Account& by, const std::vector<std::string>& property_ids,
                       const std::string& model = "IGB4", const std::string& name = "Front door");
  // A Bridge linked to the locks; `credential` gets what it presents to the gateway.
  std::string CreateBridge(const Account& by, const std::vector<std::string>& lock_ids,
                           std::string* credential);

  int Count(const std::string& sql);
  // What the operator presents to CreateOrganisation, and the gateway to
  // AuthenticateBridge and AuthenticateLock.
  static std::string operator_token() { return keyway::testing::OperatorToken(); }
  static std::string gateway_token() { return keyway::testing::ServiceCredential("gateway"); }
  int redis_port() const { return redis_port_; }
  // Where org reads the gateway's LockTelemetry from (L1).
  const std::string& gateway_stream() const { return gateway_stream_; }

 private:
  int redis_port_;
  std::string gateway_stream_ = keyway::testing::UniqueName("gateway");
  IdentityFixture identity_;
  FakeAccess access_;
  keyway::testing::TestDatabase db_;
  std::unique_ptr<OrgServer> server_;
  std::unique_ptr<v1::OrgService::Stub> stub_;
  std::unique_ptr<v1::OrgInternalService::Stub> internal_stub_;
};

}  // namespace keyway::org::testing
