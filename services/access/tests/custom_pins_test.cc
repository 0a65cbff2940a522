// A5-A7, A13, K1, K4 for Custom PINs: pending until the job's outcome comes
// back, sealed for the lock on the way, never stored or sent in the clear.
#include <atomic>
#include <thread>

#include "access_fixture.h"
#include "keyway/core/hash.h"

using namespace keyway::access::testing;
using keyway::lockmodel::Outcome;

namespace {

struct Site {
  Account owner;
  std::string lock_id;
  av1::ProvisionLockResponse provisioned;
};

// A departmental organisation with one department holding one lock.
Site OneLockInADepartment(AccessFixture& f, const std::string& model = "IGB4") {
  Site s;
  s.owner = f.org.NewOrganisation();
  std::string property = f.org.CreateProperty(s.owner, "House");
  f.org.CreateDepartment(s.owner, "Lettings", {property});
  s.lock_id = f.org.PairLock(s.owner, {property}, model);
  s.provisioned = f.Provision(s.owner, s.lock_id);
  return s;
}

}  // namespace

TEST_CASE("A5: a Custom PIN via Bluetooth is pending until its job completes, and opens the lock") {
  AccessFixture f;
  Site s = OneLockInADepartment(f);
  auto lock = f.LockFor(s.lock_id, s.provisioned);
  av1::CreateCustomPinResponse made;
  auto status = f.CreateCustomPin(s.owner, s.lock_id, "482913", av1::PIN_CHANNEL_BLUETOOTH, &made);
  INFO(status.error_message());
  REQUIRE(status.ok());
  CHECK(made.access().status() == av1::ACCESS_STATUS_PENDING);
  CHECK(made.access().type() == av1::ACCESS_TYPE_CUSTOM_PIN);
  CHECK(made.access().channel() == av1::PIN_CHANNEL_BLUETOOTH);

  auto job = f.AwaitJob(made.access().id(), av1::LockJobRequested::KIND_ADD_CUSTOM_PIN);
  CHECK(job.channel() == av1::PIN_CHANNEL_BLUETOOTH);
  CHECK(job.requested_by_user_id() == s.owner.user_id);
  CHECK(lock.TypePin("482913") == Outcome::kRefused);  // not at the lock yet
  REQUIRE(lock.Apply(JobFor(job, s.provisioned.secret())).ok());
  CHECK(lock.TypePin("482913") == Outcome::kOpened);
  CHECK(f.Get(s.owner, made.access().id()).status() == av1::ACCESS_STATUS_PENDING);
  f.PublishJobOutcome(job, true);
  f.AwaitStatus(s.owner, made.access().id(), av1::ACCESS_STATUS_ACTIVE);
  // D5: an active Custom PIN counts among the lock's active PINs.
  av1::GetLockPinFactsRequest facts_req;
  facts_req.add_lock_ids(s.lock_id);
  av1::GetLockPinFactsResponse facts;
  REQUIRE(f.api->GetLockPinFacts(f.org.As(s.owner).get(), facts_req, &facts).ok());
  CHECK(facts.active_pin_count() == 1);
  CHECK(facts.custom_pin_lock_ids_size() == 1);
}

TEST_CASE("A6: a Custom PIN via Bridge needs a Bridge linked to the lock") {
  AccessFixture f;
  Site s = OneLockInADepartment(f);
  av1::CreateCustomPinResponse made;
  auto refused = f.CreateCustomPin(s.owner, s.lock_id, "2468", av1::PIN_CHANNEL_BRIDGE, &made);
  CHECK(refused.error_code() == Code::FAILED_PRECONDITION);
  CHECK_THAT(refused.error_message(), Catch::Contains("has no Bridge"));

  keyway::org::v1::CreateAccessoryRequest bridge;
  bridge.set_kind(keyway::org::v1::ACCESSORY_KIND_BRIDGE);
  bridge.set_serial_number("BR-" + keyway::core::RandomToken(6));
  bridge.set_name("Hall bridge");
  bridge.add_lock_ids(s.lock_id);
  keyway::org::v1::CreateAccessoryResponse linked;
  REQUIRE(f.org.api().CreateAccessory(f.org.As(s.owner).get(), bridge, &linked).ok());
  REQUIRE(f.CreateCustomPin(s.owner, s.lock_id, "2468", av1::PIN_CHANNEL_BRIDGE, &made).ok());
  auto job = f.AwaitJob(made.access().id(), av1::LockJobRequested::KIND_ADD_CUSTOM_PIN);
  CHECK(job.channel() == av1::PIN_CHANNEL_BRIDGE);
  CHECK(made.access().status() == av1::ACCESS_STATUS_PENDING);
}

