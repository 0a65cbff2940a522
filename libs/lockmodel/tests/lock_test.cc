// The lock model: what Keyway issues opens the lock exactly inside its
// window, and never outside it, after revocation, or on another lock.
#include <catch2/catch.hpp>

#include "absl/strings/str_cat.h"
#include "keyway/core/random.h"
#include "keyway/lockmodel/lock.h"

using namespace keyway::lockmodel;
using keyway::algopin::RemotePin;

namespace {

const absl::Time kEpoch = absl::FromCivil(absl::CivilHour(2026, 3, 1, 0), absl::UTCTimeZone());

struct World {
  // Fixed secrets per world (`seed`): a code has a 1.5e-5 chance of meaning something to
  // another lock, and a test must not fail by chance once in a while.
  explicit World(char seed = 'w') : clock(kEpoch + absl::Hours(100)) {
    setup = {std::string(16, seed), std::string(32, seed), kEpoch, "lock-1"};
  }
  Lock Make() { return Lock(setup, clock); }
  std::string RemoteCode(const RemotePin& pin) {
    return *keyway::algopin::PinCodec::Create(setup.secret, setup.lock_id, kEpoch)->Encode(pin);
  }
  std::string Key(const std::string& key_id, absl::Time start, absl::Time end, bool unlock = true) {
    return IssueKeyCredential(setup.secret, {key_id, "user-1", "lock-1", {unlock, false, false},
                                             start, end});
  }
  keyway::core::FakeClock clock;
  LockSetup setup;
};

Job AddPin(const std::string& job, const std::string& id, const std::string& digits,
           absl::Time start = absl::InfinitePast(), absl::Time end = absl::InfiniteFuture()) {
  Job j{job, Job::Kind::kAddCustomPin, {id, digits, start, end}, {}, ""};
  return j;
}

}  // namespace

TEST_CASE("A5: A6: a Custom PIN opens once its job is applied, and not after its delete job") {
  World w;
  Lock lock = w.Make();
  CHECK(lock.TypePin("482913") == Outcome::kRefused);
  REQUIRE(lock.Apply(AddPin("job-1", "pin-1", "482913")).ok());
  CHECK(lock.TypePin("482913") == Outcome::kOpened);
  REQUIRE(lock.Apply({"job-2", Job::Kind::kDeleteCustomPin, {"pin-1", "", {}, {}}, {}, ""}).ok());
  CHECK(lock.TypePin("482913") == Outcome::kRefused);
}

TEST_CASE("J1: K3: a job delivered twice is applied once") {
  World w;
  Lock lock = w.Make();
  REQUIRE(lock.Apply(AddPin("job-1", "pin-1", "1111")).ok());
  REQUIRE(lock.Apply({"job-2", Job::Kind::kDeleteCustomPin, {"pin-1", "", {}, {}}, {}, ""}).ok());
  // The add is delivered again (at least once on the wire): nothing changes.
  REQUIRE(lock.Apply(AddPin("job-1", "pin-1", "1111")).ok());
  CHECK(lock.custom_pin_count() == 0);
  CHECK(lock.TypePin("1111") == Outcome::kRefused);
}

TEST_CASE("J2: after a hard reset the delete of a PIN it no longer has fails") {
  World w;
  Lock lock = w.Make();
  REQUIRE(lock.Apply(AddPin("job-1", "pin-1", "2222")).ok());
  lock.HardReset();
  CHECK(lock.TypePin("2222") == Outcome::kRefused);
  auto failed = lock.Apply({"job-2", Job::Kind::kDeleteCustomPin, {"pin-1", "", {}, {}}, {}, ""});
  CHECK(failed.code() == absl::StatusCode::kFailedPrecondition);
}

TEST_CASE("a Custom PIN works only inside its window") {
  World w;
  Lock lock = w.Make();
  absl::Time start = w.clock.Now() + absl::Hours(1), end = start + absl::Hours(2);
  REQUIRE(lock.Apply(AddPin("job-1", "pin-1", "33334444", start, end)).ok());
  CHECK(lock.TypePin("33334444") == Outcome::kRefused);
  w.clock.Set(start);
  CHECK(lock.TypePin("33334444") == Outcome::kOpened);
  w.clock.Set(end);
  CHECK(lock.TypePin("33334444") == Outcome::kRefused);
}

