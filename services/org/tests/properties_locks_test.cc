// P1-P6, L1-L3 on real identity and org services.
#include "org_fixture.h"

using namespace keyway::org::testing;

namespace {

// Paris and Lyon share Europe/Paris; London is Europe/London.
constexpr double kParis[] = {48.8566, 2.3522};
constexpr double kLyon[] = {45.7640, 4.8357};
constexpr double kLondon[] = {51.5072, -0.1276};

grpc::Status UpdateLocation(OrgFixture& f, const Account& by, const std::string& property,
                            const double* where) {
  v1::UpdatePropertyRequest req;
  req.mutable_property()->set_id(property);
  req.mutable_property()->set_latitude(where[0]);
  req.mutable_property()->set_longitude(where[1]);
  req.mutable_update_mask()->add_paths("location");
  v1::UpdatePropertyResponse resp;
  return f.api().UpdateProperty(f.As(by).get(), req, &resp);
}

v1::Lock GetLock(OrgFixture& f, const Account& by, const std::string& id) {
  v1::GetLockRequest req;
  req.set_lock_id(id);
  v1::GetLockResponse resp;
  REQUIRE(f.api().GetLock(f.As(by).get(), req, &resp).ok());
  return resp.lock();
}

grpc::Status SetIntervals(OrgFixture& f, const Account& by, const std::string& lock,
                          absl::Duration activity, absl::Duration heartbeat) {
  v1::UpdateLockRequest req;
  req.mutable_lock()->set_id(lock);
  req.mutable_lock()->mutable_activity_log_interval()->set_seconds(absl::ToInt64Seconds(activity));
  req.mutable_lock()->mutable_heartbeat_interval()->set_seconds(absl::ToInt64Seconds(heartbeat));
  req.mutable_update_mask()->add_paths("activity_log_interval");
  req.mutable_update_mask()->add_paths("heartbeat_interval");
  v1::UpdateLockResponse resp;
  return f.api().UpdateLock(f.As(by).get(), req, &resp);
}

}  // namespace

TEST_CASE("P1: a property is made from a gazetteer place and takes its time zone") {
  OrgFixture f;
  Account owner = f.NewOrganisation();
  v1::SearchPlacesRequest search;
  search.set_query("Lyon");
  v1::SearchPlacesResponse places;
  REQUIRE(f.api().SearchPlaces(f.As(owner).get(), search, &places).ok());
  REQUIRE(places.places_size() > 0);
  const auto& lyon = places.places(0);
  CHECK(lyon.country() == "France");
  CHECK(lyon.time_zone() == "Europe/Paris");
  v1::CreatePropertyRequest req;
  req.set_name("Presqu'île Apartments");
  req.set_address("12 Rue de la République, Lyon");
  req.set_latitude(lyon.latitude());
  req.set_longitude(lyon.longitude());
  req.set_time_zone(lyon.time_zone());
  v1::CreatePropertyResponse created;
  REQUIRE(f.api().CreateProperty(f.As(owner).get(), req, &created).ok());
  CHECK(created.property().time_zone() == "Europe/Paris");
  CHECK(created.property().lock_count() == 0);
}

