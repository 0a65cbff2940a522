// A8-A10, A12-A14, U5: Bluetooth keys, 2FA access and residents, across
// identity, org and access, with the lock model checking each credential.
#include <atomic>
#include <thread>

#include "access_fixture.h"
#include "keyway/identity/v1/identity_events.pb.h"

using namespace keyway::access::testing;
using keyway::lockmodel::Outcome;

namespace {

struct Building {
  Account owner, tenant;
  std::string property, department, lock_id;
  av1::ProvisionLockResponse provisioned;
};

// A departmental organisation: one department with one lock and a Lock User
// who is a member of it.
Building OneBuilding(AccessFixture& f, const std::string& model = "IGB4") {
  Building b;
  b.owner = f.org.NewOrganisation();
  b.tenant = f.org.AddMember(b.owner, idv1::ROLE_LOCK_USER);
  b.property = f.org.CreateProperty(b.owner, "Block A");
  b.department = f.org.CreateDepartment(b.owner, "Lettings", {b.property}, {b.tenant.user_id});
  b.lock_id = f.org.PairLock(b.owner, {b.property}, model);
  b.provisioned = f.Provision(b.owner, b.lock_id);
  return b;
}

std::string Credential(AccessFixture& f, const Account& holder, const std::string& access_id,
                       grpc::Status* status = nullptr) {
  av1::GetKeyCredentialRequest req;
  req.set_access_id(access_id);
  av1::GetKeyCredentialResponse resp;
  auto s = f.api->GetKeyCredential(f.org.As(holder).get(), req, &resp);
  if (status) *status = s;
  return resp.credential();
}

grpc::Status SetEnd(AccessFixture& f, const Account& by, const std::string& access_id, absl::Time end,
                    av1::Access* out = nullptr) {
  av1::UpdateAccessRequest req;
  req.set_access_id(access_id);
  req.mutable_end_time()->set_seconds(absl::ToUnixSeconds(end));
  av1::UpdateAccessResponse resp;
  auto s = f.api->UpdateAccess(f.org.As(by).get(), req, &resp);
  if (out) *out = resp.access();
  return s;
}

}  // namespace

TEST_CASE("A8: a Lock User's Bluetooth key opens the lock inside its window only") {
  AccessFixture f;
  Building b = OneBuilding(f);
  auto& clock = f.org.identity().clock();
  auto lock = f.LockFor(b.lock_id, b.provisioned);
  const absl::Time start = clock.Now() + absl::Hours(1), end = start + absl::Hours(48);
  av1::CreateBluetoothKeyResponse key;
  auto status = f.CreateKey(b.owner, b.lock_id, b.tenant.user_id, start, end, &key);
  INFO(status.error_message());
  REQUIRE(status.ok());
  CHECK(key.access().type() == av1::ACCESS_TYPE_BLUETOOTH_KEY);
  CHECK(key.access().status() == av1::ACCESS_STATUS_ACTIVE);
  CHECK(key.access().user_id() == b.tenant.user_id);
  CHECK(key.access().permissions().unlock());
  // The holder is told by email: notify reads this event.
  auto granted = AwaitEvent<av1::BluetoothKeyGranted>(
      f.stream, [&](const av1::BluetoothKeyGranted& e) { return e.access_id() == key.access().id(); });
  REQUIRE(granted.has_value());
  CHECK(granted->user_id() == b.tenant.user_id);

  std::string credential = Credential(f, b.tenant, key.access().id());
  REQUIRE(!credential.empty());
  CHECK(lock.PresentKey(credential) == Outcome::kRefused);  // before its start
  clock.Set(start + absl::Minutes(5));
  CHECK(lock.PresentKey(credential) == Outcome::kOpened);
  clock.Set(end + absl::Minutes(1));
  CHECK(lock.PresentKey(credential) == Outcome::kRefused);
  b.owner = f.org.LogIn(b.owner);  // the fake clock ran past the tokens' life

  // Only the holder receives the credential (K4).
  grpc::Status s;
  Credential(f, b.owner, key.access().id(), &s);
  CHECK(s.error_code() == Code::PERMISSION_DENIED);
  Account neighbour = f.org.AddMember(b.owner, idv1::ROLE_LOCK_USER);
  Credential(f, neighbour, key.access().id(), &s);
  CHECK(s.error_code() == Code::NOT_FOUND);
}

