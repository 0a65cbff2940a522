// S6: the lock applies only jobs sealed for it, each once, and signs what it
// did; a forged, altered or replayed job changes nothing.
#include <catch2/catch.hpp>

#include "keyway/access/v1/access_events.pb.h"
#include "keyway/algopin/custom_pin.h"
#include "keyway/jobs/v1/lock_job.pb.h"
#include "keyway/jobseal/job_result.h"
#include "keyway/jobseal/secret_rotation.h"
#include "keyway/jobseal/sealed_job.h"
#include "keyway/algopin/remote_pin.h"
#include "keyway/lockmodel/lock.h"

using namespace keyway::lockmodel;
namespace av1 = keyway::access::v1;
namespace jv1 = keyway::jobs::v1;
using keyway::jobseal::LockJob;

namespace {

const absl::Time kEpoch = absl::FromCivil(absl::CivilHour(2026, 3, 1, 0), absl::UTCTimeZone());
const std::string kLockId = "5a0f4a57-4a9e-4c39-8d0b-2b8a6f0e9c11";

struct Sealed {
  Sealed() : clock(kEpoch + absl::Hours(100)) {}
  Lock Make() { return Lock({std::string(16, 'l'), secret, kEpoch, kLockId}, clock); }

  // access's request to add a Custom PIN, sealed as access seals it.
  std::string AddPin(const std::string& job_id, uint64_t counter, const std::string& digits,
                     absl::Time end = absl::InfiniteFuture()) {
    return keyway::jobseal::SealJob(secret, AddPinJob(job_id, counter, digits, end));
  }
  LockJob AddPinJob(const std::string& job_id, uint64_t counter, const std::string& digits,
                    absl::Time end) {
    av1::LockJobRequested r;
    r.set_job_id(job_id);
    r.set_lock_id(kLockId);
    r.set_access_id("pin-" + job_id);
    r.set_kind(av1::LockJobRequested::KIND_ADD_CUSTOM_PIN);
    r.set_sealed_pin(keyway::algopin::SealCustomPin(secret, digits));
    r.mutable_custom_pin_start_time()->set_seconds(absl::ToUnixSeconds(kEpoch));
    if (end != absl::InfiniteFuture()) r.mutable_custom_pin_end_time()->set_seconds(absl::ToUnixSeconds(end));
    return {job_id, kLockId, jv1::JOB_KIND_ADD_CUSTOM_PIN, counter, r.SerializeAsString(), absl::InfiniteFuture()};
  }
  std::string DeletePin(const std::string& job_id, uint64_t counter, const std::string& pin_job) {
    av1::LockJobRequested r;
    r.set_job_id(job_id);
    r.set_lock_id(kLockId);
    r.set_access_id("pin-" + pin_job);
    r.set_kind(av1::LockJobRequested::KIND_DELETE_CUSTOM_PIN);
    return keyway::jobseal::SealJob(
        secret, {job_id, kLockId, jv1::JOB_KIND_DELETE_CUSTOM_PIN, counter, r.SerializeAsString(), absl::InfiniteFuture()});
  }
  std::string Command(const std::string& job_id, uint64_t counter, jv1::JobKind kind) {
    return keyway::jobseal::SealJob(
        secret, {job_id, kLockId, kind, counter, "", clock.Now() + absl::Seconds(60)});
  }

  keyway::core::FakeClock clock;
  std::string secret = std::string(32, 'k');
};

}  // namespace

TEST_CASE("S6: the lock applies a job sealed for it and signs what it did") {
  Sealed w;
  Lock lock = w.Make();
  auto answer = lock.Receive(w.AddPin("job-1", 1, "482913"));
  REQUIRE(answer.ok());
  CHECK(answer->job_id == "job-1");
  CHECK(answer->outcome == jv1::JOB_OUTCOME_COMPLETED);
  CHECK(lock.TypePin("482913") == Outcome::kOpened);
  const std::string key = keyway::jobseal::ResultKey(w.secret);
  CHECK(keyway::jobseal::VerifyResult(key, {kLockId, "job-1", answer->outcome, answer->reason},
                                      answer->signature));
  // A carrier that turns the answer into another cannot keep the signature.
  CHECK_FALSE(keyway::jobseal::VerifyResult(
      key, {kLockId, "job-1", jv1::JOB_OUTCOME_FAILED, "lost"}, answer->signature));

  // What the lock cannot do is signed too: the same digits twice.
  auto clash = lock.Receive(w.AddPin("job-2", 2, "482913"));
  REQUIRE(clash.ok());
  CHECK(clash->outcome == jv1::JOB_OUTCOME_FAILED);
  CHECK(keyway::jobseal::VerifyResult(key, {kLockId, "job-2", clash->outcome, clash->reason},
                                      clash->signature));
}