TEST_CASE("A5: A6: a failed job deletes the pending Custom PIN and says why") {
  AccessFixture f;
  Site s = OneLockInADepartment(f);
  av1::CreateCustomPinResponse made;
  REQUIRE(f.CreateCustomPin(s.owner, s.lock_id, "1357", av1::PIN_CHANNEL_BLUETOOTH, &made).ok());
  auto job = f.AwaitJob(made.access().id(), av1::LockJobRequested::KIND_ADD_CUSTOM_PIN);
  f.PublishJobOutcome(job, false, "the lock was hard reset");
  auto a = f.AwaitStatus(s.owner, made.access().id(), av1::ACCESS_STATUS_DELETED);
  CHECK(a.status_reason() == "the lock refused the PIN: the lock was hard reset");
  // The digits are free again.
  REQUIRE(f.CreateCustomPin(s.owner, s.lock_id, "1357", av1::PIN_CHANNEL_BLUETOOTH, &made).ok());
}

TEST_CASE("A5: Custom PINs are 4 to 10 digits and differ from every live PIN of the lock") {
  AccessFixture f;
  Site s = OneLockInADepartment(f);
  av1::CreateCustomPinResponse made;
  for (const char* bad : {"123", "12345678901", "12a4", ""}) {
    auto refused = f.CreateCustomPin(s.owner, s.lock_id, bad, av1::PIN_CHANNEL_BLUETOOTH, &made);
    CHECK(refused.error_code() == Code::INVALID_ARGUMENT);
  }
  CHECK(f.CreateCustomPin(s.owner, s.lock_id, "5555", av1::PIN_CHANNEL_UNSPECIFIED, &made)
            .error_code() == Code::INVALID_ARGUMENT);
  REQUIRE(f.CreateCustomPin(s.owner, s.lock_id, "5555", av1::PIN_CHANNEL_BLUETOOTH, &made).ok());
  std::string first = made.access().id();
  auto twin = f.CreateCustomPin(s.owner, s.lock_id, "5555", av1::PIN_CHANNEL_BLUETOOTH, &made);
  CHECK(twin.error_code() == Code::ALREADY_EXISTS);
  CHECK_THAT(twin.error_message(), Catch::Contains("could not tell the two apart"));
  // Another lock may hold the same digits.
  std::string property = f.org.CreateProperty(s.owner, "Annex");
  f.org.CreateDepartment(s.owner, "Annex", {property});
  std::string other = f.org.PairLock(s.owner, {property});
  f.Provision(s.owner, other);
  CHECK(f.CreateCustomPin(s.owner, other, "5555", av1::PIN_CHANNEL_BLUETOOTH, &made).ok());

  // A 10-digit Custom PIN equal to a live Remote PIN of the lock.
  av1::CreateRemotePinResponse remote;
  absl::Time start = NextHour(f.org.identity().clock());
  REQUIRE(f.CreatePin(s.owner, s.lock_id, av1::PIN_KIND_PERMANENT, start, {}, &remote).ok());
  CHECK(f.CreateCustomPin(s.owner, s.lock_id, remote.pin(), av1::PIN_CHANNEL_BLUETOOTH, &made)
            .error_code() == Code::ALREADY_EXISTS);

  // Once the first is deleted at the lock its digits may be used again.
  av1::Access deleting;
  REQUIRE(f.Delete(s.owner, first, &deleting).ok());
  CHECK(deleting.status() == av1::ACCESS_STATUS_DELETING);
  CHECK(f.CreateCustomPin(s.owner, s.lock_id, "5555", av1::PIN_CHANNEL_BLUETOOTH, &made)
            .error_code() == Code::ALREADY_EXISTS);  // the lock still holds it
  f.PublishJobOutcome(f.AwaitJob(first, av1::LockJobRequested::KIND_DELETE_CUSTOM_PIN), true);
  f.AwaitStatus(s.owner, first, av1::ACCESS_STATUS_DELETED);
  CHECK(f.CreateCustomPin(s.owner, s.lock_id, "5555", av1::PIN_CHANNEL_BLUETOOTH, &made).ok());
}