TEST_CASE("A8: keys are for Lock Users only, one live key per user and lock") {
  AccessFixture f;
  Building b = OneBuilding(f);
  auto& clock = f.org.identity().clock();
  Account admin = f.org.AddMember(b.owner, idv1::ROLE_ADMIN);
  av1::CreateBluetoothKeyResponse key;
  auto refused = f.CreateKey(b.owner, b.lock_id, admin.user_id, clock.Now(), clock.Now() + absl::Hours(2), &key);
  CHECK(refused.error_code() == Code::FAILED_PRECONDITION);
  CHECK_THAT(refused.error_message(), Catch::Contains("by default"));
  CHECK(f.CreateKey(b.owner, b.lock_id, b.owner.user_id, clock.Now(), clock.Now() + absl::Hours(2), &key)
            .error_code() == Code::FAILED_PRECONDITION);
  // A Lock User cannot give keys.
  CHECK(f.CreateKey(b.tenant, b.lock_id, b.tenant.user_id, clock.Now(), clock.Now() + absl::Hours(2), &key)
            .error_code() == Code::PERMISSION_DENIED);
  // Bad input changes nothing.
  CHECK(f.CreateKey(b.owner, b.lock_id, b.tenant.user_id, clock.Now(), clock.Now() - absl::Hours(1), &key)
            .error_code() == Code::INVALID_ARGUMENT);
  CHECK(f.CreateKey(b.owner, b.lock_id, "not-a-user", clock.Now(), clock.Now() + absl::Hours(1), &key)
            .error_code() == Code::INVALID_ARGUMENT);
  CHECK(f.CreateKey(b.owner, b.lock_id, keyway::core::NewUuid(), clock.Now(), clock.Now() + absl::Hours(1),
                    &key).error_code() == Code::NOT_FOUND);
  CHECK(f.Count("SELECT count(*) FROM accesses") == 0);

  REQUIRE(f.CreateKey(b.owner, b.lock_id, b.tenant.user_id, clock.Now(), clock.Now() + absl::Hours(2), &key).ok());
  auto twice = f.CreateKey(b.owner, b.lock_id, b.tenant.user_id, clock.Now(), clock.Now() + absl::Hours(5), &key);
  CHECK(twice.error_code() == Code::ALREADY_EXISTS);
  CHECK_THAT(twice.error_message(), Catch::Contains("change its end instead"));
}

TEST_CASE("A9: in a departmental organisation the Lock User must be in the lock's department") {
  AccessFixture f;
  Building b = OneBuilding(f);
  auto& clock = f.org.identity().clock();
  Account outsider = f.org.AddMember(b.owner, idv1::ROLE_LOCK_USER);
  av1::CreateBluetoothKeyResponse key;
  auto refused = f.CreateKey(b.owner, b.lock_id, outsider.user_id, clock.Now(), clock.Now() + absl::Hours(2), &key);
  CHECK(refused.error_code() == Code::FAILED_PRECONDITION);
  CHECK_THAT(refused.error_message(), Catch::Contains("A9"));

  // A9: an invited user who has not accepted yet may already hold a key.
  idv1::InviteUserRequest invite;
  invite.set_email(IdentityFixture::NewEmail());
  invite.set_name("Nia Newcomer");
  invite.set_role(idv1::ROLE_LOCK_USER);
  idv1::InviteUserResponse invited;
  REQUIRE(f.org.identity().api().InviteUser(f.org.As(b.owner).get(), invite, &invited).ok());
  keyway::org::v1::UpdateDepartmentRequest update;
  update.mutable_department()->set_id(b.department);
  update.mutable_department()->add_member_user_ids(b.tenant.user_id);
  update.mutable_department()->add_member_user_ids(invited.user().id());
  update.mutable_update_mask()->add_paths("member_user_ids");
  keyway::org::v1::UpdateDepartmentResponse updated;
  REQUIRE(f.org.api().UpdateDepartment(f.org.As(b.owner).get(), update, &updated).ok());
  REQUIRE(f.CreateKey(b.owner, b.lock_id, invited.user().id(), clock.Now(), clock.Now() + absl::Hours(2), &key).ok());
  CHECK(key.access().name() == "Nia Newcomer");

  // A Manager gives keys only on their departments' locks (O4).
  Account manager = f.org.AddMember(b.owner, idv1::ROLE_MANAGER);
  std::string other_property = f.org.CreateProperty(b.owner, "Block B");
  f.org.CreateDepartment(b.owner, "Other", {other_property}, {manager.user_id, outsider.user_id});
  manager = f.org.LogIn(manager);
  CHECK(f.CreateKey(manager, b.lock_id, b.tenant.user_id, clock.Now(), clock.Now() + absl::Hours(2), &key)
            .error_code() == Code::PERMISSION_DENIED);
}

