// O1, O2, D1-D6 on real identity and org services.
#include "keyway/core/random.h"
#include "org_fixture.h"

using namespace keyway::org::testing;

namespace {

grpc::Status Create(OrgFixture& f, const Account& by, const std::string& name,
                    const std::vector<std::string>& members = {},
                    v1::CreateDepartmentResponse* out = nullptr) {
  v1::CreateDepartmentRequest req;
  req.set_name(name);
  for (const auto& m : members) req.add_member_user_ids(m);
  v1::CreateDepartmentResponse ignored;
  return f.api().CreateDepartment(f.As(by).get(), req, out ? out : &ignored);
}

grpc::Status AddProperties(OrgFixture& f, const Account& by, const std::string& department,
                           const std::vector<std::string>& properties) {
  v1::UpdateDepartmentRequest req;
  req.mutable_department()->set_id(department);
  for (const auto& p : properties) req.mutable_department()->add_property_ids(p);
  req.mutable_update_mask()->add_paths("property_ids");
  v1::UpdateDepartmentResponse resp;
  return f.api().UpdateDepartment(f.As(by).get(), req, &resp);
}

}  // namespace

TEST_CASE("O2: the operator creates an organisation and its Owner, who logs in to it") {
  OrgFixture f;
  Account owner = f.NewOrganisation(v1::ORGANISATION_KIND_DEPARTMENTAL);
  v1::GetOrganisationResponse got;
  REQUIRE(f.api().GetOrganisation(f.As(owner).get(), {}, &got).ok());
  CHECK(got.organisation().id() == owner.organisation_id);
  CHECK(got.organisation().kind() == v1::ORGANISATION_KIND_DEPARTMENTAL);
  // Only with the operator credential.
  v1::CreateOrganisationRequest req;
  req.set_name("Sneaky");
  req.set_kind(v1::ORGANISATION_KIND_FLAT);
  req.set_owner_email("sneaky@example.com");
  req.set_owner_name("Sneaky Person");
  v1::CreateOrganisationResponse resp;
  CHECK(f.internal_api().CreateOrganisation(f.As(owner).get(), req, &resp).error_code() ==
        grpc::StatusCode::UNAUTHENTICATED);
  // Bad input is refused before anything is made.
  req.set_kind(v1::ORGANISATION_KIND_UNSPECIFIED);
  auto s = f.internal_api().CreateOrganisation(f.identity().Ctx(f.operator_token()).get(), req, &resp);
  CHECK(s.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  req.set_kind(v1::ORGANISATION_KIND_FLAT);
  req.set_owner_email("not an email");
  s = f.internal_api().CreateOrganisation(f.identity().Ctx(f.operator_token()).get(), req, &resp);
  CHECK(s.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(s.error_message().find("not a valid address") != std::string::npos);
  CHECK(f.Count("SELECT count(*) FROM organisations") == 1);
}

TEST_CASE("S9: O2: CreateOrganisation retried after identity made the Owner makes one organisation and one Owner") {
  OrgFixture f;
  v1::CreateOrganisationRequest req;
  req.set_name("Quayside Homes");
  req.set_kind(v1::ORGANISATION_KIND_FLAT);
  req.set_owner_email(IdentityFixture::NewEmail());
  req.set_owner_name("Quinn Quayside");
  req.set_request_id("onboarding-quayside-1");
  // The state a crash leaves between the two steps: identity has the Owner
  // (org asked it, with the id the request_id names), org has nothing yet.
  const std::string org_id = keyway::core::UuidFromName("organisation/" + req.request_id());
  idv1::CreateOwnerRequest owner;
  owner.set_organisation_id(org_id);
  owner.set_email(req.owner_email());
  owner.set_name(req.owner_name());
  owner.set_request_id("org-owner-" + org_id);
  idv1::CreateOwnerResponse made;
  REQUIRE(f.identity().internal_api().CreateOwner(f.identity().OrgCtx().get(), owner, &made).ok());
  // The operator's retry completes it with that same Owner...
  v1::CreateOrganisationResponse resp;
  auto s = f.internal_api().CreateOrganisation(f.identity().Ctx(f.operator_token()).get(), req, &resp);
  INFO(s.error_message());
  REQUIRE(s.ok());
  CHECK(resp.organisation().id() == org_id);
  CHECK(resp.owner_user_id() == made.user().id());
  // ...and one more retry changes nothing.
  v1::CreateOrganisationResponse again;
  REQUIRE(f.internal_api().CreateOrganisation(f.identity().Ctx(f.operator_token()).get(), req, &again).ok());
  CHECK(again.organisation().id() == org_id);
  CHECK(f.Count("SELECT count(*) FROM organisations WHERE id = '" + org_id + "'") == 1);
  CHECK(f.identity().Count("SELECT count(*) FROM memberships WHERE organisation_id = '" + org_id +
                           "'") == 1);
}

TEST_CASE("O1: a flat organisation refuses every department request") {
  OrgFixture f;
  Account owner = f.NewOrganisation(v1::ORGANISATION_KIND_FLAT);
  auto created = Create(f, owner, "Ops");
  CHECK(created.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(created.error_message().find("flat") != std::string::npos);
  v1::ListDepartmentsResponse list;
  CHECK(f.api().ListDepartments(f.As(owner).get(), {}, &list).error_code() ==
        grpc::StatusCode::INVALID_ARGUMENT);
  v1::GetDepartmentRequest get;
  get.set_department_id("6f1c1f5e-9d1b-4a51-8c1e-2b8f0c1d2e3f");
  v1::GetDepartmentResponse got;
  CHECK(f.api().GetDepartment(f.As(owner).get(), get, &got).error_code() ==
        grpc::StatusCode::INVALID_ARGUMENT);
  v1::DeleteDepartmentRequest del;
  del.set_department_id(get.department_id());
  v1::DeleteDepartmentResponse deleted;
  CHECK(f.api().DeleteDepartment(f.As(owner).get(), del, &deleted).error_code() ==
        grpc::StatusCode::INVALID_ARGUMENT);
  // A department filter too: INVALID_ARGUMENT, as the rule says, not FAILED_PRECONDITION.
  v1::ListLocksRequest locks;
  locks.set_department_id(get.department_id());
  v1::ListLocksResponse listed;
  auto filtered = f.api().ListLocks(f.As(owner).get(), locks, &listed);
  CHECK(filtered.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(filtered.error_message().find("flat") != std::string::npos);
  CHECK(f.Count("SELECT count(*) FROM departments") == 0);
}

TEST_CASE("D1: department names are unique in an organisation, whatever their case") {
  OrgFixture f;
  Account owner = f.NewOrganisation();
  REQUIRE(Create(f, owner, "Maintenance").ok());
  auto again = Create(f, owner, "MAINTENANCE");
  CHECK(again.error_code() == grpc::StatusCode::ALREADY_EXISTS);
  CHECK(again.error_message().find("(D1)") != std::string::npos);
  // Another organisation may use the name.
  Account other = f.NewOrganisation();
  CHECK(Create(f, other, "Maintenance").ok());
}

TEST_CASE("D2: at most 20 departments per organisation, the 21st is refused") {
  OrgFixture f;
  Account owner = f.NewOrganisation();
  for (int i = 1; i <= 20; ++i) REQUIRE(Create(f, owner, "Dept " + std::to_string(i)).ok());
  auto too_many = Create(f, owner, "Dept 21");
  CHECK(too_many.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  CHECK(too_many.error_message().find("20 departments") != std::string::npos);
  CHECK(f.Count("SELECT count(*) FROM departments") == 20);
}

TEST_CASE("D3: D4: members are Managers and Lock Users, Owners and Admins are in every department") {
  OrgFixture f;
  Account owner = f.NewOrganisation();
  Account admin = f.AddMember(owner, idv1::ROLE_ADMIN);
  std::vector<std::string> members;
  for (int i = 0; i < 3; ++i) members.push_back(f.AddMember(owner, idv1::ROLE_MANAGER).user_id);
  members.push_back(f.AddMember(owner, idv1::ROLE_LOCK_USER).user_id);
  v1::CreateDepartmentResponse created;
  REQUIRE(Create(f, owner, "Ops", members, &created).ok());
  CHECK(created.department().member_user_ids_size() == 4);
  auto with_admin = Create(f, owner, "Finance", {admin.user_id});
  CHECK(with_admin.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(with_admin.error_message().find("(D4)") != std::string::npos);
  auto stranger = Create(f, owner, "Finance", {"6f1c1f5e-9d1b-4a51-8c1e-2b8f0c1d2e3f"});
  CHECK(stranger.error_message().find("not a member of this organisation") != std::string::npos);
  // The Admin sees the department without being listed in it.
  v1::GetDepartmentRequest get;
  get.set_department_id(created.department().id());
  v1::GetDepartmentResponse got;
  CHECK(f.api().GetDepartment(f.As(admin).get(), get, &got).ok());
}

TEST_CASE("D5: a department with active PINs on its locks cannot be deleted, saying how many") {
  OrgFixture f;
  Account owner = f.NewOrganisation();
  std::string property = f.CreateProperty(owner, "Harbour House");
  std::string lock_a = f.PairLock(owner, {property});
  std::string lock_b = f.PairLock(owner, {property});
  std::string lock_c = f.PairLock(owner, {property});
  std::string department = f.CreateDepartment(owner, "Ops", {property});
  f.access().active_pins = {{lock_a, 2}, {lock_b, 1}};
  v1::DeleteDepartmentRequest del;
  del.set_department_id(department);
  v1::DeleteDepartmentResponse deleted;
  auto refused = f.api().DeleteDepartment(f.As(owner).get(), del, &deleted);
  CHECK(refused.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  CHECK(refused.error_message() ==
        "department \"Ops\" still has 3 active PINs on 2 locks (D5): delete those PINs first "
        "(Bluetooth keys do not block)");
  CHECK(f.Count("SELECT count(*) FROM departments") == 1);
  // Bluetooth keys alone (no PINs) do not block.
  f.access().active_pins.clear();
  CHECK(f.api().DeleteDepartment(f.As(owner).get(), del, &deleted).ok());
  CHECK(f.Count("SELECT count(*) FROM departments") == 0);
  CHECK(f.Count("SELECT count(*) FROM locks") == 3);  // its locks stay
  (void)lock_c;
}

TEST_CASE("D6: a lock with a Custom PIN cannot be added to a second department") {
  OrgFixture f;
  Account owner = f.NewOrganisation();
  std::string house = f.CreateProperty(owner, "House");
  std::string annex = f.CreateProperty(owner, "Annex");
  std::string lock = f.PairLock(owner, {house});
  std::string ops = f.CreateDepartment(owner, "Ops", {house});
  std::string cleaning = f.CreateDepartment(owner, "Cleaning", {annex});
  f.access().custom_pin_locks = {lock};
  // Through the department: give Cleaning the lock's property.
  auto via_department = AddProperties(f, owner, cleaning, {annex, house});
  CHECK(via_department.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  CHECK(via_department.error_message().find("(D6)") != std::string::npos);
  // Through the lock: add it to the Annex, which is Cleaning's.
  v1::SetLockPropertiesRequest move;
  move.set_lock_id(lock);
  move.add_property_ids(house);
  move.add_property_ids(annex);
  v1::SetLockPropertiesResponse moved;
  CHECK(f.api().SetLockProperties(f.As(owner).get(), move, &moved).error_code() ==
        grpc::StatusCode::FAILED_PRECONDITION);
  // Nothing changed: the lock is still only in Ops.
  v1::GetLockRequest get;
  get.set_lock_id(lock);
  v1::GetLockResponse got;
  REQUIRE(f.api().GetLock(f.As(owner).get(), get, &got).ok());
  CHECK(std::vector<std::string>(got.lock().department_ids().begin(), got.lock().department_ids().end()) ==
        std::vector<std::string>{ops});
  // Without a Custom PIN the same change is fine.
  f.access().custom_pin_locks.clear();
  CHECK(f.api().SetLockProperties(f.As(owner).get(), move, &moved).ok());
  CHECK(moved.lock().department_ids_size() == 2);
}

TEST_CASE("S9: D6: access is asked with no transaction open, and a lock shared meanwhile is checked too") {
  OrgFixture f;
  Account owner = f.NewOrganisation();
  std::string house = f.CreateProperty(owner, "House");
  std::string annex = f.CreateProperty(owner, "Annex");
  std::string attic = f.CreateProperty(owner, "Attic");
  std::string first = f.PairLock(owner, {house});
  std::string second = f.PairLock(owner, {attic});
  f.CreateDepartment(owner, "Ops", {house});
  std::string cleaning = f.CreateDepartment(owner, "Cleaning", {annex});
  std::vector<std::vector<std::string>> asked;
  std::vector<int> open_transactions;
  f.access().while_asked = [&](const std::vector<std::string>& locks) {
    asked.push_back(locks);
    open_transactions.push_back(
        f.Count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND state LIKE 'idle in transaction%'"));
    if (asked.size() > 1) return;
    // Meanwhile another Admin moves the second lock into the House too, and
    // gives it a Custom PIN: Cleaning's change would now share it as well.
    v1::SetLockPropertiesRequest move;
    move.set_lock_id(second);
    move.add_property_ids(attic);
    move.add_property_ids(house);
    v1::SetLockPropertiesResponse moved;
    REQUIRE(f.api().SetLockProperties(f.As(owner).get(), move, &moved).ok());
    f.access().custom_pin_locks = {second};
  };
  auto shared = AddProperties(f, owner, cleaning, {annex, house});
  CHECK(shared.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  CHECK(shared.error_message().find("lock " + second + " has a Custom PIN") != std::string::npos);
  REQUIRE(asked.size() == 2);
  CHECK(asked[0] == std::vector<std::string>{first});
  CHECK(asked[1] == std::vector<std::string>{second});
  CHECK(open_transactions == std::vector<int>{0, 0});
  // Cleaning kept only the Annex.
  CHECK(f.Count("SELECT count(*) FROM department_properties WHERE department_id = '" + cleaning +
                "'") == 1);
}

TEST_CASE("bad input to departments and locks is refused, saying why, and nothing is written") {
  OrgFixture f;
  Account owner = f.NewOrganisation();
  std::string property = f.CreateProperty(owner, "House");
  CHECK(Create(f, owner, "").error_message() == "name is required");
  CHECK(Create(f, owner, std::string(101, 'd')).error_message() == "name is longer than 100 characters");
  CHECK(Create(f, owner, "Bad\nName").error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(Create(f, owner, "Ops", {"not-a-uuid"}).error_message().find("must be a UUID") !=
        std::string::npos);
  v1::CreateDepartmentRequest twice;
  twice.set_name("Twice");
  twice.add_property_ids(property);
  twice.add_property_ids(property);
  v1::CreateDepartmentResponse out;
  CHECK(f.api().CreateDepartment(f.As(owner).get(), twice, &out).error_message().find("twice") !=
        std::string::npos);
  v1::CreateDepartmentRequest ghost;
  ghost.set_name("Ghost");
  ghost.add_property_ids("6f1c1f5e-9d1b-4a51-8c1e-2b8f0c1d2e3f");
  CHECK(f.api().CreateDepartment(f.As(owner).get(), ghost, &out).error_code() ==
        grpc::StatusCode::NOT_FOUND);

  auto pair = [&](const std::string& serial, const std::string& model, const std::string& name) {
    v1::PairLockRequest req;
    req.set_serial_number(serial);
    req.set_model(model);
    req.set_name(name);
    req.add_property_ids(property);
    v1::PairLockResponse resp;
    return f.api().PairLock(f.As(owner).get(), req, &resp);
  };
  CHECK(pair("", "IGB4", "Door").error_message() == "serial_number must have 1 to 64 characters");
  CHECK(pair("SN 1", "IGB4", "Door").error_message().find("letters, digits and '-'") !=
        std::string::npos);
  CHECK(pair("SN-1", "IGX9", "Door").error_message().find("not a lock model Keyway knows") !=
        std::string::npos);
  CHECK(pair("SN-1", "IGB4", "").error_message() == "name is required");
  CHECK(pair("SN-1", "IGB4", std::string(500, 'n')).error_code() == grpc::StatusCode::INVALID_ARGUMENT);

  v1::UpdateLockRequest no_mask;
  no_mask.mutable_lock()->set_id("6f1c1f5e-9d1b-4a51-8c1e-2b8f0c1d2e3f");
  v1::UpdateLockResponse updated;
  CHECK(f.api().UpdateLock(f.As(owner).get(), no_mask, &updated).error_message().find(
            "update_mask must list") != std::string::npos);
  v1::ListLocksRequest bad_page;
  bad_page.set_page_token("garbage");
  v1::ListLocksResponse listed;
  CHECK(f.api().ListLocks(f.As(owner).get(), bad_page, &listed).error_code() ==
        grpc::StatusCode::INVALID_ARGUMENT);

  CHECK(f.Count("SELECT count(*) FROM departments") == 0);
  CHECK(f.Count("SELECT count(*) FROM locks") == 0);
  v1::ListAuditEventsResponse audit;
  REQUIRE(f.api().ListAuditEvents(f.As(owner).get(), {}, &audit).ok());
  CHECK(audit.events_size() == 2);  // the organisation and the property, nothing refused
}

TEST_CASE("S1: a department name that is not UTF-8 is INVALID_ARGUMENT, and nothing is made") {
  OrgFixture f;
  Account owner = f.NewOrganisation();
  auto created = Create(f, owner, std::string("Caf\xe9", 4));  // Latin-1, as old spreadsheets write
  CHECK(created.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(created.error_message().find("keyway.org.v1.CreateDepartmentRequest") != std::string::npos);
  CHECK(created.error_message().find("UTF-8") != std::string::npos);
  CHECK(f.Count("SELECT count(*) FROM departments") == 0);
  CHECK(Create(f, owner, "Café").ok());
}