TEST_CASE("A7: a Custom PIN needs a lock in exactly one department") {
  AccessFixture f;
  Account owner = f.org.NewOrganisation();
  std::string property = f.org.CreateProperty(owner, "Shared block");
  std::string lock = f.org.PairLock(owner, {property});
  f.Provision(owner, lock);
  av1::CreateCustomPinResponse made;
  auto none = f.CreateCustomPin(owner, lock, "8080", av1::PIN_CHANNEL_BLUETOOTH, &made);
  CHECK(none.error_code() == Code::FAILED_PRECONDITION);
  CHECK_THAT(none.error_message(), Catch::Contains("belongs to 0 departments") && Catch::Contains("A7"));
  f.org.CreateDepartment(owner, "Lettings", {property});
  f.org.CreateDepartment(owner, "Maintenance", {property});
  auto two = f.CreateCustomPin(owner, lock, "8080", av1::PIN_CHANNEL_BLUETOOTH, &made);
  CHECK(two.error_code() == Code::FAILED_PRECONDITION);
  CHECK_THAT(two.error_message(), Catch::Contains("belongs to 2 departments"));
  CHECK(f.Count("SELECT count(*) FROM accesses") == 0);

  // A flat organisation has no departments to count.
  Account flat_owner = f.org.NewOrganisation(keyway::org::v1::ORGANISATION_KIND_FLAT);
  std::string flat_lock = f.org.PairLock(flat_owner, {f.org.CreateProperty(flat_owner, "Cottage")});
  f.Provision(flat_owner, flat_lock);
  CHECK(f.CreateCustomPin(flat_owner, flat_lock, "8080", av1::PIN_CHANNEL_BLUETOOTH, &made).ok());
}

TEST_CASE("A13: a deleted Custom PIN works until its delete job lands, then never") {
  AccessFixture f;
  Site s = OneLockInADepartment(f);
  auto lock = f.LockFor(s.lock_id, s.provisioned);
  av1::CreateCustomPinResponse made;
  REQUIRE(f.CreateCustomPin(s.owner, s.lock_id, "7391", av1::PIN_CHANNEL_BLUETOOTH, &made).ok());
  auto add = f.AwaitJob(made.access().id(), av1::LockJobRequested::KIND_ADD_CUSTOM_PIN);
  REQUIRE(lock.Apply(JobFor(add, s.provisioned.secret())).ok());
  f.PublishJobOutcome(add, true);
  f.AwaitStatus(s.owner, made.access().id(), av1::ACCESS_STATUS_ACTIVE);

  av1::Access deleting;
  REQUIRE(f.Delete(s.owner, made.access().id(), &deleting).ok());
  CHECK(deleting.status() == av1::ACCESS_STATUS_DELETING);
  CHECK(lock.TypePin("7391") == Outcome::kOpened);  // the job is on its way
  auto del = f.AwaitJob(made.access().id(), av1::LockJobRequested::KIND_DELETE_CUSTOM_PIN);
  CHECK(del.channel() == av1::PIN_CHANNEL_BLUETOOTH);
  REQUIRE(lock.Apply(JobFor(del, s.provisioned.secret())).ok());
  CHECK(lock.TypePin("7391") == Outcome::kRefused);
  // A late outcome of the add job changes nothing.
  f.PublishJobOutcome(add, true);
  f.PublishJobOutcome(del, true);
  f.AwaitStatus(s.owner, made.access().id(), av1::ACCESS_STATUS_DELETED);
  // Deleting again is a no-op, not an error.
  av1::Access again;
  REQUIRE(f.Delete(s.owner, made.access().id(), &again).ok());
  CHECK(again.status() == av1::ACCESS_STATUS_DELETED);
}