TEST_CASE("P1: unknown zones, a zone that is not the location's, and bad coordinates are refused") {
  OrgFixture f;
  Account owner = f.NewOrganisation();
  auto create = [&](double lat, double lng, const std::string& zone, const std::string& name = "P") {
    v1::CreatePropertyRequest req;
    req.set_name(name);
    req.set_address("Somewhere 1");
    req.set_latitude(lat);
    req.set_longitude(lng);
    req.set_time_zone(zone);
    v1::CreatePropertyResponse resp;
    return f.api().CreateProperty(f.As(owner).get(), req, &resp);
  };
  auto unknown = create(kParis[0], kParis[1], "Europe/Atlantis");
  CHECK(unknown.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(unknown.error_message().find("not an IANA time zone") != std::string::npos);
  auto mismatch = create(kParis[0], kParis[1], "Europe/London");
  CHECK(mismatch.error_message().find("is in time zone Europe/Paris") != std::string::npos);
  CHECK(create(91, 0, "").error_message().find("latitude") != std::string::npos);
  CHECK(create(0, 181, "").error_message().find("longitude") != std::string::npos);
  CHECK(create(kParis[0], kParis[1], "", "").error_message() == "name is required");
  CHECK(create(kParis[0], kParis[1], "", std::string(300, 'n')).error_code() ==
        grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(f.Count("SELECT count(*) FROM properties") == 0);
}

TEST_CASE("P2: a lock takes its property's zone, and cannot span zones") {
  OrgFixture f;
  Account owner = f.NewOrganisation();
  std::string paris = f.CreateProperty(owner, "Paris", kParis[0], kParis[1]);
  std::string lyon = f.CreateProperty(owner, "Lyon", kLyon[0], kLyon[1]);
  std::string london = f.CreateProperty(owner, "London", kLondon[0], kLondon[1]);
  std::string lock = f.PairLock(owner, {paris, lyon});
  CHECK(GetLock(f, owner, lock).time_zone() == "Europe/Paris");
  v1::PairLockRequest req;
  req.set_serial_number("SN-SPAN-1");
  req.set_model("IGB4");
  req.set_name("Spanning");
  req.add_property_ids(paris);
  req.add_property_ids(london);
  v1::PairLockResponse resp;
  auto spanning = f.api().PairLock(f.As(owner).get(), req, &resp);
  CHECK(spanning.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  CHECK(spanning.error_message().find("(P2)") != std::string::npos);
  v1::SetLockPropertiesRequest move;
  move.set_lock_id(lock);
  move.add_property_ids(london);
  v1::SetLockPropertiesResponse moved;
  CHECK(f.api().SetLockProperties(f.As(owner).get(), move, &moved).error_code() ==
        grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_CASE("P3: a property may move within its zone but never to another zone") {
  OrgFixture f;
  Account owner = f.NewOrganisation();
  std::string property = f.CreateProperty(owner, "Moving House", kParis[0], kParis[1]);
  CHECK(UpdateLocation(f, owner, property, kLyon).ok());
  auto across = UpdateLocation(f, owner, property, kLondon);
  CHECK(across.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  CHECK(across.error_message().find("(P3)") != std::string::npos);
  v1::GetPropertyRequest get;
  get.set_property_id(property);
  v1::GetPropertyResponse got;
  REQUIRE(f.api().GetProperty(f.As(owner).get(), get, &got).ok());
  CHECK(got.property().latitude() == kLyon[0]);
  CHECK(got.property().time_zone() == "Europe/Paris");
}

TEST_CASE("P4: a lock always belongs to at least one property") {
  OrgFixture f;
  Account owner = f.NewOrganisation();
  std::string a = f.CreateProperty(owner, "A");
  std::string b = f.CreateProperty(owner, "B");
  std::string lock = f.PairLock(owner, {a, b});
  v1::SetLockPropertiesRequest req;
  req.set_lock_id(lock);
  req.add_property_ids(b);
  v1::SetLockPropertiesResponse resp;
  REQUIRE(f.api().SetLockProperties(f.As(owner).get(), req, &resp).ok());  // off A: it has B
  req.clear_property_ids();
  auto none = f.api().SetLockProperties(f.As(owner).get(), req, &resp);
  CHECK(none.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  CHECK(none.error_message().find("(P4)") != std::string::npos);
  v1::PairLockRequest pair;
  pair.set_serial_number("SN-NOWHERE");
  pair.set_model("IGB4");
  pair.set_name("Nowhere");
  v1::PairLockResponse paired;
  CHECK(f.api().PairLock(f.As(owner).get(), pair, &paired).error_message().find("(P4)") !=
        std::string::npos);
  CHECK(GetLock(f, owner, lock).property_ids_size() == 1);
}

TEST_CASE("P5: only an empty property can be deleted") {
  OrgFixture f;
  Account owner = f.NewOrganisation();
  std::string full = f.CreateProperty(owner, "Full");
  std::string empty = f.CreateProperty(owner, "Empty");
  f.PairLock(owner, {full});
  v1::DeletePropertyRequest del;
  del.set_property_id(full);
  v1::DeletePropertyResponse out;
  auto refused = f.api().DeleteProperty(f.As(owner).get(), del, &out);
  CHECK(refused.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  CHECK(refused.error_message() ==
        "property \"Full\" still has 1 lock: only an empty property can be deleted (P5)");
  del.set_property_id(empty);
  CHECK(f.api().DeleteProperty(f.As(owner).get(), del, &out).ok());
  CHECK(f.Count("SELECT count(*) FROM properties") == 1);
}

TEST_CASE("P6: the map lists the properties' locations, optionally inside a box") {
  OrgFixture f;
  Account owner = f.NewOrganisation();
  f.CreateProperty(owner, "Paris", kParis[0], kParis[1]);
  f.CreateProperty(owner, "London", kLondon[0], kLondon[1]);
  v1::ListMapLocationsResponse all;
  REQUIRE(f.api().ListMapLocations(f.As(owner).get(), {}, &all).ok());
  CHECK(all.locations_size() == 2);
  v1::ListMapLocationsRequest boxed;
  boxed.mutable_bounds()->set_south(48);
  boxed.mutable_bounds()->set_north(49);
  boxed.mutable_bounds()->set_west(2);
  boxed.mutable_bounds()->set_east(3);
  v1::ListMapLocationsResponse in_box;
  REQUIRE(f.api().ListMapLocations(f.As(owner).get(), boxed, &in_box).ok());
  REQUIRE(in_box.locations_size() == 1);
  CHECK(in_box.locations(0).name() == "Paris");
  boxed.mutable_bounds()->set_south(50);
  CHECK(f.api().ListMapLocations(f.As(owner).get(), boxed, &in_box).error_code() ==
        grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_CASE("L1: L2: the lock list shows each lock, renamed locks included, page by page") {
  OrgFixture f;
  Account owner = f.NewOrganisation();
  std::string property = f.CreateProperty(owner, "Block A");
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(f.PairLock(owner, {property}, "IGB4", "Door " + std::to_string(i)));
  v1::UpdateLockRequest rename;
  rename.mutable_lock()->set_id(ids[0]);
  rename.mutable_lock()->set_name("Zebra Gate");
  rename.mutable_update_mask()->add_paths("name");
  v1::UpdateLockResponse renamed;
  REQUIRE(f.api().UpdateLock(f.As(owner).get(), rename, &renamed).ok());
  CHECK(renamed.lock().name() == "Zebra Gate");
  std::vector<std::string> names;
  v1::ListLocksRequest list;
  list.set_page_size(2);
  do {
    v1::ListLocksResponse page;
    REQUIRE(f.api().ListLocks(f.As(owner).get(), list, &page).ok());
    for (const auto& l : page.locks()) {
      names.push_back(l.name());
      CHECK(l.model() == "IGB4");
      CHECK(l.property_ids_size() == 1);
      CHECK_FALSE(l.has_last_sync_time());  // until the lock reports
    }
    list.set_page_token(page.next_page_token());
  } while (!list.page_token().empty());
  CHECK(names == std::vector<std::string>{"Door 1", "Door 2", "Door 3", "Door 4", "Zebra Gate"});
}

TEST_CASE("L3: NB-IoT intervals take each allowed value, refuse others, and other models refuse them") {
  OrgFixture f;
  Account owner = f.NewOrganisation();
  std::string property = f.CreateProperty(owner, "Block B");
  std::string nbiot = f.PairLock(owner, {property}, "INB1", "Gate");
  v1::Lock paired = GetLock(f, owner, nbiot);
  CHECK(paired.activity_log_interval().seconds() == 30 * 60);  // defaults
  CHECK(paired.heartbeat_interval().seconds() == 24 * 3600);
  for (auto activity : {absl::Minutes(1), absl::Minutes(10), absl::Minutes(30), absl::Hours(1),
                        absl::Hours(7), absl::Hours(24)}) {
    for (int h : {1, 2, 5, 12, 24}) {
      INFO(absl::FormatDuration(activity) << " / " << h << "h");
      CHECK(SetIntervals(f, owner, nbiot, activity, absl::Hours(h)).ok());
    }
  }
  CHECK(GetLock(f, owner, nbiot).heartbeat_interval().seconds() == 24 * 3600);
  auto bad_activity = SetIntervals(f, owner, nbiot, absl::Minutes(5), absl::Hours(1));
  CHECK(bad_activity.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(bad_activity.error_message().find("activity_log_interval") != std::string::npos);
  auto bad_heartbeat = SetIntervals(f, owner, nbiot, absl::Hours(1), absl::Hours(3));
  CHECK(bad_heartbeat.error_message().find("heartbeat_interval") != std::string::npos);
  std::string bluetooth = f.PairLock(owner, {property}, "IGB4", "Back door");
  CHECK_FALSE(GetLock(f, owner, bluetooth).has_heartbeat_interval());
  auto refused = SetIntervals(f, owner, bluetooth, absl::Hours(1), absl::Hours(1));
  CHECK(refused.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  CHECK(refused.error_message().find("only NB-IoT locks") != std::string::npos);
}

TEST_CASE("K1: pairing with the same idempotency key pairs once, and a serial pairs once") {
  OrgFixture f;
  Account owner = f.NewOrganisation();
  std::string property = f.CreateProperty(owner, "Block C");
  v1::PairLockRequest req;
  req.set_serial_number("SN-IDEM-1");
  req.set_model("IGP2");
  req.set_name("Shed");
  req.add_property_ids(property);
  req.set_request_id("pair-idem-1");
  v1::PairLockResponse first, second;
  REQUIRE(f.api().PairLock(f.As(owner).get(), req, &first).ok());
  REQUIRE(f.api().PairLock(f.As(owner).get(), req, &second).ok());
  CHECK(first.lock().id() == second.lock().id());
  req.clear_request_id();
  auto again = f.api().PairLock(f.As(owner).get(), req, &second);
  CHECK(again.error_code() == grpc::StatusCode::ALREADY_EXISTS);
  CHECK(f.Count("SELECT count(*) FROM locks") == 1);
}

TEST_CASE("K2: changes to departments, properties and locks are audited") {
  OrgFixture f;
  Account owner = f.NewOrganisation();
  std::string property = f.CreateProperty(owner, "Audited");
  f.PairLock(owner, {property});
  f.CreateDepartment(owner, "Audit Dept", {property});
  v1::ListAuditEventsResponse audit;
  REQUIRE(f.api().ListAuditEvents(f.As(owner).get(), {}, &audit).ok());
  std::vector<std::string> actions;
  for (const auto& e : audit.events()) actions.push_back(e.action());
  CHECK(actions == std::vector<std::string>{"department.created", "lock.paired", "property.created",
                                            "organisation.created"});
  CHECK(audit.events(0).actor_user_id() == owner.user_id);
}
