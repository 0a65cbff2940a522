// O3-O6: the role matrix of the org service, and CheckLockScope.
#include "org_fixture.h"

using namespace keyway::org::testing;
using Code = grpc::StatusCode;

namespace {

// An organisation with department A (property and lock) and department B
// (property, no lock), and one member of each kind.
struct World {
  explicit World(OrgFixture& f) : f(f) {
    owner = f.NewOrganisation();
    admin = f.AddMember(owner, idv1::ROLE_ADMIN);
    manager_a = f.AddMember(owner, idv1::ROLE_MANAGER);
    manager_b = f.AddMember(owner, idv1::ROLE_MANAGER);
    lock_user = f.AddMember(owner, idv1::ROLE_LOCK_USER);
    property_a = f.CreateProperty(owner, "A House");
    property_b = f.CreateProperty(owner, "B House");
    spare_a = f.CreateProperty(owner, "A Spare");
    lock_a = f.PairLock(owner, {property_a});
    department_a = f.CreateDepartment(owner, "A", {property_a, spare_a}, {manager_a.user_id});
    department_b = f.CreateDepartment(owner, "B", {property_b}, {manager_b.user_id});
    manager_a = f.LogIn(manager_a);
    manager_b = f.LogIn(manager_b);
    stranger = f.NewOrganisation();
  }
  OrgFixture& f;
  Account owner, admin, manager_a, manager_b, lock_user, stranger;
  std::string property_a, property_b, spare_a, lock_a, department_a, department_b;
};

struct Calls {
  OrgFixture& f;
  const World& w;
  const Account& who;