namespace {

// Sets `who`'s mobile, as `by`.
void SetMobile(AccessFixture& f, const Account& by, const Account& who, const std::string& mobile) {
  idv1::UpdateUserRequest set_mobile;
  set_mobile.mutable_user()->set_id(who.user_id);
  set_mobile.mutable_user()->set_mobile(mobile);
  set_mobile.mutable_update_mask()->add_paths("mobile");
  idv1::UpdateUserResponse updated;
  auto s = f.org.identity().api().UpdateUser(f.org.As(by).get(), set_mobile, &updated);
  INFO(s.error_message());
  REQUIRE(s.ok());
}

// `who` verifies their mobile with the `nth` code sent to them by SMS.
void VerifyMobile(AccessFixture& f, const Account& who, size_t nth = 1) {
  idv1::StartPhoneVerificationResponse started;
  REQUIRE(f.org.identity().api().StartPhoneVerification(f.org.As(who).get(), {}, &started).ok());
  auto sent = f.org.identity().EventsOf<idv1::PhoneVerificationRequested>(who.user_id, nth);
  REQUIRE(sent.size() >= nth);
  idv1::VerifyPhoneRequest verify;
  verify.set_code(keyway::testing::Unsealed(sent[nth - 1].sealed_code()));
  idv1::VerifyPhoneResponse verified;
  auto s = f.org.identity().api().VerifyPhone(f.org.As(who).get(), verify, &verified);
  INFO(s.error_message());
  REQUIRE(s.ok());
}

}  // namespace

TEST_CASE("A10: 2FA access only on 2FA models and for users with a verified mobile") {
  AccessFixture f;
  Building b = OneBuilding(f, "INB1-2FA");
  auto& clock = f.org.identity().clock();
  av1::CreateTwoFactorAccessRequest req;
  req.set_lock_id(b.lock_id);
  req.set_user_id(b.tenant.user_id);
  req.mutable_end_time()->set_seconds(absl::ToUnixSeconds(clock.Now() + absl::Hours(24)));
  av1::CreateTwoFactorAccessResponse made;
  auto unverified = f.api->CreateTwoFactorAccess(f.org.As(b.owner).get(), req, &made);
  CHECK(unverified.error_code() == Code::FAILED_PRECONDITION);
  CHECK_THAT(unverified.error_message(), Catch::Contains("verified mobile"));

  // The tenant's number is set and verified with the code sent by SMS.
  SetMobile(f, b.owner, b.tenant, "+33612345678");
  VerifyMobile(f, b.tenant);
  auto status = f.api->CreateTwoFactorAccess(f.org.As(b.owner).get(), req, &made);
  INFO(status.error_message());
  REQUIRE(status.ok());
  CHECK(made.access().type() == av1::ACCESS_TYPE_TWO_FACTOR);

  // A Bluetooth-only model has no 2FA.
  std::string plain_lock = f.org.PairLock(b.owner, {b.property}, "IGB4");
  req.set_lock_id(plain_lock);
  auto no_2fa = f.api->CreateTwoFactorAccess(f.org.As(b.owner).get(), req, &made);
  CHECK(no_2fa.error_code() == Code::FAILED_PRECONDITION);
  CHECK_THAT(no_2fa.error_message(), Catch::Contains("A10"));
}

namespace {

std::vector<std::string> HeldLocks(AccessFixture& f, const Account& who) {
  av1::ListHeldLocksResponse held;
  REQUIRE(f.api->ListHeldLocks(f.org.As(who).get(), {}, &held).ok());
  return {held.lock_ids().begin(), held.lock_ids().end()};
}

// Polls until the access is paused, or not.
bool AwaitPaused(AccessFixture& f, const Account& by, const std::string& access_id, bool paused) {
  for (int i = 0; i < 400; ++i) {
    if (f.Get(by, access_id).paused() == paused) return true;
    absl::SleepFor(absl::Milliseconds(25));
  }
  return false;
}

}  // namespace