TEST_CASE("two Custom PINs with the same digits cannot live on one lock") {
  World w;
  Lock lock = w.Make();
  REQUIRE(lock.Apply(AddPin("job-1", "pin-1", "5555")).ok());
  CHECK(lock.Apply(AddPin("job-2", "pin-2", "5555")).code() == absl::StatusCode::kFailedPrecondition);
}

TEST_CASE("A2: A3: A13: Remote PINs open inside their window, not after revocation or elsewhere") {
  World w('w'), other('o');
  Lock lock = w.Make(), stranger = other.Make();
  absl::Time start = keyway::algopin::FloorToHour(w.clock.Now()) + absl::Hours(2);
  RemotePin pin{start, *keyway::algopin::LongestIndexWithin(absl::Hours(6)), 9};
  std::string code = w.RemoteCode(pin);
  CHECK(lock.TypePin(code) == Outcome::kRefused);  // two hours early
  w.clock.Set(start + absl::Minutes(5));
  other.clock.Set(start + absl::Minutes(5));
  CHECK(stranger.TypePin(code) == Outcome::kRefused);  // another lock's secret
  CHECK(lock.TypePin(code) == Outcome::kOpened);
  w.clock.Set(start + absl::Hours(6));
  CHECK(lock.TypePin(code) == Outcome::kRefused);  // ended
  RemotePin later{start + absl::Hours(24), pin.length_index, 1};
  w.clock.Set(later.start + absl::Hours(1));
  REQUIRE(lock.Apply({"job-r", Job::Kind::kRevokeRemotePin, {}, later, ""}).ok());
  CHECK(lock.TypePin(w.RemoteCode(later)) == Outcome::kRefused);
}

TEST_CASE("A8: A12: a Bluetooth key opens in its window, not when altered, revoked or elsewhere") {
  World w('w'), other('o');
  Lock lock = w.Make(), stranger = other.Make();
  absl::Time now = w.clock.Now();
  std::string key = w.Key("key-1", now - absl::Hours(1), now + absl::Hours(1));
  CHECK(lock.PresentKey(key) == Outcome::kOpened);
  CHECK(stranger.PresentKey(key) == Outcome::kRefused);
  std::string altered = key;
  altered[3] = altered[3] == 'A' ? 'B' : 'A';
  CHECK(lock.PresentKey(altered) == Outcome::kRefused);
  CHECK(lock.PresentKey(w.Key("key-2", now - absl::Hours(1), now + absl::Hours(1), false)) ==
        Outcome::kRefused);  // no unlock permission
  w.clock.Advance(absl::Hours(1));
  CHECK(lock.PresentKey(key) == Outcome::kRefused);  // ended
  std::string key3 = w.Key("key-3", w.clock.Now(), w.clock.Now() + absl::Hours(5));
  CHECK(lock.PresentKey(key3) == Outcome::kOpened);
  REQUIRE(lock.Apply({"job-k", Job::Kind::kRevokeKey, {}, {}, "key-3"}).ok());
  CHECK(lock.PresentKey(key3) == Outcome::kRefused);
}

TEST_CASE("5 wrong codes lock the keypad for 15 minutes, then 30, and only a quiet day forgets them") {
  World w;
  Lock lock = w.Make();
  REQUIRE(lock.Apply(AddPin("job-1", "pin-1", "7777")).ok());
  for (int i = 0; i < 5; ++i) CHECK(lock.TypePin("0000") == Outcome::kRefused);
  CHECK(lock.TypePin("7777") == Outcome::kLockedOut);  // even the right one
  w.clock.Advance(absl::Minutes(15));
  for (int i = 0; i < 5; ++i) CHECK(lock.TypePin("0000") == Outcome::kRefused);
  w.clock.Advance(absl::Minutes(29));
  CHECK(lock.TypePin("7777") == Outcome::kLockedOut);  // 30 minutes this time
  w.clock.Advance(absl::Minutes(1));
  CHECK(lock.TypePin("7777") == Outcome::kOpened);
  // A day without a wrong code forgets them: back to 15 minutes.
  w.clock.Advance(absl::Hours(24));
  for (int i = 0; i < 5; ++i) CHECK(lock.TypePin("0000") == Outcome::kRefused);
  w.clock.Advance(absl::Minutes(15));
  CHECK(lock.TypePin("7777") == Outcome::kOpened);
}