TEST_CASE("S6: a forged Unlock, another lock's job or one altered on the way changes nothing") {
  Sealed w;
  Lock lock = w.Make();
  // Forged: sealed by someone without the lock's secret.
  const std::string forged = keyway::jobseal::SealJob(
      std::string(32, 'x'), {"job-f", kLockId, jv1::JOB_KIND_UNLOCK, 1, "", absl::InfiniteFuture()});
  CHECK(lock.Receive(forged).status().code() == absl::StatusCode::kUnauthenticated);
  // Not sealed at all: the request as the jobs service stored it.
  CHECK(lock.Receive(w.AddPinJob("job-u", 2, "5555", absl::InfiniteFuture()).request).status().code() ==
        absl::StatusCode::kUnauthenticated);
  // Sealed for another lock, with its own secret: the same.
  Sealed other;
  other.secret = std::string(32, 'o');
  CHECK(!lock.Receive(other.Command("job-o", 1, jv1::JOB_KIND_UNLOCK)).ok());
  CHECK_FALSE(lock.bolt_open());

  // A Custom PIN for an afternoon, whose end a carrier strips off.
  const absl::Time end = w.clock.Now() + absl::Hours(4);
  LockJob pin = w.AddPinJob("job-w", 3, "90817263", end);
  jv1::SealedLockJob envelope;
  REQUIRE(envelope.ParseFromString(keyway::jobseal::SealJob(w.secret, pin)));
  av1::LockJobRequested request;
  REQUIRE(request.ParseFromString(pin.request));
  request.clear_custom_pin_end_time();
  jv1::LockJobBody body;
  REQUIRE(body.ParseFromString(envelope.body()));
  body.set_request(request.SerializeAsString());
  envelope.set_body(body.SerializeAsString());
  CHECK(lock.Receive(envelope.SerializeAsString()).status().code() ==
        absl::StatusCode::kUnauthenticated);
  CHECK(lock.custom_pin_count() == 0);
  CHECK(lock.activity().back().event == "refused.job");
}

TEST_CASE("S6: a replayed job never applies again, not even after a hard reset") {
  Sealed w;
  Lock lock = w.Make();
  const std::string add = w.AddPin("job-1", 1, "24681357");
  REQUIRE(lock.Receive(add)->outcome == jv1::JOB_OUTCOME_COMPLETED);
  REQUIRE(lock.Receive(w.DeletePin("job-2", 2, "job-1"))->outcome == jv1::JOB_OUTCOME_COMPLETED);
  // Delivered again before a reset: done already, nothing changes.
  CHECK(lock.Receive(add)->outcome == jv1::JOB_OUTCOME_COMPLETED);
  CHECK(lock.TypePin("24681357") == Outcome::kRefused);
  // Someone who kept the old add presses reset and replays it.
  lock.HardReset();
  auto replayed = lock.Receive(add);
  REQUIRE(replayed.ok());
  CHECK(replayed->outcome == jv1::JOB_OUTCOME_FAILED);
  CHECK(lock.TypePin("24681357") == Outcome::kRefused);
  CHECK(lock.custom_pin_count() == 0);

  // An Unlock kept and sent again after the Lock that followed it.
  const std::string unlock = w.Command("job-3", 3, jv1::JOB_KIND_UNLOCK);
  REQUIRE(lock.Receive(unlock)->outcome == jv1::JOB_OUTCOME_COMPLETED);
  REQUIRE(lock.Receive(w.Command("job-4", 4, jv1::JOB_KIND_LOCK))->outcome == jv1::JOB_OUTCOME_COMPLETED);
  (void)lock.Receive(unlock);
  CHECK_FALSE(lock.bolt_open());
  lock.HardReset();
  CHECK(lock.Receive(unlock)->outcome == jv1::JOB_OUTCOME_FAILED);
  CHECK_FALSE(lock.bolt_open());
}