TEST_CASE("U4: a 2FA user's new mobile number pauses their access until it is verified") {
  AccessFixture f;
  Building b = OneBuilding(f, "INB1-2FA");
  auto& clock = f.org.identity().clock();
  SetMobile(f, b.owner, b.tenant, "+33612345678");
  VerifyMobile(f, b.tenant);
  av1::CreateTwoFactorAccessRequest req;
  req.set_lock_id(b.lock_id);
  req.set_user_id(b.tenant.user_id);
  req.mutable_end_time()->set_seconds(absl::ToUnixSeconds(clock.Now() + absl::Hours(24)));
  av1::CreateTwoFactorAccessResponse made;
  REQUIRE(f.api->CreateTwoFactorAccess(f.org.As(b.owner).get(), req, &made).ok());
  const std::string access_id = made.access().id();
  REQUIRE(AwaitPaused(f, b.owner, access_id, false));
  CHECK(HeldLocks(f, b.tenant) == std::vector<std::string>{b.lock_id});

  // The number changes: the access pauses, and the tenant holds nothing there.
  SetMobile(f, b.owner, b.tenant, "+33698765432");
  REQUIRE(AwaitPaused(f, b.owner, access_id, true));
  auto paused = f.Get(b.owner, access_id);
  CHECK(paused.status() == av1::ACCESS_STATUS_ACTIVE);  // kept, not deleted
  CHECK_THAT(paused.status_reason(), Catch::Contains("(U4)"));
  CHECK(HeldLocks(f, b.tenant).empty());

  // The new number verified (a new code may be sent 30 s after the last): the access resumes.
  clock.Advance(absl::Seconds(31));
  VerifyMobile(f, b.tenant, 2);
  REQUIRE(AwaitPaused(f, b.owner, access_id, false));
  CHECK(f.Get(b.owner, access_id).status_reason().empty());
  CHECK(HeldLocks(f, b.tenant) == std::vector<std::string>{b.lock_id});
}

TEST_CASE("A12: only a key's end changes, only before it expires, and shortening revokes the old credential") {
  AccessFixture f;
  Building b = OneBuilding(f);
  auto& clock = f.org.identity().clock();
  auto lock = f.LockFor(b.lock_id, b.provisioned);
  const absl::Time start = clock.Now();
  av1::CreateBluetoothKeyResponse key;
  REQUIRE(f.CreateKey(b.owner, b.lock_id, b.tenant.user_id, start, start + absl::Hours(72), &key).ok());
  std::string old_credential = Credential(f, b.tenant, key.access().id());

  // PINs are not edited.
  av1::CreateRemotePinResponse pin;
  REQUIRE(f.CreatePin(b.owner, b.lock_id, av1::PIN_KIND_ONE_TIME, NextHour(clock), {}, &pin).ok());
  auto not_pins = SetEnd(f, b.owner, pin.access().id(), start + absl::Hours(10));
  CHECK(not_pins.error_code() == Code::FAILED_PRECONDITION);
  CHECK_THAT(not_pins.error_message(), Catch::Contains("A12"));
  CHECK(SetEnd(f, b.tenant, key.access().id(), start + absl::Hours(10)).error_code() ==
        Code::PERMISSION_DENIED);
  CHECK(SetEnd(f, b.owner, key.access().id(), start - absl::Hours(1)).error_code() ==
        Code::INVALID_ARGUMENT);

  av1::Access shorter;
  REQUIRE(SetEnd(f, b.owner, key.access().id(), start + absl::Hours(24), &shorter).ok());
  CHECK(shorter.end_time().seconds() == absl::ToUnixSeconds(start + absl::Hours(24)));
  auto revoke = f.AwaitJob(key.access().id(), av1::LockJobRequested::KIND_REVOKE_KEY);
  REQUIRE(lock.Apply(JobFor(revoke, b.provisioned.secret())).ok());
  std::string new_credential = Credential(f, b.tenant, key.access().id());
  clock.Set(start + absl::Hours(2));
  CHECK(lock.PresentKey(old_credential) == Outcome::kRefused);
  CHECK(lock.PresentKey(new_credential) == Outcome::kOpened);
  clock.Set(start + absl::Hours(30));
  CHECK(lock.PresentKey(new_credential) == Outcome::kRefused);
  b.owner = f.org.LogIn(b.owner);  // the fake clock ran past the tokens' life
  // Expired: no more edits.
  auto expired = SetEnd(f, b.owner, key.access().id(), start + absl::Hours(100));
  CHECK(expired.error_code() == Code::FAILED_PRECONDITION);
  CHECK_THAT(expired.error_message(), Catch::Contains("has not expired"));
}

