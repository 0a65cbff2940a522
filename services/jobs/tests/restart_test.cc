// K3: nothing acknowledged is lost when jobs or Redis stop: requests and
// outcomes wait in streams and outboxes, and are applied once when they return.
#include "jobs_fixture.h"

using namespace keyway::jobs::testing;

namespace {

std::string NewPin(JobsFixture& j, const Account& owner, const std::string& lock,
                   const std::string& digits) {
  av1::CreateCustomPinResponse made;
  auto s = j.f.CreateCustomPin(owner, lock, digits, av1::PIN_CHANNEL_BLUETOOTH, &made);
  INFO(s.error_message());
  REQUIRE(s.ok());
  return made.access().id();
}

std::pair<Account, std::string> OneLock(JobsFixture& j) {
  Account owner = j.f.org.NewOrganisation();
  std::string property = j.f.org.CreateProperty(owner, "House");
  j.f.org.CreateDepartment(owner, "House", {property});
  std::string lock = j.f.org.PairLock(owner, {property});
  j.f.Provision(owner, lock);
  return {owner, lock};
}

}  // namespace

TEST_CASE("K3: a job requested while the jobs service is down is made when it returns, once") {
  JobsFixture j;
  auto [owner, lock] = OneLock(j);
  j.Stop();
  std::string pin = NewPin(j, owner, lock, "6543");  // access accepts it: the request waits
  j.Start();
  jv1::Job job = j.AwaitJob(owner, pin, absl::Seconds(15));
  CHECK(job.state() == jv1::JOB_STATE_PENDING);
  REQUIRE(j.Report(job.id(), jv1::JOB_OUTCOME_COMPLETED, "").ok());
  j.f.AwaitStatus(owner, pin, av1::ACCESS_STATUS_ACTIVE);
  CHECK(j.Count("SELECT count(*) FROM jobs") == 1);
}

TEST_CASE("K3: a job's outcome reported while Redis is down reaches access when Redis returns") {
  keyway::testing::PrivateServers servers;
  JobsFixture j(servers.ports().redis_port);
  auto [owner, lock] = OneLock(j);
  std::string pin = NewPin(j, owner, lock, "7654");
  jv1::Job job = j.AwaitJob(owner, pin);

  servers.StopRedis();
  jv1::Job reported;
  REQUIRE(j.Report(job.id(), jv1::JOB_OUTCOME_COMPLETED, "", &reported).ok());  // acknowledged
  CHECK(reported.state() == jv1::JOB_STATE_COMPLETED);
  CHECK(j.Count("SELECT count(*) FROM outbox_events") >= 1);  // JobCompleted waits here
  // A Custom PIN made meanwhile waits in access's outbox the same way.
  std::string later = NewPin(j, owner, lock, "8765");
  CHECK(j.f.Get(owner, pin).status() == av1::ACCESS_STATUS_PENDING);

  servers.StartRedis();
  j.f.AwaitStatus(owner, pin, av1::ACCESS_STATUS_ACTIVE, absl::Seconds(30));
  jv1::Job later_job = j.AwaitJob(owner, later, absl::Seconds(30));
  CHECK(later_job.state() == jv1::JOB_STATE_PENDING);
  CHECK(j.Count("SELECT count(*) FROM jobs") == 2);
}