TEST_CASE("S6: a job far behind the newest the lock applied is refused, one within the window is not") {
  Sealed w;
  Lock lock = w.Make();
  REQUIRE(lock.Receive(w.Command("job-new", 5000, jv1::JOB_KIND_SYNC))->outcome ==
          jv1::JOB_OUTCOME_COMPLETED);
  auto old = lock.Receive(w.AddPin("job-old", 5000 - kJobReplayWindow, "1357"));
  CHECK(old->outcome == jv1::JOB_OUTCOME_FAILED);
  CHECK(lock.custom_pin_count() == 0);
  // Delivered out of order, but within the window: applied.
  CHECK(lock.Receive(w.AddPin("job-late", 4999, "1357"))->outcome == jv1::JOB_OUTCOME_COMPLETED);
  CHECK(lock.TypePin("1357") == Outcome::kOpened);
}

TEST_CASE("S7: once a rotation lands, the old secret's Remote PINs and keys stop, its earlier jobs still apply, forged ones do not") {
  Sealed w;
  Lock lock = w.Make();
  const std::string old_secret = w.secret;
  const std::string new_secret(32, 'n');
  auto codec = [&](const std::string& secret) {
    return *keyway::algopin::PinCodec::Create(secret, std::string(16, 'l'), kEpoch);
  };
  const keyway::algopin::RemotePin permanent{kEpoch + absl::Hours(99), keyway::algopin::kPermanentIndex, 7};
  const std::string old_code = *codec(old_secret).Encode(permanent);
  auto key = [&](const std::string& secret) {
    return IssueKeyCredential(secret, {"key-1", "user-1", kLockId, {true, false, false},
                                       kEpoch, kEpoch + absl::Hours(1000)});
  };
  REQUIRE(lock.TypePin(old_code) == Outcome::kOpened);
  REQUIRE(lock.PresentKey(key(old_secret)) == Outcome::kOpened);
  REQUIRE(lock.Receive(w.AddPin("job-1", 1, "1212"))->outcome == jv1::JOB_OUTCOME_COMPLETED);
  const std::string sealed_before = w.AddPin("job-2", 2, "3434");  // on its way, not delivered yet

  av1::LockJobRequested rotate;
  rotate.set_job_id("job-3");
  rotate.set_lock_id(kLockId);
  rotate.set_kind(av1::LockJobRequested::KIND_ROTATE_SECRET);
  rotate.set_new_secret_sealed(keyway::jobseal::SealNewSecret(old_secret, new_secret));
  auto rotated = lock.Receive(keyway::jobseal::SealJob(
      old_secret, {"job-3", kLockId, jv1::JOB_KIND_ROTATE_SECRET, 3, rotate.SerializeAsString(),
                   absl::InfiniteFuture()}));
  REQUIRE(rotated.ok());
  REQUIRE(rotated->outcome == jv1::JOB_OUTCOME_COMPLETED);
  // Answered under the secret that sealed it: jobs holds that one's key.
  CHECK(keyway::jobseal::VerifyResult(keyway::jobseal::ResultKey(old_secret),
                                      {kLockId, "job-3", rotated->outcome, rotated->reason},
                                      rotated->signature));
  CHECK(lock.secret() == new_secret);

  // The old secret's credentials end; the new one's work; Custom PINs stay.
  CHECK(lock.TypePin(old_code) == Outcome::kRefused);
  CHECK(lock.PresentKey(key(old_secret)) == Outcome::kRefused);
  CHECK(lock.PresentKey(key(new_secret)) == Outcome::kOpened);
  w.clock.Advance(absl::Minutes(30));  // past the lockout the refused code could have begun
  CHECK(lock.TypePin(*codec(new_secret).Encode(permanent)) == Outcome::kOpened);
  CHECK(lock.TypePin("1212") == Outcome::kOpened);

  // A job sealed before the rotation still applies, answered under the old key.
  auto before = lock.Receive(sealed_before);
  REQUIRE(before.ok());
  CHECK(before->outcome == jv1::JOB_OUTCOME_COMPLETED);
  CHECK(keyway::jobseal::VerifyResult(keyway::jobseal::ResultKey(old_secret),
                                      {kLockId, "job-2", before->outcome, before->reason},
                                      before->signature));
  // Whoever kept the old secret cannot make one after it.
  CHECK(lock.Receive(w.Command("job-4", 4, jv1::JOB_KIND_UNLOCK)).status().code() ==
        absl::StatusCode::kUnauthenticated);
  CHECK_FALSE(lock.bolt_open());
  w.secret = new_secret;
  CHECK(lock.Receive(w.Command("job-5", 5, jv1::JOB_KIND_UNLOCK))->outcome == jv1::JOB_OUTCOME_COMPLETED);
  CHECK(lock.bolt_open());
}