TEST_CASE("A13: a Bluetooth key is deleted at once and the lock learns to refuse it") {
  AccessFixture f;
  Building b = OneBuilding(f);
  auto& clock = f.org.identity().clock();
  auto lock = f.LockFor(b.lock_id, b.provisioned);
  av1::CreateBluetoothKeyResponse key;
  REQUIRE(f.CreateKey(b.owner, b.lock_id, b.tenant.user_id, clock.Now(), clock.Now() + absl::Hours(24), &key).ok());
  std::string credential = Credential(f, b.tenant, key.access().id());
  CHECK(lock.PresentKey(credential) == Outcome::kOpened);
  av1::Access deleted;
  REQUIRE(f.Delete(b.owner, key.access().id(), &deleted).ok());
  CHECK(deleted.status() == av1::ACCESS_STATUS_DELETED);
  grpc::Status s;
  Credential(f, b.tenant, key.access().id(), &s);
  CHECK(s.error_code() == Code::FAILED_PRECONDITION);
  auto revoke = f.AwaitJob(key.access().id(), av1::LockJobRequested::KIND_REVOKE_KEY);
  REQUIRE(lock.Apply(JobFor(revoke, b.provisioned.secret())).ok());
  CHECK(lock.PresentKey(credential) == Outcome::kRefused);
  // A new key may be given again.
  CHECK(f.CreateKey(b.owner, b.lock_id, b.tenant.user_id, clock.Now(), clock.Now() + absl::Hours(24), &key).ok());
}

TEST_CASE("U5: deactivating a user deletes their keys and the PINs they made stay") {
  AccessFixture f;
  Building b = OneBuilding(f);
  auto& clock = f.org.identity().clock();
  av1::CreateBluetoothKeyResponse key;
  REQUIRE(f.CreateKey(b.owner, b.lock_id, b.tenant.user_id, clock.Now(), clock.Now() + absl::Hours(24 * 30), &key,
                      /*residential=*/true).ok());
  av1::CreateRemotePinResponse visitor;
  absl::Time start = NextHour(clock);
  REQUIRE(f.CreatePin(b.tenant, b.lock_id, av1::PIN_KIND_DURATION, start, start + absl::Hours(3), &visitor).ok());

  idv1::DeactivateUserRequest deactivate;
  deactivate.set_user_id(b.tenant.user_id);
  idv1::DeactivateUserResponse deactivated;
  REQUIRE(f.org.identity().api().DeactivateUser(f.org.As(b.owner).get(), deactivate, &deactivated).ok());
  auto gone = f.AwaitStatus(b.owner, key.access().id(), av1::ACCESS_STATUS_DELETED);
  CHECK(gone.status_reason() == "the user was deactivated (U5)");
  f.AwaitJob(key.access().id(), av1::LockJobRequested::KIND_REVOKE_KEY);
  CHECK(f.Get(b.owner, visitor.access().id()).status() == av1::ACCESS_STATUS_ACTIVE);
}

TEST_CASE("A9: S10: keys granted before acceptance go when the invitation is cancelled") {
  AccessFixture f;
  auto& clock = f.org.identity().clock();
  Account owner = f.org.NewOrganisation();
  idv1::InviteUserRequest invite;
  invite.set_email(IdentityFixture::NewEmail());
  invite.set_name("Ina Invited");
  invite.set_role(idv1::ROLE_LOCK_USER);
  idv1::InviteUserResponse invited;
  REQUIRE(f.org.identity().api().InviteUser(f.org.As(owner).get(), invite, &invited).ok());
  const std::string user_id = invited.user().id();
  const std::string property = f.org.CreateProperty(owner, "Block B");
  f.org.CreateDepartment(owner, "Lettings", {property}, {user_id});
  const std::string lock_id = f.org.PairLock(owner, {property});
  f.Provision(owner, lock_id);
  // Granted ahead of the move-in, while the invitation is pending (A9).
  av1::CreateBluetoothKeyResponse key;
  auto made = f.CreateKey(owner, lock_id, user_id, clock.Now(), clock.Now() + absl::Hours(24 * 30), &key);
  INFO(made.error_message());
  REQUIRE(made.ok());
  idv1::CancelInvitationRequest cancel;
  cancel.set_user_id(user_id);
  idv1::CancelInvitationResponse cancelled;
  REQUIRE(f.org.identity().api().CancelInvitation(f.org.As(owner).get(), cancel, &cancelled).ok());
  auto gone = f.AwaitStatus(owner, key.access().id(), av1::ACCESS_STATUS_DELETED);
  CHECK(gone.status_reason() == "the invitation was cancelled (A9)");
  f.AwaitJob(key.access().id(), av1::LockJobRequested::KIND_REVOKE_KEY);
}