TEST_CASE("K1: K4: a Custom PIN's digits are never stored or sent in the clear") {
  AccessFixture f;
  Site s = OneLockInADepartment(f);
  av1::CreateCustomPinResponse first, replay;
  REQUIRE(f.CreateCustomPin(s.owner, s.lock_id, "90817263", av1::PIN_CHANNEL_BLUETOOTH, &first, {}, {},
                            "req-1").ok());
  REQUIRE(f.CreateCustomPin(s.owner, s.lock_id, "90817263", av1::PIN_CHANNEL_BLUETOOTH, &replay, {}, {},
                            "req-1").ok());
  CHECK(replay.access().id() == first.access().id());
  CHECK(f.Count("SELECT count(*) FROM accesses") == 1);
  CHECK(f.CreateCustomPin(s.owner, s.lock_id, "11112222", av1::PIN_CHANNEL_BLUETOOTH, &replay, {}, {},
                          "req-1").error_code() == Code::INVALID_ARGUMENT);  // same key, other request
  auto job = f.AwaitJob(first.access().id(), av1::LockJobRequested::KIND_ADD_CUSTOM_PIN);
  CHECK(job.sealed_pin().find("90817263") == std::string::npos);
  CHECK(job.SerializeAsString().find("90817263") == std::string::npos);
  const char* digits_anywhere =
      "SELECT (SELECT count(*) FROM accesses WHERE position('\\x3930383137323633'::bytea IN "
      "  coalesce(pin_digest, '')) > 0 OR name LIKE '%90817263%')"
      " + (SELECT count(*) FROM idempotency_keys WHERE position('90817263' IN encode(response, 'escape')) > 0)"
      " + (SELECT count(*) FROM audit_events WHERE details::text LIKE '%90817263%')";
  CHECK(f.Count(digits_anywhere) == 0);
  // The stored fingerprint is not the hash of the request as sent (which a
  // thief could match by trying every 8-digit PIN).
  av1::CreateCustomPinRequest as_sent;
  as_sent.set_lock_id(s.lock_id);
  as_sent.set_pin("90817263");
  as_sent.set_name("Cleaner");
  as_sent.set_channel(av1::PIN_CHANNEL_BLUETOOTH);
  as_sent.set_request_id("req-1");
  const std::string guessable =
      keyway::core::Sha256Hex(as_sent.GetTypeName() + ":" + as_sent.SerializeAsString());
  CHECK(f.Count("SELECT count(*) FROM idempotency_keys") == 1);
  CHECK(f.Count("SELECT count(*) FROM idempotency_keys WHERE fingerprint = '" + guessable + "'") == 0);
}

TEST_CASE("K4: A5: trying codes to find a lock's PINs is stopped after 5 refusals a day") {
  AccessFixture f;
  Site s = OneLockInADepartment(f);
  Account admin = f.org.AddMember(s.owner, idv1::ROLE_ADMIN);
  av1::CreateCustomPinResponse made;
  REQUIRE(f.CreateCustomPin(s.owner, s.lock_id, "3141", av1::PIN_CHANNEL_BLUETOOTH, &made).ok());
  for (int i = 0; i < 5; ++i) {
    CHECK(f.CreateCustomPin(admin, s.lock_id, "3141", av1::PIN_CHANNEL_BLUETOOTH, &made).error_code() ==
          Code::ALREADY_EXISTS);
  }
  auto stopped = f.CreateCustomPin(admin, s.lock_id, "2718", av1::PIN_CHANNEL_BLUETOOTH, &made);
  CHECK(stopped.error_code() == Code::RESOURCE_EXHAUSTED);
  CHECK_THAT(stopped.error_message(), Catch::Contains("try again tomorrow"));
  // Others are not held back; a day later the admin may try again.
  CHECK(f.CreateCustomPin(s.owner, s.lock_id, "2718", av1::PIN_CHANNEL_BLUETOOTH, &made).ok());
  f.org.identity().clock().Advance(absl::Hours(25));
  admin = f.org.LogIn(admin);
  CHECK(f.CreateCustomPin(admin, s.lock_id, "1618", av1::PIN_CHANNEL_BLUETOOTH, &made).ok());
}

TEST_CASE("S10: K4: concurrent tries of taken digits are refused 5 times a day in all, not 5 each") {
  AccessFixture f;
  Site s = OneLockInADepartment(f);
  Account admin = f.org.AddMember(s.owner, idv1::ROLE_ADMIN);
  av1::CreateCustomPinResponse made;
  REQUIRE(f.CreateCustomPin(s.owner, s.lock_id, "3141", av1::PIN_CHANNEL_BLUETOOTH, &made).ok());
  std::atomic<int> taken{0}, stopped{0};
  std::vector<std::thread> tries;
  for (int i = 0; i < 12; ++i) {
    tries.emplace_back([&] {
      av1::CreateCustomPinResponse out;
      auto st = f.CreateCustomPin(admin, s.lock_id, "3141", av1::PIN_CHANNEL_BLUETOOTH, &out);
      if (st.error_code() == Code::ALREADY_EXISTS) ++taken;
      if (st.error_code() == Code::RESOURCE_EXHAUSTED) ++stopped;
    });
  }
  for (auto& t : tries) t.join();
  // Five answers say the digits are taken; the rest say nothing about them.
  CHECK(taken.load() == 5);
  CHECK(stopped.load() == 7);
  CHECK(f.Count("SELECT count(*) FROM custom_pin_refusals") == 5);
  // A create that is not refused gives its count back.
  REQUIRE(f.CreateCustomPin(s.owner, s.lock_id, "2718", av1::PIN_CHANNEL_BLUETOOTH, &made).ok());
  CHECK(f.Count("SELECT count(*) FROM custom_pin_refusals WHERE user_id = '" + s.owner.user_id + "'") == 0);
}