TEST_CASE("S7: a right code between guesses does not reset the count of wrong ones") {
  World w;
  Lock lock = w.Make();
  REQUIRE(lock.Apply(AddPin("job-1", "pin-1", "7777")).ok());
  // A tenant with a PIN of their own alternates guesses with it.
  for (int i = 0; i < 4; ++i) {
    CHECK(lock.TypePin(absl::StrCat("000", i)) == Outcome::kRefused);
    CHECK(lock.TypePin("7777") == Outcome::kOpened);
  }
  CHECK(lock.TypePin("0004") == Outcome::kRefused);  // the fifth wrong code
  CHECK(lock.TypePin("7777") == Outcome::kLockedOut);
  // Guessing on through the day: at most 40 guesses in the first 24 hours (docs/algopin.md).
  int guesses = 5;
  const absl::Time day_end = w.clock.Now() + absl::Hours(24);
  while (w.clock.Now() < day_end) {
    w.clock.Advance(absl::Minutes(1));
    if (lock.TypePin("7777") == Outcome::kLockedOut) continue;
    if (lock.TypePin("1234") != Outcome::kLockedOut) ++guesses;
  }
  CHECK(guesses <= 40);
}

TEST_CASE("S7: a hard reset never revives a revoked key, a revoked or used PIN, or the lockout") {
  World w;
  Lock lock = w.Make();
  absl::Time now = w.clock.Now();
  std::string key = w.Key("key-1", now - absl::Hours(1), now + absl::Hours(48));
  REQUIRE(lock.PresentKey(key) == Outcome::kOpened);
  REQUIRE(lock.Apply({"job-k", Job::Kind::kRevokeKey, {}, {}, "key-1"}).ok());
  absl::Time start = keyway::algopin::FloorToHour(now);
  RemotePin revoked{start, *keyway::algopin::LongestIndexWithin(absl::Hours(48)), 3};
  RemotePin once{start, keyway::algopin::kOneTimeIndex, 4};
  REQUIRE(lock.Apply({"job-r", Job::Kind::kRevokeRemotePin, {}, revoked, ""}).ok());
  REQUIRE(lock.TypePin(w.RemoteCode(once)) == Outcome::kOpened);
  lock.HardReset();
  CHECK(lock.PresentKey(key) == Outcome::kRefused);
  CHECK(lock.TypePin(w.RemoteCode(revoked)) == Outcome::kRefused);
  CHECK(lock.TypePin(w.RemoteCode(once)) == Outcome::kRefused);
  // On another lock: four wrong codes, a reset, one more: locked out all the same.
  World w2('v');
  Lock fresh = w2.Make();
  for (int i = 0; i < 4; ++i) REQUIRE(fresh.TypePin("0000") == Outcome::kRefused);
  fresh.HardReset();
  CHECK(fresh.TypePin("0000") == Outcome::kRefused);
  CHECK(fresh.TypePin(w2.RemoteCode(RemotePin{start, once.length_index, 5})) ==
        Outcome::kLockedOut);
}

TEST_CASE("K4: the activity log names PINs and keys by id, never by their digits") {
  World w;
  Lock lock = w.Make();
  REQUIRE(lock.Apply(AddPin("job-1", "pin-1", "90817263")).ok());
  REQUIRE(lock.TypePin("90817263") == Outcome::kOpened);
  REQUIRE(lock.TypePin("11112222") == Outcome::kRefused);
  bool opened = false;
  for (const auto& a : lock.activity()) {
    CHECK(a.detail.find("90817263") == std::string::npos);
    CHECK(a.detail.find("11112222") == std::string::npos);
    opened |= a.event == "unlock.custom_pin" && a.detail == "pin-1";
  }
  CHECK(opened);
}

TEST_CASE("L6: an Unlock command is obeyed until its deadline and refused after it") {
  World w;
  Lock lock = w.Make();
  Job unlock;
  unlock.id = "job-unlock";
  unlock.kind = Job::Kind::kUnlock;
  unlock.not_after = w.clock.Now() + absl::Seconds(60);
  Job late = unlock;
  late.id = "job-late";
  REQUIRE(lock.Apply(unlock).ok());
  CHECK(lock.bolt_open());
  Job relock{"job-lock", Job::Kind::kLock, {}, {}, ""};
  REQUIRE(lock.Apply(relock).ok());
  CHECK_FALSE(lock.bolt_open());
  w.clock.Set(w.clock.Now() + absl::Seconds(61));
  CHECK(lock.Apply(late).code() == absl::StatusCode::kFailedPrecondition);
  CHECK_FALSE(lock.bolt_open());
  CHECK(lock.activity().back().event == "job.expired");
}