TEST_CASE("A14: a resident makes visitor PINs and their own Custom PIN inside their own access") {
  AccessFixture f;
  Building b = OneBuilding(f);
  auto& clock = f.org.identity().clock();
  auto lock = f.LockFor(b.lock_id, b.provisioned);
  const absl::Time key_start = keyway::algopin::FloorToHour(clock.Now());
  const absl::Time key_end = key_start + absl::Hours(24 * 10);
  av1::CreateRemotePinResponse pin;
  absl::Time start = NextHour(clock);

  // Without a key, and with a key lacking the permission: refused.
  auto no_key = f.CreatePin(b.tenant, b.lock_id, av1::PIN_KIND_DURATION, start, start + absl::Hours(2), &pin);
  CHECK(no_key.error_code() == Code::PERMISSION_DENIED);
  CHECK_THAT(no_key.error_message(), Catch::Contains("Residential User"));
  av1::CreateBluetoothKeyResponse key;
  REQUIRE(f.CreateKey(b.owner, b.lock_id, b.tenant.user_id, key_start, key_end, &key).ok());
  CHECK(f.CreatePin(b.tenant, b.lock_id, av1::PIN_KIND_DURATION, start, start + absl::Hours(2), &pin)
            .error_code() == Code::PERMISSION_DENIED);
  REQUIRE(f.Delete(b.owner, key.access().id()).ok());
  REQUIRE(f.CreateKey(b.owner, b.lock_id, b.tenant.user_id, key_start, key_end, &key, true).ok());

  // The plumber's PIN, inside the resident's window: it opens in its own window.
  auto plumber = f.CreatePin(b.tenant, b.lock_id, av1::PIN_KIND_DURATION, start, start + absl::Hours(4), &pin);
  INFO(plumber.error_message());
  REQUIRE(plumber.ok());
  CHECK(pin.access().created_by_user_id() == b.tenant.user_id);
  clock.Set(start + absl::Minutes(10));
  CHECK(lock.TypePin(pin.pin()) == Outcome::kOpened);
  clock.Set(start + absl::Hours(5));
  CHECK(lock.TypePin(pin.pin()) == Outcome::kRefused);
  b.owner = f.org.LogIn(b.owner);  // the fake clock ran past the tokens' life
  b.tenant = f.org.LogIn(b.tenant);

  // Past the resident's own end: refused, saying so.
  start = NextHour(clock);
  auto outside = f.CreatePin(b.tenant, b.lock_id, av1::PIN_KIND_DURATION, start, key_end + absl::Hours(24), &pin);
  CHECK(outside.error_code() == Code::FAILED_PRECONDITION);
  CHECK_THAT(outside.error_message(), Catch::Contains("outside your own access") && Catch::Contains("A14"));
  CHECK(f.CreatePin(b.tenant, b.lock_id, av1::PIN_KIND_PERMANENT, start, {}, &pin).error_code() ==
        Code::PERMISSION_DENIED);

  // Their own Custom PIN, at the lock over Bluetooth, ends with their access.
  av1::CreateCustomPinResponse own;
  CHECK(f.CreateCustomPin(b.tenant, b.lock_id, "246810", av1::PIN_CHANNEL_BRIDGE, &own).error_code() ==
        Code::PERMISSION_DENIED);
  REQUIRE(f.CreateCustomPin(b.tenant, b.lock_id, "246810", av1::PIN_CHANNEL_BLUETOOTH, &own).ok());
  CHECK(own.access().end_time().seconds() == absl::ToUnixSeconds(key_end));
  av1::CreateCustomPinResponse second;
  auto one_only = f.CreateCustomPin(b.tenant, b.lock_id, "975310", av1::PIN_CHANNEL_BLUETOOTH, &second);
  CHECK(one_only.error_code() == Code::FAILED_PRECONDITION);
  CHECK_THAT(one_only.error_message(), Catch::Contains("already have a Custom PIN"));
  CHECK(f.CreateCustomPin(b.tenant, b.lock_id, "135790", av1::PIN_CHANNEL_BLUETOOTH, &own, clock.Now(),
                          key_end + absl::Hours(1)).error_code() == Code::FAILED_PRECONDITION);

  // Another lock of the building: no key there, nothing made.
  std::string other_lock = f.org.PairLock(b.owner, {b.property});
  f.Provision(b.owner, other_lock);
  CHECK(f.CreatePin(b.tenant, other_lock, av1::PIN_KIND_DURATION, start, start + absl::Hours(2), &pin)
            .error_code() == Code::PERMISSION_DENIED);

  // O5: the resident lists their key and what they made, not the Owner's PINs.
  av1::CreateRemotePinResponse owners;
  REQUIRE(f.CreatePin(b.owner, b.lock_id, av1::PIN_KIND_ONE_TIME, start, {}, &owners).ok());
  av1::ListAccessesResponse listed;
  REQUIRE(f.api->ListAccesses(f.org.As(b.tenant).get(), {}, &listed).ok());
  std::set<std::string> seen;
  for (const auto& a : listed.accesses()) seen.insert(a.id());
  CHECK(seen.count(owners.access().id()) == 0);
  CHECK(seen.count(key.access().id()) == 1);
  CHECK(seen.count(own.access().id()) == 1);
  av1::GetAccessRequest get;
  get.set_access_id(owners.access().id());
  av1::GetAccessResponse got;
  CHECK(f.api->GetAccess(f.org.As(b.tenant).get(), get, &got).error_code() == Code::NOT_FOUND);
  // A7 holds for a resident too: a lock in two departments takes no Custom PIN.
  std::string annex = f.org.CreateProperty(b.owner, "Annex");
  keyway::org::v1::UpdateDepartmentRequest widen;
  widen.mutable_department()->set_id(b.department);
  widen.mutable_department()->add_property_ids(b.property);
  widen.mutable_department()->add_property_ids(annex);
  widen.mutable_update_mask()->add_paths("property_ids");
  keyway::org::v1::UpdateDepartmentResponse widened;
  REQUIRE(f.org.api().UpdateDepartment(f.org.As(b.owner).get(), widen, &widened).ok());
  f.org.CreateDepartment(b.owner, "Estates", {annex});
  std::string shared_lock = f.org.PairLock(b.owner, {annex});
  f.Provision(b.owner, shared_lock);
  av1::CreateBluetoothKeyResponse shared_key;
  REQUIRE(f.CreateKey(b.owner, shared_lock, b.tenant.user_id, key_start, key_end, &shared_key, true).ok());
  auto two = f.CreateCustomPin(b.tenant, shared_lock, "864202", av1::PIN_CHANNEL_BLUETOOTH, &second);
  CHECK(two.error_code() == Code::FAILED_PRECONDITION);
  CHECK_THAT(two.error_message(), Catch::Contains("belongs to 2 departments"));

  // A resident may delete what they made, not their key.
  CHECK(f.Delete(b.tenant, key.access().id()).error_code() == Code::PERMISSION_DENIED);
  CHECK(f.Delete(b.tenant, own.access().id()).ok());
}