  Code GetLock() {
    v1::GetLockRequest r;
    r.set_lock_id(w.lock_a);
    v1::GetLockResponse out;
    return f.api().GetLock(f.As(who).get(), r, &out).error_code();
  }
  Code RenameLock() {
    v1::UpdateLockRequest r;
    r.mutable_lock()->set_id(w.lock_a);
    r.mutable_lock()->set_name("Renamed");
    r.mutable_update_mask()->add_paths("name");
    v1::UpdateLockResponse out;
    return f.api().UpdateLock(f.As(who).get(), r, &out).error_code();
  }
  Code MoveLock() {
    v1::SetLockPropertiesRequest r;
    r.set_lock_id(w.lock_a);
    r.add_property_ids(w.property_a);
    v1::SetLockPropertiesResponse out;
    return f.api().SetLockProperties(f.As(who).get(), r, &out).error_code();
  }
  int VisibleLocks() {
    v1::ListLocksResponse out;
    REQUIRE(f.api().ListLocks(f.As(who).get(), {}, &out).ok());
    return out.locks_size();
  }
  bool ScopeAllows() {
    v1::CheckLockScopeRequest r;
    r.add_lock_ids(w.lock_a);
    v1::CheckLockScopeResponse out;
    REQUIRE(f.api().CheckLockScope(f.As(who).get(), r, &out).ok());
    REQUIRE(out.locks_size() == 1);
    return out.locks(0).allowed();
  }
  Code GetProperty() {
    v1::GetPropertyRequest r;
    r.set_property_id(w.property_a);
    v1::GetPropertyResponse out;
    return f.api().GetProperty(f.As(who).get(), r, &out).error_code();
  }
  Code RenameProperty() {
    v1::UpdatePropertyRequest r;
    r.mutable_property()->set_id(w.property_a);
    r.mutable_property()->set_name("A House (renamed)");
    r.mutable_update_mask()->add_paths("name");
    v1::UpdatePropertyResponse out;
    return f.api().UpdateProperty(f.As(who).get(), r, &out).error_code();
  }
  int VisibleProperties() {
    v1::ListPropertiesResponse out;
    REQUIRE(f.api().ListProperties(f.As(who).get(), {}, &out).ok());
    return out.properties_size();
  }
  int MapPins() {
    v1::ListMapLocationsResponse out;
    REQUIRE(f.api().ListMapLocations(f.As(who).get(), {}, &out).ok());
    return out.locations_size();
  }
  Code GetDepartmentA() {
    v1::GetDepartmentRequest r;
    r.set_department_id(w.department_a);
    v1::GetDepartmentResponse out;
    return f.api().GetDepartment(f.As(who).get(), r, &out).error_code();
  }
  Code RenameDepartmentA() {
    v1::UpdateDepartmentRequest r;
    r.mutable_department()->set_id(w.department_a);
    r.mutable_department()->set_name("A" + keyway::core::RandomToken(3));
    r.mutable_update_mask()->add_paths("name");
    v1::UpdateDepartmentResponse out;
    return f.api().UpdateDepartment(f.As(who).get(), r, &out).error_code();
  }
  Code CreateProperty() {
    v1::CreatePropertyRequest r;
    r.set_name("New");
    r.set_address("Street 1");
    r.set_latitude(51.5);
    r.set_longitude(-0.12);
    v1::CreatePropertyResponse out;
    return f.api().CreateProperty(f.As(who).get(), r, &out).error_code();
  }
  Code PairInto(const std::string& property) {
    v1::PairLockRequest r;
    r.set_serial_number("SN-" + std::to_string(keyway::core::RandomBelow(1'000'000'000)));
    r.set_model("IGB4");
    r.set_name("Paired");
    r.add_property_ids(property);
    v1::PairLockResponse out;
    return f.api().PairLock(f.As(who).get(), r, &out).error_code();
  }
  Code Audit() {
    v1::ListAuditEventsResponse out;
    return f.api().ListAuditEvents(f.As(who).get(), {}, &out).error_code();
  }
};

}  // namespace

TEST_CASE("O3: Owners and Admins see and manage everything in their organisation") {
  OrgFixture f;
  World w(f);
  for (const Account* who : {&w.owner, &w.admin}) {
    Calls c{f, w, *who};
    CHECK(c.GetLock() == Code::OK);
    CHECK(c.RenameLock() == Code::OK);
    CHECK(c.MoveLock() == Code::OK);
    // Everything there is (the first pass adds a property and a lock).
    CHECK(c.VisibleLocks() == f.Count("SELECT count(*) FROM locks l JOIN organisations o ON "
                                      "o.id = l.organisation_id WHERE o.id = '" +
                                      w.owner.organisation_id + "'"));
    CHECK(c.ScopeAllows());
    CHECK(c.GetProperty() == Code::OK);
    CHECK(c.RenameProperty() == Code::OK);
    int properties = f.Count("SELECT count(*) FROM properties WHERE organisation_id = '" +
                             w.owner.organisation_id + "'");
    CHECK(c.VisibleProperties() == properties);
    CHECK(c.MapPins() == properties);
    CHECK(c.GetDepartmentA() == Code::OK);
    CHECK(c.RenameDepartmentA() == Code::OK);
    CHECK(c.CreateProperty() == Code::OK);
    CHECK(c.PairInto(w.property_b) == Code::OK);
    CHECK(c.Audit() == Code::OK);
  }
}

TEST_CASE("O4: a Manager sees and manages only their departments' properties and locks") {
  OrgFixture f;
  World w(f);
  Calls in{f, w, w.manager_a};
  CHECK(in.GetLock() == Code::OK);
  CHECK(in.RenameLock() == Code::OK);
  CHECK(in.MoveLock() == Code::OK);
  CHECK(in.VisibleLocks() == 1);
  CHECK(in.ScopeAllows());
  CHECK(in.GetProperty() == Code::OK);
  CHECK(in.RenameProperty() == Code::OK);
  CHECK(in.VisibleProperties() == 2);
  CHECK(in.MapPins() == 2);
  CHECK(in.GetDepartmentA() == Code::OK);
  CHECK(in.PairInto(w.spare_a) == Code::OK);
  CHECK(in.RenameDepartmentA() == Code::PERMISSION_DENIED);
  CHECK(in.CreateProperty() == Code::PERMISSION_DENIED);
  CHECK(in.Audit() == Code::PERMISSION_DENIED);

  Calls out{f, w, w.manager_b};
  CHECK(out.GetLock() == Code::PERMISSION_DENIED);
  CHECK(out.RenameLock() == Code::PERMISSION_DENIED);
  CHECK(out.MoveLock() == Code::PERMISSION_DENIED);
  CHECK(out.VisibleLocks() == 0);
  CHECK_FALSE(out.ScopeAllows());
  CHECK(out.GetProperty() == Code::PERMISSION_DENIED);
  CHECK(out.RenameProperty() == Code::PERMISSION_DENIED);
  CHECK(out.VisibleProperties() == 1);
  CHECK(out.MapPins() == 1);
  CHECK(out.GetDepartmentA() == Code::PERMISSION_DENIED);
  CHECK(out.PairInto(w.property_a) == Code::PERMISSION_DENIED);
  v1::ListDepartmentsResponse departments;
  REQUIRE(f.api().ListDepartments(f.As(w.manager_b).get(), {}, &departments).ok());
  REQUIRE(departments.departments_size() == 1);
  CHECK(departments.departments(0).id() == w.department_b);
}

TEST_CASE("O5: a Lock User sees nothing of the organisation through org") {
  OrgFixture f;
  World w(f);
  Calls c{f, w, w.lock_user};
  CHECK(c.GetLock() == Code::PERMISSION_DENIED);
  CHECK(c.RenameLock() == Code::PERMISSION_DENIED);
  CHECK(c.MoveLock() == Code::PERMISSION_DENIED);
  CHECK(c.VisibleLocks() == 0);
  CHECK_FALSE(c.ScopeAllows());
  CHECK(c.GetProperty() == Code::PERMISSION_DENIED);
  CHECK(c.RenameProperty() == Code::PERMISSION_DENIED);
  CHECK(c.VisibleProperties() == 0);
  CHECK(c.MapPins() == 0);
  CHECK(c.GetDepartmentA() == Code::PERMISSION_DENIED);
  CHECK(c.CreateProperty() == Code::PERMISSION_DENIED);
  CHECK(c.PairInto(w.property_a) == Code::PERMISSION_DENIED);
  CHECK(c.Audit() == Code::PERMISSION_DENIED);
}

TEST_CASE("O6: another organisation's objects answer NOT_FOUND to every call") {
  OrgFixture f;
  World w(f);
  Calls c{f, w, w.stranger};
  CHECK(c.GetLock() == Code::NOT_FOUND);
  CHECK(c.RenameLock() == Code::NOT_FOUND);
  CHECK(c.MoveLock() == Code::NOT_FOUND);
  CHECK(c.VisibleLocks() == 0);
  CHECK_FALSE(c.ScopeAllows());
  CHECK(c.GetProperty() == Code::NOT_FOUND);
  CHECK(c.RenameProperty() == Code::NOT_FOUND);
  CHECK(c.VisibleProperties() == 0);
  CHECK(c.MapPins() == 0);
  CHECK(c.GetDepartmentA() == Code::NOT_FOUND);
  CHECK(c.RenameDepartmentA() == Code::NOT_FOUND);
  CHECK(c.PairInto(w.property_a) == Code::NOT_FOUND);
  v1::DeletePropertyRequest del;
  del.set_property_id(w.property_b);
  v1::DeletePropertyResponse deleted;
  CHECK(f.api().DeleteProperty(f.As(w.stranger).get(), del, &deleted).error_code() == Code::NOT_FOUND);
  v1::DeleteDepartmentRequest del_d;
  del_d.set_department_id(w.department_b);
  v1::DeleteDepartmentResponse deleted_d;
  CHECK(f.api().DeleteDepartment(f.As(w.stranger).get(), del_d, &deleted_d).error_code() ==
        Code::NOT_FOUND);
  // Their department still has our members? No: a stranger cannot add ours either.
  v1::CreateDepartmentRequest poach;
  poach.set_name("Poach");
  poach.add_member_user_ids(w.manager_a.user_id);
  v1::CreateDepartmentResponse poached;
  CHECK(f.api().CreateDepartment(f.As(w.stranger).get(), poach, &poached).error_code() ==
        Code::INVALID_ARGUMENT);
  CHECK(f.Count("SELECT count(*) FROM properties") == 3);
  CHECK(f.Count("SELECT count(*) FROM departments") == 2);
}

TEST_CASE("O3-O5: CheckLockScope answers a batch in order, with the reason for each refusal") {
  OrgFixture f;
  World w(f);
  std::string lock_b = f.PairLock(w.owner, {w.property_b});
  v1::CheckLockScopeRequest req;
  req.add_lock_ids(w.lock_a);
  req.add_lock_ids(lock_b);
  req.add_lock_ids("6f1c1f5e-9d1b-4a51-8c1e-2b8f0c1d2e3f");
  v1::CheckLockScopeResponse resp;
  REQUIRE(f.api().CheckLockScope(f.As(w.manager_a).get(), req, &resp).ok());
  REQUIRE(resp.locks_size() == 3);
  CHECK(resp.locks(0).lock_id() == w.lock_a);
  CHECK(resp.locks(0).allowed());
  CHECK(resp.locks(0).time_zone() == "Europe/London");
  CHECK(resp.locks(0).model() == "IGB4");
  CHECK(resp.locks(0).department_ids(0) == w.department_a);
  CHECK_FALSE(resp.locks(1).allowed());
  CHECK(resp.locks(1).reason().find("(O4)") != std::string::npos);
  CHECK_FALSE(resp.locks(2).allowed());
  CHECK(resp.locks(2).reason().find("not found") != std::string::npos);
  req.add_lock_ids("not-a-uuid");
  CHECK(f.api().CheckLockScope(f.As(w.manager_a).get(), req, &resp).error_code() ==
        Code::INVALID_ARGUMENT);
  v1::CheckLockScopeRequest empty;
  CHECK(f.api().CheckLockScope(f.As(w.manager_a).get(), empty, &resp).error_code() ==
        Code::INVALID_ARGUMENT);
}

TEST_CASE("O3-O6: who may delete departments, properties and accessories") {
  OrgFixture f;
  World w(f);
  auto delete_property = [&](const Account& who, const std::string& id) {
    v1::DeletePropertyRequest r;
    r.set_property_id(id);
    v1::DeletePropertyResponse out;
    return f.api().DeleteProperty(f.As(who).get(), r, &out).error_code();
  };
  auto delete_department = [&](const Account& who, const std::string& id) {
    v1::DeleteDepartmentRequest r;
    r.set_department_id(id);
    v1::DeleteDepartmentResponse out;
    return f.api().DeleteDepartment(f.As(who).get(), r, &out).error_code();
  };
  auto delete_accessory = [&](const Account& who, const std::string& id) {
    v1::DeleteAccessoryRequest r;
    r.set_accessory_id(id);
    v1::DeleteAccessoryResponse out;
    return f.api().DeleteAccessory(f.As(who).get(), r, &out).error_code();
  };
  v1::CreateAccessoryRequest keypad;
  keypad.set_kind(v1::ACCESSORY_KIND_KEYPAD);
  keypad.set_serial_number("KP-A");
  keypad.set_name("A keypad");
  keypad.add_lock_ids(w.lock_a);
  v1::CreateAccessoryResponse created;
  REQUIRE(f.api().CreateAccessory(f.As(w.owner).get(), keypad, &created).ok());
  const std::string accessory = created.accessory().id();

  // Nobody from outside, nobody out of scope, no Lock User.
  for (const Account* who : {&w.stranger}) {
    CHECK(delete_property(*who, w.spare_a) == Code::NOT_FOUND);
    CHECK(delete_department(*who, w.department_a) == Code::NOT_FOUND);
    CHECK(delete_accessory(*who, accessory) == Code::NOT_FOUND);
  }
  for (const Account* who : {&w.manager_b, &w.lock_user}) {
    CHECK(delete_property(*who, w.spare_a) == Code::PERMISSION_DENIED);
    CHECK(delete_department(*who, w.department_a) == Code::PERMISSION_DENIED);
    CHECK(delete_accessory(*who, accessory) == Code::PERMISSION_DENIED);
  }
  // A Manager of A deletes A's empty property and A's keypad, not the department.
  CHECK(delete_department(w.manager_a, w.department_a) == Code::PERMISSION_DENIED);
  CHECK(delete_accessory(w.manager_a, accessory) == Code::OK);
  CHECK(delete_property(w.manager_a, w.spare_a) == Code::OK);
  // An Admin deletes the department.
  CHECK(delete_department(w.admin, w.department_a) == Code::OK);
  CHECK(f.Count("SELECT count(*) FROM departments") == 1);
  CHECK(f.Count("SELECT count(*) FROM accessories") == 0);
}

TEST_CASE("O3-O6: accessories, places, home, widgets, audit and departments, for every role") {
  OrgFixture f;
  World w(f);
  v1::CreateAccessoryRequest bridge;
  bridge.set_kind(v1::ACCESSORY_KIND_BRIDGE);
  bridge.set_serial_number("BR-A");
  bridge.set_name("A bridge");
  bridge.add_lock_ids(w.lock_a);
  v1::CreateAccessoryResponse created;
  REQUIRE(f.api().CreateAccessory(f.As(w.owner).get(), bridge, &created).ok());
  const std::string accessory = created.accessory().id();

  struct Expect {
    const Account* who;
    Code get_accessory, rename_accessory, create_accessory, create_department, audit, list_departments;
    int visible_accessories;
  };
  const Expect rows[] = {
      {&w.owner, Code::OK, Code::OK, Code::OK, Code::OK, Code::OK, Code::OK, 1},
      {&w.admin, Code::OK, Code::OK, Code::OK, Code::OK, Code::OK, Code::OK, 1},
      {&w.manager_a, Code::OK, Code::OK, Code::OK, Code::PERMISSION_DENIED, Code::PERMISSION_DENIED,
       Code::OK, 1},
      {&w.manager_b, Code::PERMISSION_DENIED, Code::PERMISSION_DENIED, Code::PERMISSION_DENIED,
       Code::PERMISSION_DENIED, Code::PERMISSION_DENIED, Code::OK, 0},
      {&w.lock_user, Code::PERMISSION_DENIED, Code::PERMISSION_DENIED, Code::PERMISSION_DENIED,
       Code::PERMISSION_DENIED, Code::PERMISSION_DENIED, Code::PERMISSION_DENIED, 0},
      {&w.stranger, Code::NOT_FOUND, Code::NOT_FOUND, Code::NOT_FOUND, Code::OK, Code::OK, Code::OK, 0},
  };
  int serial = 0;
  for (const auto& e : rows) {
    INFO("caller " << e.who->email);
    v1::GetAccessoryRequest get;
    get.set_accessory_id(accessory);
    v1::GetAccessoryResponse got;
    CHECK(f.api().GetAccessory(f.As(*e.who).get(), get, &got).error_code() == e.get_accessory);
    v1::UpdateAccessoryRequest rename;
    rename.mutable_accessory()->set_id(accessory);
    rename.mutable_accessory()->set_name("Renamed bridge");
    rename.mutable_update_mask()->add_paths("name");
    v1::UpdateAccessoryResponse renamed;
    CHECK(f.api().UpdateAccessory(f.As(*e.who).get(), rename, &renamed).error_code() ==
          e.rename_accessory);
    v1::CreateAccessoryRequest keypad;
    keypad.set_kind(v1::ACCESSORY_KIND_KEYPAD);
    keypad.set_serial_number("KP-" + std::to_string(++serial));
    keypad.set_name("Keypad");
    keypad.add_lock_ids(w.lock_a);  // a lock of our organisation, in department A
    v1::CreateAccessoryResponse made;
    CHECK(f.api().CreateAccessory(f.As(*e.who).get(), keypad, &made).error_code() ==
          e.create_accessory);
    v1::CreateDepartmentRequest department;
    department.set_name("New " + std::to_string(serial));
    v1::CreateDepartmentResponse made_department;
    CHECK(f.api().CreateDepartment(f.As(*e.who).get(), department, &made_department).error_code() ==
          e.create_department);  // the stranger makes one in their own organisation
    v1::ListAuditEventsResponse audit;
    CHECK(f.api().ListAuditEvents(f.As(*e.who).get(), {}, &audit).error_code() == e.audit);
    if (e.who == &w.stranger) {
      for (const auto& event : audit.events()) {
        CHECK(event.target_id() != w.lock_a);  // their trail holds nothing of ours
      }
    }
    v1::ListDepartmentsResponse departments;
    CHECK(f.api().ListDepartments(f.As(*e.who).get(), {}, &departments).error_code() ==
          e.list_departments);
    for (const auto& d : departments.departments()) {
      if (e.who == &w.stranger) CHECK((d.id() != w.department_a && d.id() != w.department_b));
    }
    v1::ListAccessoriesResponse accessories;
    REQUIRE(f.api().ListAccessories(f.As(*e.who).get(), {}, &accessories).ok());
    int ours = 0;
    for (const auto& a : accessories.accessories()) ours += a.id() == accessory;
    CHECK(ours == e.visible_accessories);
    // Everyone may search places, read their organisation, home page and widgets.
    v1::SearchPlacesRequest search;
    search.set_query("Paris");
    v1::SearchPlacesResponse places;
    CHECK(f.api().SearchPlaces(f.As(*e.who).get(), search, &places).ok());
    v1::GetOrganisationResponse organisation;
    REQUIRE(f.api().GetOrganisation(f.As(*e.who).get(), {}, &organisation).ok());
    CHECK(organisation.organisation().id() == e.who->organisation_id);
    v1::GetHomeSummaryResponse home;
    CHECK(f.api().GetHomeSummary(f.As(*e.who).get(), {}, &home).ok());
    v1::GetWidgetLayoutResponse widgets;
    CHECK(f.api().GetWidgetLayout(f.As(*e.who).get(), {}, &widgets).ok());
  }
}
