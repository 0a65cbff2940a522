// A15 filters, K2 audit trail and the role matrix (O3-O6) of access.
#include "access_fixture.h"

using namespace keyway::access::testing;

namespace {

std::vector<std::string> Listed(AccessFixture& f, const Account& by, av1::ListAccessesRequest req,
                                grpc::Status* status = nullptr) {
  av1::ListAccessesResponse resp;
  auto s = f.api->ListAccesses(f.org.As(by).get(), req, &resp);
  if (status) *status = s;
  std::vector<std::string> ids;
  for (const auto& a : resp.accesses()) ids.push_back(a.id());
  return ids;
}

}  // namespace

TEST_CASE("A15: the access list filters by property, department, user, type and status") {
  AccessFixture f;
  auto& clock = f.org.identity().clock();
  Account owner = f.org.NewOrganisation();
  Account tenant = f.org.AddMember(owner, idv1::ROLE_LOCK_USER);
  std::string north = f.org.CreateProperty(owner, "North"), south = f.org.CreateProperty(owner, "South");
  std::string lettings = f.org.CreateDepartment(owner, "Lettings", {north}, {tenant.user_id});
  f.org.CreateDepartment(owner, "Estates", {south});
  std::string north_lock = f.org.PairLock(owner, {north}), south_lock = f.org.PairLock(owner, {south});
  f.Provision(owner, north_lock);
  f.Provision(owner, south_lock);
  absl::Time start = NextHour(clock);
  av1::CreateRemotePinResponse pin_n, pin_s;
  // Each a second apart: the list is newest first.
  REQUIRE(f.CreatePin(owner, north_lock, av1::PIN_KIND_ONE_TIME, start, {}, &pin_n).ok());
  clock.Advance(absl::Seconds(1));
  REQUIRE(f.CreatePin(owner, south_lock, av1::PIN_KIND_ONE_TIME, start, {}, &pin_s).ok());
  clock.Advance(absl::Seconds(1));
  av1::CreateCustomPinResponse custom;
  REQUIRE(f.CreateCustomPin(owner, north_lock, "4455", av1::PIN_CHANNEL_BLUETOOTH, &custom).ok());
  clock.Advance(absl::Seconds(1));
  av1::CreateBluetoothKeyResponse key;
  REQUIRE(f.CreateKey(owner, north_lock, tenant.user_id, clock.Now(), clock.Now() + absl::Hours(5), &key).ok());

  using Ids = std::vector<std::string>;
  av1::ListAccessesRequest req;
  req.set_property_id(south);
  CHECK(Listed(f, owner, req) == Ids{pin_s.access().id()});
  req.Clear();
  req.set_department_id(lettings);
  CHECK(Listed(f, owner, req) == Ids{key.access().id(), custom.access().id(), pin_n.access().id()});
  req.Clear();
  req.set_user_id(tenant.user_id);
  CHECK(Listed(f, owner, req) == Ids{key.access().id()});
  req.Clear();
  req.set_type(av1::ACCESS_TYPE_CUSTOM_PIN);
  CHECK(Listed(f, owner, req) == Ids{custom.access().id()});
  req.Clear();
  req.set_status(av1::ACCESS_STATUS_PENDING);
  CHECK(Listed(f, owner, req) == Ids{custom.access().id()});
  req.Clear();
  req.set_department_id(lettings);
  req.set_type(av1::ACCESS_TYPE_REMOTE_PIN);
  CHECK(Listed(f, owner, req) == Ids{pin_n.access().id()});

  // Bad filters are refused, naming the field.
  req.Clear();
  req.set_property_id("north");
  grpc::Status s;
  Listed(f, owner, req, &s);
  CHECK(s.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK_THAT(s.error_message(), Catch::Contains("property_id"));
  // O1: a flat organisation has no departments to filter by.
  Account flat_owner = f.org.NewOrganisation(keyway::org::v1::ORGANISATION_KIND_FLAT);
  req.Clear();
  req.set_department_id(lettings);
  Listed(f, flat_owner, req, &s);
  CHECK(s.error_code() == grpc::StatusCode::INVALID_ARGUMENT);  // O1 says INVALID_ARGUMENT
  CHECK_THAT(s.error_message(), Catch::Contains("flat"));
  // A page token belongs to its query.
  req.Clear();
  req.set_page_size(1);
  av1::ListAccessesResponse page;
  REQUIRE(f.api->ListAccesses(f.org.As(owner).get(), req, &page).ok());
  REQUIRE(!page.next_page_token().empty());
  req.set_page_token(page.next_page_token());
  req.set_type(av1::ACCESS_TYPE_REMOTE_PIN);
  Listed(f, owner, req, &s);
  CHECK(s.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_CASE("K2: every change to access is in the audit trail, which Owners and Admins read") {
  AccessFixture f;
  auto& clock = f.org.identity().clock();
  Account owner = f.org.NewOrganisation(keyway::org::v1::ORGANISATION_KIND_FLAT);
  Account tenant = f.org.AddMember(owner, idv1::ROLE_LOCK_USER);
  std::string lock = f.org.PairLock(owner, {f.org.CreateProperty(owner, "House")});
  f.Provision(owner, lock);
  av1::CreateRemotePinResponse pin;
  REQUIRE(f.CreatePin(owner, lock, av1::PIN_KIND_ONE_TIME, NextHour(clock), {}, &pin).ok());
  clock.Advance(absl::Seconds(1));
  av1::CreateBluetoothKeyResponse key;
  REQUIRE(f.CreateKey(owner, lock, tenant.user_id, clock.Now(), clock.Now() + absl::Hours(5), &key).ok());
  clock.Advance(absl::Seconds(1));
  REQUIRE(f.Delete(owner, pin.access().id()).ok());

  av1::ListAuditEventsResponse trail;
  REQUIRE(f.api->ListAuditEvents(f.org.As(owner).get(), {}, &trail).ok());
  std::vector<std::string> actions;
  for (const auto& e : trail.events()) {
    actions.push_back(e.action());
    CHECK(e.actor_user_id() == owner.user_id);
  }
  CHECK(actions == std::vector<std::string>{"access.deleted", "access.bluetooth_key_created",
                                            "access.remote_pin_created", "lock.provisioned"});
  CHECK(trail.SerializeAsString().find(pin.pin()) == std::string::npos);  // K4
  CHECK(f.api->ListAuditEvents(f.org.As(tenant).get(), {}, &trail).error_code() ==
        grpc::StatusCode::PERMISSION_DENIED);
}

TEST_CASE("O3: O4: O5: O6: the role matrix of access") {
  AccessFixture f;
  auto& clock = f.org.identity().clock();
  Account owner = f.org.NewOrganisation();
  Account admin = f.org.AddMember(owner, idv1::ROLE_ADMIN);
  Account manager = f.org.AddMember(owner, idv1::ROLE_MANAGER);
  Account other_manager = f.org.AddMember(owner, idv1::ROLE_MANAGER);
  Account tenant = f.org.AddMember(owner, idv1::ROLE_LOCK_USER);
  std::string mine = f.org.CreateProperty(owner, "Mine"), theirs = f.org.CreateProperty(owner, "Theirs");
  f.org.CreateDepartment(owner, "Mine", {mine}, {manager.user_id, tenant.user_id});
  f.org.CreateDepartment(owner, "Theirs", {theirs}, {other_manager.user_id});
  manager = f.org.LogIn(manager);
  other_manager = f.org.LogIn(other_manager);
  std::string lock = f.org.PairLock(owner, {mine});
  f.Provision(owner, lock);
  Account stranger = f.org.NewOrganisation();

  using C = grpc::StatusCode;
  struct Row {
    const char* who;
    Account* account;
    C remote_pin, custom_pin, key, list_sees_pins, audit;
  };
  // list_sees_pins: OK when the list shows the lock's PINs, NOT_FOUND when it is empty.
  std::vector<Row> matrix = {
      {"Owner", &owner, C::OK, C::OK, C::OK, C::OK, C::OK},
      {"Admin", &admin, C::OK, C::OK, C::OK, C::OK, C::OK},
      {"Manager of the lock's department", &manager, C::OK, C::OK, C::OK, C::OK, C::PERMISSION_DENIED},
      {"Manager of another department", &other_manager, C::PERMISSION_DENIED, C::PERMISSION_DENIED,
       C::PERMISSION_DENIED, C::NOT_FOUND, C::PERMISSION_DENIED},
      {"Lock User", &tenant, C::PERMISSION_DENIED, C::PERMISSION_DENIED, C::PERMISSION_DENIED,
       C::NOT_FOUND, C::PERMISSION_DENIED},
      {"another organisation's Owner", &stranger, C::NOT_FOUND, C::NOT_FOUND, C::NOT_FOUND,
       C::NOT_FOUND, C::OK},
  };
  int digits = 1000;
  for (const auto& row : matrix) {
    INFO(row.who);
    const Account& who = *row.account;
    absl::Time start = NextHour(clock);
    av1::CreateRemotePinResponse pin;
    CHECK(f.CreatePin(who, lock, av1::PIN_KIND_DURATION, start, start + absl::Hours(2), &pin).error_code() ==
          row.remote_pin);
    av1::CreateCustomPinResponse custom;
    CHECK(f.CreateCustomPin(who, lock, std::to_string(++digits), av1::PIN_CHANNEL_BLUETOOTH, &custom)
              .error_code() == row.custom_pin);
    av1::CreateBluetoothKeyResponse key;
    CHECK(f.CreateKey(who, lock, tenant.user_id, clock.Now(), clock.Now() + absl::Hours(2), &key)
              .error_code() == row.key);
    if (row.key == C::OK) REQUIRE(f.Delete(who, key.access().id()).ok());
    av1::ListAccessesRequest by_lock;
    by_lock.set_lock_id(lock);
    by_lock.set_type(av1::ACCESS_TYPE_REMOTE_PIN);
    grpc::Status listed;
    bool sees = !Listed(f, who, by_lock, &listed).empty();
    CHECK(listed.ok());
    CHECK((sees ? C::OK : C::NOT_FOUND) == row.list_sees_pins);
    av1::ListAuditEventsResponse trail;
    CHECK(f.api->ListAuditEvents(f.org.As(who).get(), {}, &trail).error_code() == row.audit);
    if (&who == &stranger) CHECK(trail.events_size() == 0);  // O6: nothing of this organisation
  }
  CHECK(f.Count("SELECT count(*) FROM accesses WHERE type = 'remote_pin'") == 3);
}
