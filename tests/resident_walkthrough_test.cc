// The resident-access walkthrough (spec/resident-access.txt), end to end on
// the whole suite, with the lock model as the tenant's door: the tenant is
// invited as a Lock User, given a Residential Bluetooth key for the lease,
// opens the door with the app, makes a Remote PIN for a plumber and shares
// it, makes their own Custom PIN at the door; the plumber's PIN opens in its
// window and not after it.
#include "device_answer.h"
#include "gateway_fixture.h"
#include "keyway/algopin/remote_pin.h"

using namespace keyway::gateway::testing;
using keyway::lockmodel::Outcome;
namespace ov1 = keyway::org::v1;

TEST_CASE("A14: A8: A4: A5: U1: the resident-access walkthrough, from invitation to the plumber's PIN") {
  GatewayFixture g;
  auto& org = g.j.f.org;
  auto& identity = org.identity();
  auto& clock = identity.clock();
  Door d = OneDoor(g.j);
  auto door = g.j.f.LockFor(d.lock_id, d.provisioned);

  // Step 1: the tenant is invited as a Lock User, and accepts.
  idv1::InviteUserRequest invite;
  invite.set_email("tess.tenant." + keyway::core::RandomToken(4) + "@example.com");
  invite.set_name("Tess Tenant");
  invite.set_mobile("+447911123456");
  invite.set_role(idv1::ROLE_LOCK_USER);
  idv1::InviteUserResponse invited;
  auto invitation = identity.api().InviteUser(org.As(d.owner).get(), invite, &invited);
  INFO(invitation.error_message());
  REQUIRE(invitation.ok());
  idv1::AcceptInvitationRequest accept;
  accept.set_token(identity.InvitationTokenOf(invited.user().id()));
  accept.set_password("a long harbour-side passphrase");
  idv1::AcceptInvitationResponse accepted;
  auto acceptance = identity.api().AcceptInvitation(identity.Ctx().get(), accept, &accepted);
  INFO(acceptance.error_message());
  REQUIRE(acceptance.ok());
  Account tenant;
  tenant.organisation_id = d.owner.organisation_id;
  tenant.user_id = invited.user().id();
  tenant.email = invite.email();
  tenant.password = accept.password();
  tenant = org.LogIn(tenant);
  // A9: in the lock's department before Bluetooth access is created for them.
  ov1::ListDepartmentsResponse departments;
  REQUIRE(org.api().ListDepartments(org.As(d.owner).get(), {}, &departments).ok());
  ov1::UpdateDepartmentRequest members;
  members.mutable_department()->set_id(departments.departments(0).id());
  members.mutable_department()->add_member_user_ids(tenant.user_id);
  members.mutable_update_mask()->add_paths("member_user_ids");
  ov1::UpdateDepartmentResponse updated;
  REQUIRE(org.api().UpdateDepartment(org.As(d.owner).get(), members, &updated).ok());

  // Step 2: Bluetooth access with Residential User, for the lease.
  const absl::Time lease_start = keyway::algopin::FloorToHour(clock.Now());
  const absl::Time lease_end = lease_start + absl::Hours(24 * 180);
  av1::CreateBluetoothKeyResponse key;
  REQUIRE(g.j.f.CreateKey(d.owner, d.lock_id, tenant.user_id, lease_start, lease_end, &key,
                          /*residential=*/true).ok());

  // The tenant logs in and sees the lock they were given, and nothing else.
  av1::ListAccessesResponse mine;
  REQUIRE(g.j.f.api->ListAccesses(org.As(tenant).get(), {}, &mine).ok());
  REQUIRE(mine.accesses_size() == 1);
  CHECK(mine.accesses(0).lock_id() == d.lock_id);
  CHECK(mine.accesses(0).id() == key.access().id());

  // Unlock via the app: the key's credential, presented over Bluetooth.
  av1::GetKeyCredentialRequest get_credential;
  get_credential.set_access_id(key.access().id());
  av1::GetKeyCredentialResponse credential;
  REQUIRE(g.j.f.api->GetKeyCredential(org.As(tenant).get(), get_credential, &credential).ok());
  CHECK(door.PresentKey(credential.credential()) == Outcome::kOpened);

  // A Remote PIN for the plumber, a duration PIN, shared by email.
  const absl::Time plumber_start = NextHour(clock);
  av1::CreateRemotePinResponse plumber;
  REQUIRE(g.j.f.CreatePin(tenant, d.lock_id, av1::PIN_KIND_DURATION, plumber_start,
                          plumber_start + absl::Hours(3), &plumber).ok());
  av1::ShareRemotePinRequest share;
  share.set_access_id(plumber.access().id());
  share.add_emails("plumber@example.com");
  av1::ShareRemotePinResponse shared;
  REQUIRE(g.j.f.api->ShareRemotePin(org.As(tenant).get(), share, &shared).ok());
  CHECK(shared.message_count() == 1);

  // A personal Custom PIN, made at the lock: its dates must fall inside the lease...
  av1::CreateCustomPinResponse own;
  auto too_long = g.j.f.CreateCustomPin(tenant, d.lock_id, "8642", av1::PIN_CHANNEL_BLUETOOTH, &own,
                                        clock.Now(), lease_end + absl::Hours(24));
  CHECK(too_long.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  REQUIRE(g.j.f.CreateCustomPin(tenant, d.lock_id, "8642", av1::PIN_CHANNEL_BLUETOOTH, &own).ok());
  g.j.AwaitJob(d.owner, own.access().id());
  // ...and it works once the app's sync at the door completes.
  gv1::AppSyncRequest sync;
  sync.set_lock_id(d.lock_id);
  gv1::AppSyncResponse synced;
  REQUIRE(g.api->AppSync(org.As(tenant).get(), sync, &synced).ok());
  REQUIRE(synced.jobs_size() == 1);
  auto* result = sync.add_results();
  *result = keyway::locksim::AnswerJob(door, synced.jobs(0));
  REQUIRE(result->outcome() == jv1::JOB_OUTCOME_COMPLETED);
  REQUIRE(g.api->AppSync(org.As(tenant).get(), sync, &synced).ok());
  g.j.f.AwaitStatus(tenant, own.access().id(), av1::ACCESS_STATUS_ACTIVE);
  CHECK(door.TypePin("8642") == Outcome::kOpened);

  // The plumber's PIN: not before its window, in it, and not after it.
  CHECK(door.TypePin(plumber.pin()) == Outcome::kRefused);
  clock.Set(plumber_start + absl::Minutes(20));
  CHECK(door.TypePin(plumber.pin()) == Outcome::kOpened);
  clock.Set(plumber_start + absl::Hours(3) + absl::Minutes(1));
  CHECK(door.TypePin(plumber.pin()) == Outcome::kRefused);
  CHECK(door.TypePin("8642") == Outcome::kOpened);  // the tenant's own still works
  // The lease over, the tenant's own PIN ends with it (A14).
  clock.Set(lease_end + absl::Minutes(1));
  CHECK(door.TypePin("8642") == Outcome::kRefused);
}
