// J1-J4 across identity, org, access and jobs: access's job requests become
// jobs; the gateway's reports settle them and access follows (A5, A6).
#include "jobs_fixture.h"

using namespace keyway::jobs::testing;

namespace {

struct Site {
  Account owner;
  std::string property, department, lock_id;
};

// A departmental organisation with one department holding one provisioned lock.
Site OneLock(JobsFixture& j, const std::string& name = "House") {
  Site s;
  s.owner = j.f.org.NewOrganisation();
  s.property = j.f.org.CreateProperty(s.owner, name);
  s.department = j.f.org.CreateDepartment(s.owner, name, {s.property});
  s.lock_id = j.f.org.PairLock(s.owner, {s.property});
  j.f.Provision(s.owner, s.lock_id);
  return s;
}

std::string NewCustomPin(JobsFixture& j, const Account& by, const std::string& lock,
                         const std::string& digits) {
  av1::CreateCustomPinResponse made;
  auto s = j.f.CreateCustomPin(by, lock, digits, av1::PIN_CHANNEL_BLUETOOTH, &made);
  INFO(s.error_message());
  REQUIRE(s.ok());
  return made.access().id();
}

// The add job of `access_id` fails at the lock (J2), and access has heard: the PIN is deleted.
jv1::Job FailedAdd(JobsFixture& j, const Account& by, const std::string& access_id) {
  jv1::Job add = j.AwaitJob(by, access_id);
  REQUIRE(j.Report(add.id(), jv1::JOB_OUTCOME_FAILED, "the lock was hard reset").ok());
  j.f.AwaitStatus(by, access_id, av1::ACCESS_STATUS_DELETED);
  return add;
}

}  // namespace

TEST_CASE("J1: A5: a Custom PIN's job comes to jobs, and its completion makes the PIN active") {
  JobsFixture j;
  Site s = OneLock(j);
  std::string access_id = NewCustomPin(j, s.owner, s.lock_id, "864209");
  jv1::Job job = j.AwaitJob(s.owner, access_id);
  CHECK(job.state() == jv1::JOB_STATE_PENDING);
  CHECK(job.kind() == jv1::JOB_KIND_ADD_CUSTOM_PIN);
  CHECK(job.channel() == jv1::JOB_CHANNEL_BLUETOOTH);
  CHECK(job.lock_id() == s.lock_id);
  CHECK(job.requested_by_user_id() == s.owner.user_id);
  // K4: jobs holds the request with the digits sealed for the lock.
  CHECK(j.Count("SELECT count(*) FROM jobs WHERE position('864209'::bytea IN request) > 0") == 0);
  CHECK(j.Count("SELECT count(*) FROM jobs") == 1);

  jv1::Job reported;
  REQUIRE(j.Report(job.id(), jv1::JOB_OUTCOME_COMPLETED, "", &reported).ok());
  CHECK(reported.state() == jv1::JOB_STATE_COMPLETED);
  j.f.AwaitStatus(s.owner, access_id, av1::ACCESS_STATUS_ACTIVE);
  // The pending tab no longer shows it; the completed tab does.
  jv1::ListJobsRequest tab;
  tab.set_state(jv1::JOB_STATE_PENDING);
  jv1::ListJobsResponse listed;
  REQUIRE(j.api->ListJobs(j.f.org.As(s.owner).get(), tab, &listed).ok());
  CHECK(listed.jobs_size() == 0);
  tab.set_state(jv1::JOB_STATE_COMPLETED);
  REQUIRE(j.api->ListJobs(j.f.org.As(s.owner).get(), tab, &listed).ok());
  CHECK(listed.jobs_size() == 1);
}