TEST_CASE("A14: S10: a resident racing themselves still gets one Custom PIN of their own") {
  AccessFixture f;
  Building b = OneBuilding(f);
  auto& clock = f.org.identity().clock();
  const absl::Time start = keyway::algopin::FloorToHour(clock.Now());
  av1::CreateBluetoothKeyResponse key;
  REQUIRE(f.CreateKey(b.owner, b.lock_id, b.tenant.user_id, start, start + absl::Hours(24 * 30), &key,
                      /*residential=*/true).ok());
  std::atomic<int> made{0}, refused{0};
  std::vector<std::thread> tries;
  for (int i = 0; i < 6; ++i) {
    tries.emplace_back([&, i] {
      av1::CreateCustomPinResponse out;
      auto st = f.CreateCustomPin(b.tenant, b.lock_id, "86420" + std::to_string(i),
                                  av1::PIN_CHANNEL_BLUETOOTH, &out);
      if (st.ok()) ++made;
      if (st.error_code() == Code::FAILED_PRECONDITION) ++refused;
    });
  }
  for (auto& t : tries) t.join();
  CHECK(made.load() == 1);
  CHECK(refused.load() == 5);
  CHECK(f.Count("SELECT count(*) FROM accesses WHERE type = 'custom_pin' AND created_by = '" +
                b.tenant.user_id + "'") == 1);
}
