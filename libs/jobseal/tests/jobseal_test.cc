// S6: a job opens only for the lock it was sealed for, exactly as sealed; a
// result verifies only as the lock signed it.
#include <catch2/catch.hpp>

#include "keyway/jobs/v1/lock_job.pb.h"
#include "keyway/jobseal/job_result.h"
#include "keyway/jobseal/sealed_job.h"

using namespace keyway::jobseal;
namespace jv1 = keyway::jobs::v1;

namespace {

const std::string kSecret(32, 's');
const std::string kLock = "7d3c0c47-3b0e-4a53-9a39-9c1f4f7b2a10";

LockJob Unlock() {
  return {"job-1", kLock, jv1::JOB_KIND_UNLOCK, 7, "", absl::FromUnixSeconds(1'800'000'000)};
}

}  // namespace

TEST_CASE("S6: a sealed job opens for its lock, exactly as sealed") {
  auto opened = OpenJob(kSecret, kLock, SealJob(kSecret, Unlock()));
  REQUIRE(opened.ok());
  CHECK(*opened == Unlock());
  LockJob no_window = Unlock();
  no_window.not_after = absl::InfiniteFuture();
  CHECK(*OpenJob(kSecret, kLock, SealJob(kSecret, no_window)) == no_window);
}

TEST_CASE("S6: a job altered in any byte, or stripped of its window, does not open") {
  const std::string sealed = SealJob(kSecret, Unlock());
  for (size_t i = 0; i < sealed.size(); ++i) {
    std::string altered = sealed;
    altered[i] ^= 0x01;
    INFO("byte " << i);
    CHECK(OpenJob(kSecret, kLock, altered).status().code() == absl::StatusCode::kUnauthenticated);
  }
  // A carrier re-writes the body without its window, keeping the MAC.
  jv1::SealedLockJob envelope;
  REQUIRE(envelope.ParseFromString(sealed));
  jv1::LockJobBody body;
  REQUIRE(body.ParseFromString(envelope.body()));
  body.clear_not_after();
  envelope.set_body(body.SerializeAsString());
  CHECK(OpenJob(kSecret, kLock, envelope.SerializeAsString()).status().code() ==
        absl::StatusCode::kUnauthenticated);
  CHECK(!OpenJob(kSecret, kLock, "").ok());
  CHECK(!OpenJob(kSecret, kLock, sealed.substr(0, sealed.size() / 2)).ok());
}

TEST_CASE("S6: a job sealed under another secret, or for another lock, does not open") {
  CHECK(OpenJob(kSecret, kLock, SealJob(std::string(32, 't'), Unlock())).status().code() ==
        absl::StatusCode::kUnauthenticated);
  auto other = OpenJob(kSecret, "another-lock", SealJob(kSecret, Unlock()));
  CHECK(other.status().code() == absl::StatusCode::kUnauthenticated);
  CHECK(other.status().message() == "the job is sealed for another lock");
  LockJob uncounted = Unlock();
  uncounted.counter = 0;
  CHECK(!OpenJob(kSecret, kLock, SealJob(kSecret, uncounted)).ok());
}

TEST_CASE("S6: a result verifies under its lock's key, for exactly what the lock said") {
  const JobResultFacts facts{kLock, "job-1", jv1::JOB_OUTCOME_COMPLETED, ""};
  const std::string key = ResultKey(kSecret);
  const std::string signature = SignResult(kSecret, facts);
  CHECK(key.size() == 32);
  CHECK(VerifyResult(key, facts, signature));
  CHECK_FALSE(VerifyResult(ResultKey(std::string(32, 't')), facts, signature));
  CHECK_FALSE(VerifyResult(key, facts, SignResult(std::string(32, 't'), facts)));
  JobResultFacts failed = facts;
  failed.outcome = jv1::JOB_OUTCOME_FAILED;
  CHECK_FALSE(VerifyResult(key, failed, signature));
  JobResultFacts other_job = facts;
  other_job.job_id = "job-2";
  CHECK_FALSE(VerifyResult(key, other_job, signature));
  JobResultFacts other_lock = facts;
  other_lock.lock_id = "another-lock";
  CHECK_FALSE(VerifyResult(key, other_lock, signature));
  // The reason is the lock's word too, and lengths keep fields apart.
  JobResultFacts reasoned{kLock, "job-1", jv1::JOB_OUTCOME_FAILED, "hard reset"};
  CHECK(VerifyResult(key, reasoned, SignResult(kSecret, reasoned)));
  JobResultFacts reworded = reasoned;
  reworded.reason = "hard reset!";
  CHECK_FALSE(VerifyResult(key, reworded, SignResult(kSecret, reasoned)));
  CHECK_FALSE(VerifyResult(key, facts, ""));
  CHECK_FALSE(VerifyResult("", facts, signature));
}