TEST_CASE("J2: a job not reached stays pending, a failed one needs a reason and fails the PIN") {
  JobsFixture j;
  Site s = OneLock(j);
  std::string access_id = NewCustomPin(j, s.owner, s.lock_id, "1470");
  jv1::Job job = j.AwaitJob(s.owner, access_id);

  // Only the gateway reports.
  CHECK(j.Report(job.id(), jv1::JOB_OUTCOME_COMPLETED, "", nullptr, "not-the-gateway").error_code() ==
        grpc::StatusCode::UNAUTHENTICATED);
  CHECK(j.Report(job.id(), jv1::JOB_OUTCOME_COMPLETED, "", nullptr, s.owner.access_token).error_code() ==
        grpc::StatusCode::UNAUTHENTICATED);
  CHECK(j.Report(job.id(), jv1::JOB_OUTCOME_UNSPECIFIED, "").error_code() ==
        grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(j.Report(keyway::core::NewUuid(), jv1::JOB_OUTCOME_COMPLETED, "").error_code() ==
        grpc::StatusCode::NOT_FOUND);

  jv1::Job reported;
  REQUIRE(j.Report(job.id(), jv1::JOB_OUTCOME_NOT_REACHED, "the app lost Bluetooth", &reported).ok());
  CHECK(reported.state() == jv1::JOB_STATE_PENDING);
  CHECK(reported.reason() == "the app lost Bluetooth");
  CHECK(j.Report(job.id(), jv1::JOB_OUTCOME_FAILED, "").error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  REQUIRE(j.Report(job.id(), jv1::JOB_OUTCOME_FAILED, "the lock was hard reset", &reported).ok());
  CHECK(reported.state() == jv1::JOB_STATE_FAILED);
  auto a = j.f.AwaitStatus(s.owner, access_id, av1::ACCESS_STATUS_DELETED);
  CHECK(a.status_reason() == "the lock refused the PIN: the lock was hard reset");
  // The same report again is fine; a change of mind is not.
  CHECK(j.Report(job.id(), jv1::JOB_OUTCOME_FAILED, "the lock was hard reset").ok());
  CHECK(j.Report(job.id(), jv1::JOB_OUTCOME_COMPLETED, "").error_code() ==
        grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_CASE("J4: a Failed job is recreated once, and any job can be deleted") {
  JobsFixture j;
  Site s = OneLock(j);
  jv1::Job job = j.AwaitJob(s.owner, NewCustomPin(j, s.owner, s.lock_id, "2580"));
  jv1::Job recreated;
  auto pending = j.RecreateJob(s.owner, job.id(), &recreated);
  CHECK(pending.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  CHECK_THAT(pending.error_message(), Catch::Contains("only a Failed job"));

  REQUIRE(j.Report(job.id(), jv1::JOB_OUTCOME_FAILED, "the lock was hard reset").ok());
  REQUIRE(j.RecreateJob(s.owner, job.id(), &recreated).ok());
  CHECK(recreated.state() == jv1::JOB_STATE_PENDING);
  CHECK(recreated.recreated());
  CHECK(recreated.reason().empty());
  REQUIRE(j.Report(job.id(), jv1::JOB_OUTCOME_FAILED, "the lock was hard reset again").ok());
  auto twice = j.RecreateJob(s.owner, job.id());
  CHECK(twice.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  CHECK_THAT(twice.error_message(), Catch::Contains("recreated once"));

  REQUIRE(j.DeleteJob(s.owner, job.id()).ok());
  CHECK(j.Get(s.owner, job.id()).error_code() == grpc::StatusCode::NOT_FOUND);
  CHECK(j.Report(job.id(), jv1::JOB_OUTCOME_COMPLETED, "").error_code() == grpc::StatusCode::NOT_FOUND);
  jv1::ListJobsResponse listed;
  REQUIRE(j.api->ListJobs(j.f.org.As(s.owner).get(), {}, &listed).ok());
  CHECK(listed.jobs_size() == 0);
}

TEST_CASE("J3: O6: Owners and Admins see every lock's jobs, Managers their departments', Lock Users none") {
  JobsFixture j;
  Site s = OneLock(j, "North");
  Account admin = j.f.org.AddMember(s.owner, idv1::ROLE_ADMIN);
  Account manager = j.f.org.AddMember(s.owner, idv1::ROLE_MANAGER);
  Account tenant = j.f.org.AddMember(s.owner, idv1::ROLE_LOCK_USER);
  std::string south = j.f.org.CreateProperty(s.owner, "South");
  j.f.org.CreateDepartment(s.owner, "South", {south}, {manager.user_id});
  manager = j.f.org.LogIn(manager);
  std::string south_lock = j.f.org.PairLock(s.owner, {south});
  j.f.Provision(s.owner, south_lock);
  jv1::Job north_job = j.AwaitJob(s.owner, NewCustomPin(j, s.owner, s.lock_id, "1111"));
  jv1::Job south_job = j.AwaitJob(s.owner, NewCustomPin(j, s.owner, south_lock, "2222"));

  jv1::ListJobsResponse listed;
  REQUIRE(j.api->ListJobs(j.f.org.As(admin).get(), {}, &listed).ok());
  CHECK(listed.jobs_size() == 2);
  REQUIRE(j.api->ListJobs(j.f.org.As(manager).get(), {}, &listed).ok());
  REQUIRE(listed.jobs_size() == 1);
  CHECK(listed.jobs(0).id() == south_job.id());
  CHECK(j.Get(manager, north_job.id()).error_code() == grpc::StatusCode::PERMISSION_DENIED);
  CHECK(j.Get(manager, south_job.id()).ok());
  CHECK(j.api->ListJobs(j.f.org.As(tenant).get(), {}, &listed).error_code() ==
        grpc::StatusCode::PERMISSION_DENIED);
  Account stranger = j.f.org.NewOrganisation();
  CHECK(j.Get(stranger, north_job.id()).error_code() == grpc::StatusCode::NOT_FOUND);
  CHECK(j.DeleteJob(manager, north_job.id()).error_code() == grpc::StatusCode::PERMISSION_DENIED);
  CHECK(j.Count("SELECT count(*) FROM jobs WHERE deleted_at IS NULL") == 2);
}

TEST_CASE("J1: K3: a job request delivered twice makes one job") {
  JobsFixture j;
  Site s = OneLock(j);
  av1::LockJobRequested request;
  request.set_job_id(keyway::core::NewUuid());
  request.set_organisation_id(s.owner.organisation_id);
  request.set_lock_id(s.lock_id);
  request.set_access_id(keyway::core::NewUuid());
  request.set_kind(av1::LockJobRequested::KIND_REVOKE_KEY);
  request.set_key_id(keyway::core::NewUuid());
  keyway::redis::Client redis("127.0.0.1", keyway::testing::SharedServers().redis_port);
  auto deliver = [&](const av1::LockJobRequested& r) {
    REQUIRE(redis
                .XAdd(j.f.stream, {{"event_id", keyway::core::NewUuid()},
                                   {"type", r.GetTypeName()},
                                   {"org", s.owner.organisation_id},
                                   {"payload", r.SerializeAsString()}})
                .ok());
  };
  deliver(request);  // two deliveries under two event ids, as a relay retrying after a crash makes
  deliver(request);
  // A third request after them: once its job exists, the stream was read past both.
  av1::LockJobRequested marker = request;
  marker.set_job_id(keyway::core::NewUuid());
  marker.set_access_id(keyway::core::NewUuid());
  deliver(marker);
  j.AwaitJob(s.owner, marker.access_id());
  jv1::Job job = j.AwaitJob(s.owner, request.access_id());
  CHECK(job.kind() == jv1::JOB_KIND_REVOKE_KEY);
  CHECK(job.channel() == jv1::JOB_CHANNEL_UNSPECIFIED);
  CHECK(j.Count("SELECT count(*) FROM jobs") == 2);
}

TEST_CASE("J4: a recreated job brings its Custom PIN back, and deleting the access stops recreating") {
  JobsFixture j;
  Site s = OneLock(j);
  auto recreate = [&](const std::string& job_id) { return j.RecreateJob(s.owner, job_id); };

  // Recreated: the PIN waits for the job again and is not deleted from the access list.
  std::string revived = NewCustomPin(j, s.owner, s.lock_id, "3690");
  jv1::Job first = FailedAdd(j, s.owner, revived);
  REQUIRE(recreate(first.id()).ok());
  j.f.AwaitStatus(s.owner, revived, av1::ACCESS_STATUS_PENDING);
  auto blocked = j.f.Delete(s.owner, revived);
  CHECK(blocked.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  CHECK_THAT(blocked.error_message(), Catch::Contains("J4"));
  REQUIRE(j.Report(first.id(), jv1::JOB_OUTCOME_COMPLETED, "").ok());
  j.f.AwaitStatus(s.owner, revived, av1::ACCESS_STATUS_ACTIVE);

  // Deleting the access of a failed job: the job is never recreated.
  std::string dropped = NewCustomPin(j, s.owner, s.lock_id, "4812");
  jv1::Job second = FailedAdd(j, s.owner, dropped);
  REQUIRE(j.f.Delete(s.owner, dropped).ok());
  const std::string marked =
      "SELECT count(*) FROM jobs WHERE access_deleted AND id = '" + second.id() + "'";
  for (int i = 0; i < 200 && j.Count(marked) == 0; ++i) absl::SleepFor(absl::Milliseconds(25));
  auto refused = recreate(second.id());
  CHECK(refused.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  CHECK_THAT(refused.error_message(), Catch::Contains("access was deleted"));

  // Deleting a pending job: its PIN will never reach the lock.
  std::string orphan = NewCustomPin(j, s.owner, s.lock_id, "5923");
  REQUIRE(j.DeleteJob(s.owner, j.AwaitJob(s.owner, orphan).id()).ok());
  auto gone = j.f.AwaitStatus(s.owner, orphan, av1::ACCESS_STATUS_DELETED);
  CHECK(gone.status_reason() == "its job was deleted before it reached the lock");
}

TEST_CASE("A13: J4: a pending revocation is not dropped, and deleting a settled job changes no access") {
  JobsFixture j;
  Site s = OneLock(j);
  auto delete_job = [&](const std::string& job_id) { return j.DeleteJob(s.owner, job_id); };
  av1::CreateRemotePinResponse remote;
  REQUIRE(j.f.CreatePin(s.owner, s.lock_id, av1::PIN_KIND_PERMANENT, NextHour(j.f.org.identity().clock()),
                        {}, &remote).ok());
  REQUIRE(j.f.Delete(s.owner, remote.access().id()).ok());
  jv1::Job revoke = j.AwaitJob(s.owner, remote.access().id());
  CHECK(revoke.kind() == jv1::JOB_KIND_REVOKE_REMOTE_PIN);
  auto kept = delete_job(revoke.id());
  CHECK(kept.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  CHECK_THAT(kept.error_message(), Catch::Contains("not dropped"));

  std::string settled = NewCustomPin(j, s.owner, s.lock_id, "7007");
  jv1::Job done = j.AwaitJob(s.owner, settled);
  REQUIRE(j.Report(done.id(), jv1::JOB_OUTCOME_COMPLETED, "").ok());
  j.f.AwaitStatus(s.owner, settled, av1::ACCESS_STATUS_ACTIVE);
  REQUIRE(delete_job(done.id()).ok());
  // A later outcome on the same stream: once access has it, it has read past
  // anything the delete could have published.
  std::string marker = NewCustomPin(j, s.owner, s.lock_id, "8008");
  REQUIRE(j.Report(j.AwaitJob(s.owner, marker).id(), jv1::JOB_OUTCOME_COMPLETED, "").ok());
  j.f.AwaitStatus(s.owner, marker, av1::ACCESS_STATUS_ACTIVE);
  CHECK(j.f.Get(s.owner, settled).status() == av1::ACCESS_STATUS_ACTIVE);
}

TEST_CASE("L6: K1: a command job is made once per request id, never sent late, and fails when not delivered") {
  JobsFixture j;
  Site s = OneLock(j);
  auto& clock = j.f.org.identity().clock();
  jv1::CreateCommandJobRequest create;
  create.set_organisation_id(s.owner.organisation_id);
  create.set_lock_id(s.lock_id);
  create.set_kind(jv1::JOB_KIND_UNLOCK);
  create.set_requested_by_user_id(s.owner.user_id);
  create.set_request_id("unlock-once");
  auto command = [&](jv1::CreateCommandJobResponse* out) {
    auto ctx = keyway::rpc::MakeContext(absl::Seconds(5), j.gateway_token);
    return j.internal->CreateCommandJob(ctx.get(), create, out);
  };
  jv1::CreateCommandJobResponse first, again;
  REQUIRE(command(&first).ok());
  REQUIRE(command(&again).ok());
  CHECK(first.job().id() == again.job().id());
  CHECK(first.job().channel() == jv1::JOB_CHANNEL_BRIDGE);
  create.set_kind(jv1::JOB_KIND_LOCK);  // the same key for another command
  CHECK(command(&again).error_code() != grpc::StatusCode::OK);
  create.set_kind(jv1::JOB_KIND_ADD_CUSTOM_PIN);
  create.set_request_id("");
  CHECK(command(&again).error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(j.Count("SELECT count(*) FROM jobs") == 1);

  // A minute later the Bridge is back: the Unlock is not handed to it.
  clock.Set(clock.Now() + absl::Seconds(61));
  jv1::ClaimJobsRequest claim;
  claim.set_lock_id(s.lock_id);
  claim.set_channel(jv1::JOB_CHANNEL_BRIDGE);
  jv1::ClaimJobsResponse claimed;
  auto ctx = keyway::rpc::MakeContext(absl::Seconds(5), j.gateway_token);
  REQUIRE(j.internal->ClaimJobs(ctx.get(), claim, &claimed).ok());
  CHECK(claimed.jobs_size() == 0);
  // Past a grace for an answer already on its way, it fails.
  clock.Set(clock.Now() + absl::Seconds(30));
  auto later = keyway::rpc::MakeContext(absl::Seconds(5), j.gateway_token);
  REQUIRE(j.internal->ClaimJobs(later.get(), claim, &claimed).ok());
  s.owner = j.f.org.LogIn(s.owner);
  jv1::Job expired;
  REQUIRE(j.Get(s.owner, first.job().id(), &expired).ok());
  CHECK(expired.state() == jv1::JOB_STATE_FAILED);
  CHECK(expired.reason().find("L6") != std::string::npos);
}

TEST_CASE("S3: a command names a lock of its own organisation, and only the gateway asks") {
  JobsFixture j;
  Site s = OneLock(j);
  Site other = OneLock(j);  // another organisation's lock
  jv1::CreateCommandJobRequest create;
  create.set_organisation_id(s.owner.organisation_id);
  create.set_lock_id(other.lock_id);
  create.set_kind(jv1::JOB_KIND_UNLOCK);
  create.set_requested_by_user_id(s.owner.user_id);
  jv1::CreateCommandJobResponse made;
  auto as = [&](const std::string& token) { return keyway::rpc::MakeContext(absl::Seconds(5), token); };
  // The gateway's word that the lock is this organisation's is checked with org.
  CHECK(j.internal->CreateCommandJob(as(j.gateway_token).get(), create, &made).error_code() ==
        grpc::StatusCode::NOT_FOUND);
  create.set_lock_id(s.lock_id);
  // Nobody else may ask: an Owner's own token, another service's credential.
  CHECK(j.internal->CreateCommandJob(as(s.owner.access_token).get(), create, &made).error_code() ==
        grpc::StatusCode::UNAUTHENTICATED);
  CHECK(j.internal
            ->CreateCommandJob(as(keyway::testing::ServiceCredential("access")).get(), create, &made)
            .error_code() == grpc::StatusCode::UNAUTHENTICATED);
  CHECK(j.Count("SELECT count(*) FROM jobs") == 0);
  CHECK(j.internal->CreateCommandJob(as(j.gateway_token).get(), create, &made).ok());
}

TEST_CASE("J1: the gateway claims the pending Bridge jobs of many locks in one call") {
  JobsFixture j;
  Site s = OneLock(j);
  const std::string second_lock = j.f.org.PairLock(s.owner, {s.property});
  auto command = [&](const std::string& lock) {
    jv1::CreateCommandJobRequest create;
    create.set_organisation_id(s.owner.organisation_id);
    create.set_lock_id(lock);
    create.set_kind(jv1::JOB_KIND_SYNC);
    create.set_requested_by_user_id(s.owner.user_id);
    jv1::CreateCommandJobResponse made;
    auto ctx = keyway::rpc::MakeContext(absl::Seconds(5), j.gateway_token);
    REQUIRE(j.internal->CreateCommandJob(ctx.get(), create, &made).ok());
    return made.job().id();
  };
  const std::set<std::string> made = {command(s.lock_id), command(second_lock)};
  jv1::ClaimJobsRequest claim;
  claim.set_channel(jv1::JOB_CHANNEL_BRIDGE);
  claim.add_lock_ids(s.lock_id);
  claim.add_lock_ids(second_lock);
  jv1::ClaimJobsResponse claimed;
  auto ctx = keyway::rpc::MakeContext(absl::Seconds(5), j.gateway_token);
  REQUIRE(j.internal->ClaimJobs(ctx.get(), claim, &claimed).ok());
  std::set<std::string> got;
  for (const auto& c : claimed.jobs()) got.insert(c.job().id());
  CHECK(got == made);

  claim.set_lock_id(s.lock_id);  // both forms at once: refused
  auto ctx2 = keyway::rpc::MakeContext(absl::Seconds(5), j.gateway_token);
  CHECK(j.internal->ClaimJobs(ctx2.get(), claim, &claimed).error_code() == grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_CASE("A13: J4: a Custom PIN that reaches the lock after its job was deleted is taken off again") {
  JobsFixture j;
  Site s = OneLock(j);
  std::string access_id = NewCustomPin(j, s.owner, s.lock_id, "246810");
  jv1::Job add = j.AwaitJob(s.owner, access_id);
  REQUIRE(j.DeleteJob(s.owner, add.id()).ok());
  j.f.AwaitStatus(s.owner, access_id, av1::ACCESS_STATUS_DELETED);

  // The app had taken the job before it was deleted: the lock applied it.
  jv1::Job reported;
  REQUIRE(j.Report(add.id(), jv1::JOB_OUTCOME_COMPLETED, "", &reported).ok());
  CHECK(reported.state() == jv1::JOB_STATE_COMPLETED);
  auto deleting = j.f.AwaitStatus(s.owner, access_id, av1::ACCESS_STATUS_DELETING);
  CHECK_THAT(deleting.status_reason(), Catch::Contains("reached the lock after it was deleted"));
  jv1::Job take_off = j.AwaitJob(s.owner, access_id, absl::Seconds(5), jv1::JOB_KIND_DELETE_CUSTOM_PIN);
  CHECK(take_off.channel() == jv1::JOB_CHANNEL_BLUETOOTH);
  CHECK(take_off.requested_by_user_id() == "system");
  auto kept = j.DeleteJob(s.owner, take_off.id());  // only it takes the PIN off the lock
  CHECK(kept.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  CHECK_THAT(kept.error_message(), Catch::Contains("not dropped"));
  // A deleted job settled is gone for everyone, as any deleted job.
  CHECK(j.Get(s.owner, add.id()).error_code() == grpc::StatusCode::NOT_FOUND);
  CHECK(j.Report(add.id(), jv1::JOB_OUTCOME_FAILED, "late").error_code() == grpc::StatusCode::NOT_FOUND);

  REQUIRE(j.Report(take_off.id(), jv1::JOB_OUTCOME_COMPLETED, "").ok());
  auto gone = j.f.AwaitStatus(s.owner, access_id, av1::ACCESS_STATUS_DELETED);
  CHECK(gone.status_reason().empty());
}

TEST_CASE("J4: a recreate that crossed a person's delete of the access is dropped, and undone at the lock") {
  JobsFixture j;
  Site s = OneLock(j);
  std::string access_id = NewCustomPin(j, s.owner, s.lock_id, "135792");
  jv1::Job add = FailedAdd(j, s.owner, access_id);
  REQUIRE(j.RecreateJob(s.owner, add.id()).ok());
  j.f.AwaitStatus(s.owner, access_id, av1::ACCESS_STATUS_PENDING);

  // access had taken a person's delete just before it heard of the recreation:
  // its AccessDeleted reaches jobs after the recreation.
  av1::AccessDeleted crossed;
  crossed.set_organisation_id(s.owner.organisation_id);
  crossed.set_access_id(access_id);
  crossed.set_job_id(add.id());
  keyway::redis::Client redis("127.0.0.1", j.f.org.redis_port());
  REQUIRE(redis
              .XAdd(j.f.stream, {{"event_id", keyway::core::NewUuid()},
                                 {"type", crossed.GetTypeName()},
                                 {"org", s.owner.organisation_id},
                                 {"payload", crossed.SerializeAsString()}})
              .ok());
  // The delete wins: the job is not sent, and the PIN is deleted.
  auto dropped = j.f.AwaitStatus(s.owner, access_id, av1::ACCESS_STATUS_DELETED);
  CHECK(dropped.status_reason() == "its job was deleted before it reached the lock");
  CHECK(j.Get(s.owner, add.id()).error_code() == grpc::StatusCode::NOT_FOUND);
  jv1::ClaimJobsRequest claim;
  claim.set_lock_id(s.lock_id);
  claim.set_channel(jv1::JOB_CHANNEL_BLUETOOTH);
  jv1::ClaimJobsResponse claimed;
  auto ctx = keyway::rpc::MakeContext(absl::Seconds(5), j.gateway_token);
  REQUIRE(j.internal->ClaimJobs(ctx.get(), claim, &claimed).ok());
  CHECK(claimed.jobs_size() == 0);
  CHECK(j.RecreateJob(s.owner, add.id()).error_code() == grpc::StatusCode::NOT_FOUND);

  // Had the app taken it on its way, the lock's PIN is taken off again.
  REQUIRE(j.Report(add.id(), jv1::JOB_OUTCOME_COMPLETED, "").ok());
  j.f.AwaitStatus(s.owner, access_id, av1::ACCESS_STATUS_DELETING);
  j.AwaitJob(s.owner, access_id, absl::Seconds(5), jv1::JOB_KIND_DELETE_CUSTOM_PIN);
}

TEST_CASE("J4: a recreated job whose digits another live PIN took meanwhile does not bring its PIN back") {
  JobsFixture j;
  Site s = OneLock(j);
  std::string first = NewCustomPin(j, s.owner, s.lock_id, "424242");
  jv1::Job add = FailedAdd(j, s.owner, first);
  std::string second = NewCustomPin(j, s.owner, s.lock_id, "424242");  // free again
  REQUIRE(j.RecreateJob(s.owner, add.id()).ok());
  // Once access has heard of the recreation, the first PIN says why it stays deleted.
  av1::Access a;
  for (int i = 0; i < 200; ++i) {
    a = j.f.Get(s.owner, first);
    if (a.status_reason().find("recreated") != std::string::npos) break;
    absl::SleepFor(absl::Milliseconds(25));
  }
  CHECK(a.status() == av1::ACCESS_STATUS_DELETED);
  CHECK(a.status_reason() == "its job was recreated, but its digits are another live PIN's now");
  CHECK(j.f.Get(s.owner, second).status() == av1::ACCESS_STATUS_PENDING);
  // Had the recreated job reached the lock anyway, it is taken off again;
  // the PIN stays deleted, as the digits are the second PIN's.
  REQUIRE(j.Report(add.id(), jv1::JOB_OUTCOME_COMPLETED, "").ok());
  jv1::Job take_off = j.AwaitJob(s.owner, first, absl::Seconds(5), jv1::JOB_KIND_DELETE_CUSTOM_PIN);
  CHECK(take_off.requested_by_user_id() == "system");
  a = j.f.Get(s.owner, first);
  CHECK(a.status() == av1::ACCESS_STATUS_DELETED);
  CHECK_THAT(a.status_reason(), Catch::Contains("a delete job takes it off"));
  CHECK(j.f.Get(s.owner, second).status() == av1::ACCESS_STATUS_PENDING);
}

TEST_CASE("A13: J4: a PIN whose delete job is deleted before its add landed waits for the add again") {
  JobsFixture j;
  Site s = OneLock(j);
  std::string pin = NewCustomPin(j, s.owner, s.lock_id, "515151");
  jv1::Job add = j.AwaitJob(s.owner, pin);
  REQUIRE(j.f.Delete(s.owner, pin).ok());  // while its add is pending
  jv1::Job del = j.AwaitJob(s.owner, pin, absl::Seconds(5), jv1::JOB_KIND_DELETE_CUSTOM_PIN);
  REQUIRE(j.DeleteJob(s.owner, del.id()).ok());
  auto waiting = j.f.AwaitStatus(s.owner, pin, av1::ACCESS_STATUS_PENDING);
  CHECK(waiting.status_reason() == "its delete job was deleted: it waits for its add job");

  // The add fails at the lock; the person deletes the PIN: its job is never recreated (J4).
  REQUIRE(j.Report(add.id(), jv1::JOB_OUTCOME_FAILED, "the lock was hard reset").ok());
  j.f.AwaitStatus(s.owner, pin, av1::ACCESS_STATUS_DELETED);
  REQUIRE(j.f.Delete(s.owner, pin).ok());
  const std::string marked = "SELECT count(*) FROM jobs WHERE access_deleted AND id = '" + add.id() + "'";
  for (int i = 0; i < 200 && j.Count(marked) == 0; ++i) absl::SleepFor(absl::Milliseconds(25));
  auto refused = j.RecreateJob(s.owner, add.id());
  CHECK(refused.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  CHECK_THAT(refused.error_message(), Catch::Contains("access was deleted"));
}
