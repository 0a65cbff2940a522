// O5: a Lock User sees the locks they hold a live key or PIN on, and no
// other, through org (which asks access, ListHeldLocks).
#include "access_fixture.h"

using namespace keyway::access::testing;

namespace {

namespace ov1 = keyway::org::v1;

std::set<std::string> LocksSeenBy(AccessFixture& f, const Account& who,
                                  const std::string& department_id = "") {
  ov1::ListLocksRequest req;
  req.set_department_id(department_id);
  ov1::ListLocksResponse resp;
  auto s = f.org.api().ListLocks(f.org.As(who).get(), req, &resp);
  INFO(s.error_message());
  REQUIRE(s.ok());
  std::set<std::string> out;
  for (const auto& l : resp.locks()) out.insert(l.id());
  return out;
}

grpc::StatusCode GetLockCode(AccessFixture& f, const Account& who, const std::string& lock_id) {
  ov1::GetLockRequest req;
  req.set_lock_id(lock_id);
  ov1::GetLockResponse resp;
  return f.org.api().GetLock(f.org.As(who).get(), req, &resp).error_code();
}

ov1::GetHomeSummaryResponse HomeOf(AccessFixture& f, const Account& who) {
  ov1::GetHomeSummaryResponse resp;
  auto s = f.org.api().GetHomeSummary(f.org.As(who).get(), {}, &resp);
  INFO(s.error_message());
  REQUIRE(s.ok());
  return resp;
}

}  // namespace

TEST_CASE("O5: a Lock User sees exactly the locks they hold a live key on, and nothing else") {
  AccessFixture f;
  auto& clock = f.org.identity().clock();
  Account owner = f.org.NewOrganisation();
  Account tenant = f.org.AddMember(owner, idv1::ROLE_LOCK_USER);
  const std::string property = f.org.CreateProperty(owner, "Block A");
  const std::string department =
      f.org.CreateDepartment(owner, "Lettings", {property}, {tenant.user_id});
  const std::string front = f.org.PairLock(owner, {property}, "IGB4", "Front door");
  const std::string garage = f.org.PairLock(owner, {property}, "IGB4", "Garage");
  const std::string office = f.org.PairLock(owner, {property}, "IGB4", "Office");
  for (const auto& l : {front, garage, office}) f.Provision(owner, l);

  // Nothing held yet: nothing seen, though the locks are in the tenant's department.
  CHECK(LocksSeenBy(f, tenant).empty());
  CHECK(GetLockCode(f, tenant, front) == grpc::StatusCode::PERMISSION_DENIED);
  CHECK(HomeOf(f, tenant).lock_count() == 0);

  const absl::Time now = clock.Now();
  av1::CreateBluetoothKeyResponse lease, visit;
  REQUIRE(f.CreateKey(owner, front, tenant.user_id, now, now + absl::Hours(48), &lease,
                      /*residential=*/true).ok());
  REQUIRE(f.CreateKey(owner, garage, tenant.user_id, now, now + absl::Hours(2), &visit).ok());

  CHECK(LocksSeenBy(f, tenant) == std::set<std::string>{front, garage});
  CHECK(LocksSeenBy(f, tenant, department) == std::set<std::string>{front, garage});
  CHECK(GetLockCode(f, tenant, front) == grpc::StatusCode::OK);
  CHECK(GetLockCode(f, tenant, office) == grpc::StatusCode::PERMISSION_DENIED);
  auto home = HomeOf(f, tenant);
  CHECK(home.lock_count() == 2);
  CHECK(home.property_count() == 1);
  // The Owner still sees all three.
  CHECK(LocksSeenBy(f, owner).size() == 3);

  // An ended key no longer shows its lock; a deleted one neither.
  clock.Set(now + absl::Hours(3));
  tenant = f.org.LogIn(tenant);
  owner = f.org.LogIn(owner);
  CHECK(LocksSeenBy(f, tenant) == std::set<std::string>{front});
  CHECK(GetLockCode(f, tenant, garage) == grpc::StatusCode::PERMISSION_DENIED);
  REQUIRE(f.Delete(owner, lease.access().id()).ok());
  CHECK(LocksSeenBy(f, tenant).empty());
  CHECK(HomeOf(f, tenant).lock_count() == 0);

  // Another organisation's Lock User, holding nothing here, sees none of it (O6).
  Account other_owner = f.org.NewOrganisation();
  Account stranger = f.org.AddMember(other_owner, idv1::ROLE_LOCK_USER);
  CHECK(GetLockCode(f, stranger, front) == grpc::StatusCode::NOT_FOUND);
  CHECK(LocksSeenBy(f, stranger).empty());
}
