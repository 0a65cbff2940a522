// A5, A13, J1-J3, L1, L5 end to end with the lock model as the lock: a Custom PIN by
// Bluetooth waits for an app sync, reaches the lock sealed, and turns active
// when the next sync reports it applied.
#include "device_answer.h"
#include "gateway_fixture.h"
#include "keyway/jobseal/job_result.h"

using namespace keyway::gateway::testing;
using keyway::lockmodel::Outcome;

namespace {

class AppFixture : public GatewayFixture {
 public:
  // One sync of the app at `lock_id`: results in, jobs out.
  grpc::Status Sync(const Account& by, const std::string& lock_id,
                    const std::vector<gv1::JobResult>& results, std::vector<gv1::DeviceJob>* jobs) {
    gv1::AppSyncRequest req;
    req.set_lock_id(lock_id);
    for (const auto& r : results) *req.add_results() = r;
    gv1::AppSyncResponse resp;
    auto s = api->AppSync(j.f.org.As(by).get(), req, &resp);
    jobs->assign(resp.jobs().begin(), resp.jobs().end());
    return s;
  }

  // What the app does at the lock: hands it each job, and carries back its
  // signed answer (S6).
  std::vector<gv1::JobResult> Apply(keyway::lockmodel::Lock& lock,
                                    const std::vector<gv1::DeviceJob>& jobs) {
    std::vector<gv1::JobResult> results;
    for (const auto& dj : jobs) {
      results.push_back(keyway::locksim::AnswerJob(lock, dj));
      INFO(results.back().reason());
      REQUIRE(results.back().outcome() != jv1::JOB_OUTCOME_NOT_REACHED);
    }
    return results;
  }
};

Door OneDoor(AppFixture& a) { return keyway::gateway::testing::OneDoor(a.j); }

// The door's department (its only one) takes these Lock Users as members.
void JoinTheDepartment(AppFixture& a, const Door& d, const std::vector<Account>& users) {
  auto& org = a.j.f.org;
  keyway::org::v1::ListDepartmentsResponse departments;
  REQUIRE(org.api().ListDepartments(org.As(d.owner).get(), {}, &departments).ok());
  keyway::org::v1::UpdateDepartmentRequest members;
  members.mutable_department()->set_id(departments.departments(0).id());
  for (const auto& u : users) members.mutable_department()->add_member_user_ids(u.user_id);
  members.mutable_update_mask()->add_paths("member_user_ids");
  keyway::org::v1::UpdateDepartmentResponse updated;
  REQUIRE(org.api().UpdateDepartment(org.As(d.owner).get(), members, &updated).ok());
}

// Two Lock Users of the door's department: a resident (a Residential key,
// which may sync, for 30 days) and a guest (a key that only unlocks).
struct ResidentAndGuest {
  Account resident, guest;
  av1::CreateBluetoothKeyResponse resident_key, guest_key;
};
ResidentAndGuest MakeResidentAndGuest(AppFixture& a, const Door& d, absl::Duration guest_stay) {
  auto& org = a.j.f.org;
  const absl::Time now = org.identity().clock().Now();
  ResidentAndGuest r{org.AddMember(d.owner, idv1::ROLE_LOCK_USER),
                     org.AddMember(d.owner, idv1::ROLE_LOCK_USER), {}, {}};
  JoinTheDepartment(a, d, {r.resident, r.guest});
  REQUIRE(a.j.f.CreateKey(d.owner, d.lock_id, r.resident.user_id, now, now + absl::Hours(24 * 30),
                          &r.resident_key, /*residential=*/true).ok());
  REQUIRE(a.j.f.CreateKey(d.owner, d.lock_id, r.guest.user_id, now, now + guest_stay, &r.guest_key).ok());
  return r;
}

// The credential the holder's app fetches for their key now.
std::string KeyCredential(AppFixture& a, const Account& holder, const std::string& access_id) {
  av1::GetKeyCredentialRequest get;
  get.set_access_id(access_id);
  av1::GetKeyCredentialResponse got;
  auto s = a.j.f.api->GetKeyCredential(a.j.f.org.As(holder).get(), get, &got);
  INFO(s.error_message());
  REQUIRE(s.ok());
  return got.credential();
}

std::string NewBluetoothPin(AppFixture& a, const Door& d, const std::string& digits) {
  av1::CreateCustomPinResponse made;
  auto s = a.j.f.CreateCustomPin(d.owner, d.lock_id, digits, av1::PIN_CHANNEL_BLUETOOTH, &made);
  INFO(s.error_message());
  REQUIRE(s.ok());
  a.j.AwaitJob(d.owner, made.access().id());  // jobs has it
  return made.access().id();
}

}  // namespace

TEST_CASE("A5: A13: a Custom PIN by Bluetooth waits for an app sync, then opens the lock until deleted") {
  AppFixture a;
  Door d = OneDoor(a);
  auto lock = a.j.f.LockFor(d.lock_id, d.provisioned);
  const std::string pin = NewBluetoothPin(a, d, "736251");
  CHECK(lock.TypePin("736251") == Outcome::kRefused);

  std::vector<gv1::DeviceJob> jobs;
  REQUIRE(a.Sync(d.owner, d.lock_id, {}, &jobs).ok());
  REQUIRE(jobs.size() == 1);
  CHECK(jobs[0].kind() == jv1::JOB_KIND_ADD_CUSTOM_PIN);
  CHECK(jobs[0].request().find("736251") == std::string::npos);  // sealed for the lock (K4)
  auto results = a.Apply(lock, jobs);
  CHECK(lock.TypePin("736251") == Outcome::kOpened);
  CHECK(a.j.f.Get(d.owner, pin).status() == av1::ACCESS_STATUS_PENDING);  // until the app reports
  REQUIRE(a.Sync(d.owner, d.lock_id, results, &jobs).ok());
  CHECK(jobs.empty());
  a.j.f.AwaitStatus(d.owner, pin, av1::ACCESS_STATUS_ACTIVE);

  // A13: the delete travels the same way.
  av1::Access deleting;
  REQUIRE(a.j.f.Delete(d.owner, pin, &deleting).ok());
  CHECK(deleting.status() == av1::ACCESS_STATUS_DELETING);
  for (int i = 0; i < 200 && jobs.empty(); ++i) {
    REQUIRE(a.Sync(d.owner, d.lock_id, {}, &jobs).ok());
    if (jobs.empty()) absl::SleepFor(absl::Milliseconds(25));
  }
  REQUIRE(jobs.size() == 1);
  CHECK(jobs[0].kind() == jv1::JOB_KIND_DELETE_CUSTOM_PIN);
  results = a.Apply(lock, jobs);
  CHECK(lock.TypePin("736251") == Outcome::kRefused);
  REQUIRE(a.Sync(d.owner, d.lock_id, results, &jobs).ok());
  a.j.f.AwaitStatus(d.owner, pin, av1::ACCESS_STATUS_DELETED);
}

TEST_CASE("J1: J2: after a hard reset the lock fails the delete job and the PIN is gone") {
  AppFixture a;
  Door d = OneDoor(a);
  auto lock = a.j.f.LockFor(d.lock_id, d.provisioned);
  const std::string pin = NewBluetoothPin(a, d, "918273");
  std::vector<gv1::DeviceJob> jobs;
  REQUIRE(a.Sync(d.owner, d.lock_id, {}, &jobs).ok());
  REQUIRE(a.Sync(d.owner, d.lock_id, a.Apply(lock, jobs), &jobs).ok());
  a.j.f.AwaitStatus(d.owner, pin, av1::ACCESS_STATUS_ACTIVE);

  lock.HardReset();
  REQUIRE(a.j.f.Delete(d.owner, pin).ok());
  for (int i = 0; i < 200 && jobs.empty(); ++i) {
    REQUIRE(a.Sync(d.owner, d.lock_id, {}, &jobs).ok());
    if (jobs.empty()) absl::SleepFor(absl::Milliseconds(25));
  }
  auto results = a.Apply(lock, jobs);
  REQUIRE(results.size() == 1);
  CHECK(results[0].outcome() == jv1::JOB_OUTCOME_FAILED);
  REQUIRE(a.Sync(d.owner, d.lock_id, results, &jobs).ok());
  auto gone = a.j.f.AwaitStatus(d.owner, pin, av1::ACCESS_STATUS_DELETED);
  CHECK_THAT(gone.status_reason(), Catch::Contains("the lock reported"));
  jv1::Job job;
  REQUIRE(a.j.Get(d.owner, results[0].job_id(), &job).ok());
  CHECK(job.state() == jv1::JOB_STATE_FAILED);
}

TEST_CASE("J3: O6: only those who may push jobs to the lock sync it, for that lock's jobs only") {
  AppFixture a;
  Door d = OneDoor(a);
  auto& org = a.j.f.org;
  Account manager = org.AddMember(d.owner, idv1::ROLE_MANAGER);
  Account tenant = org.AddMember(d.owner, idv1::ROLE_LOCK_USER);
  std::string other = org.CreateProperty(d.owner, "Elsewhere");
  org.CreateDepartment(d.owner, "Elsewhere", {other}, {manager.user_id});
  manager = org.LogIn(manager);
  std::string other_lock = org.PairLock(d.owner, {other});
  a.j.f.Provision(d.owner, other_lock);
  NewBluetoothPin(a, d, "5050");
  std::vector<gv1::DeviceJob> jobs;
  CHECK(a.Sync(manager, d.lock_id, {}, &jobs).error_code() == grpc::StatusCode::PERMISSION_DENIED);
  auto no_key = a.Sync(tenant, d.lock_id, {}, &jobs);
  CHECK(no_key.error_code() == grpc::StatusCode::PERMISSION_DENIED);
  CHECK_THAT(no_key.error_message(), Catch::Contains("Sync (A8)"));
  CHECK(a.Sync(org.NewOrganisation(), d.lock_id, {}, &jobs).error_code() == grpc::StatusCode::NOT_FOUND);
  CHECK(a.Sync(d.owner, "not-a-lock", {}, &jobs).error_code() == grpc::StatusCode::INVALID_ARGUMENT);

  // A result for a job of another lock settles nothing (and the sync goes on).
  REQUIRE(a.Sync(d.owner, d.lock_id, {}, &jobs).ok());
  REQUIRE(jobs.size() == 1);
  gv1::JobResult forged;
  forged.set_job_id(jobs[0].job_id());
  forged.set_outcome(jv1::JOB_OUTCOME_COMPLETED);
  std::vector<gv1::DeviceJob> ignored;
  CHECK(a.Sync(d.owner, other_lock, {forged}, &ignored).ok());
  gv1::JobResult no_reason = forged;
  no_reason.set_outcome(jv1::JOB_OUTCOME_FAILED);
  CHECK(a.Sync(d.owner, d.lock_id, {no_reason}, &ignored).error_code() ==
        grpc::StatusCode::INVALID_ARGUMENT);
  jv1::Job job;
  REQUIRE(a.j.Get(d.owner, jobs[0].job_id(), &job).ok());
  CHECK(job.state() == jv1::JOB_STATE_PENDING);
}

TEST_CASE("L1: L5: a sync uploads the lock's battery and log: org shows them, the log is listed once") {
  AppFixture a;
  Door d = OneDoor(a);
  auto& clock = a.j.f.org.identity().clock();
  const absl::Time t0 = clock.Now() - absl::Hours(2);
  gv1::AppSyncRequest req;
  req.set_lock_id(d.lock_id);
  req.set_battery_percent(64);
  for (int i = 0; i < 3; ++i) {
    auto* e = req.add_activity();
    e->mutable_time()->set_seconds(absl::ToUnixSeconds(t0 + absl::Minutes(i)));
    e->set_event(i == 1 ? "refused.pin" : "unlock.custom_pin");
    e->set_detail("pin-" + std::to_string(i));
  }
  gv1::AppSyncResponse resp;
  REQUIRE(a.api->AppSync(a.j.f.org.As(d.owner).get(), req, &resp).ok());
  REQUIRE(a.api->AppSync(a.j.f.org.As(d.owner).get(), req, &resp).ok());  // the app retried

  // L1: org's lock shows the battery and the sync, once the event is applied.
  keyway::org::v1::GetLockRequest get;
  get.set_lock_id(d.lock_id);
  keyway::org::v1::GetLockResponse lock;
  for (int i = 0; i < 200; ++i) {
    REQUIRE(a.j.f.org.api().GetLock(a.j.f.org.As(d.owner).get(), get, &lock).ok());
    if (lock.lock().has_battery_percent()) break;
    absl::SleepFor(absl::Milliseconds(25));
  }
  CHECK(lock.lock().battery_percent() == 64);
  CHECK(lock.lock().last_sync_time().seconds() == absl::ToUnixSeconds(clock.Now()));

  // L5: newest first, page by page, each line once.
  gv1::ListActivityLogsRequest list;
  list.set_lock_id(d.lock_id);
  list.set_page_size(2);
  std::vector<std::string> details;
  do {
    gv1::ListActivityLogsResponse page;
    REQUIRE(a.api->ListActivityLogs(a.j.f.org.As(d.owner).get(), list, &page).ok());
    for (const auto& e : page.entries()) details.push_back(e.detail());
    list.set_page_token(page.next_page_token());
  } while (!list.page_token().empty());
  CHECK(details == std::vector<std::string>{"pin-2", "pin-1", "pin-0"});

  // L5: the same log as CSV, oldest first.
  gv1::ExportActivityLogsRequest export_req;
  export_req.set_lock_id(d.lock_id);
  auto export_ctx = a.j.f.org.As(d.owner);
  auto reader = a.api->ExportActivityLogs(export_ctx.get(), export_req);
  std::string csv;
  gv1::ExportActivityLogsResponse chunk;
  while (reader->Read(&chunk)) csv += chunk.csv_chunk();
  auto exported = reader->Finish();
  INFO(exported.error_message());
  REQUIRE(exported.ok());
  CHECK(csv.rfind("time,event,detail\r\n", 0) == 0);
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 4);
  CHECK(csv.find("unlock.custom_pin,pin-0") < csv.find("refused.pin,pin-1"));
  CHECK(csv.find("refused.pin,pin-1") < csv.find("unlock.custom_pin,pin-2"));
  // From a time on: the lines at and after it.
  export_req.mutable_start_time()->set_seconds(absl::ToUnixSeconds(t0 + absl::Seconds(30)));
  auto bounded_ctx = a.j.f.org.As(d.owner);
  auto bounded = a.api->ExportActivityLogs(bounded_ctx.get(), export_req);
  csv.clear();
  while (bounded->Read(&chunk)) csv += chunk.csv_chunk();
  REQUIRE(bounded->Finish().ok());
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 3);
  CHECK(csv.find("pin-0") == std::string::npos);

  // A lock whose clock was never set, and a battery above 100, are refused.
  gv1::AppSyncRequest bad;
  bad.set_lock_id(d.lock_id);
  bad.add_activity()->mutable_time()->set_seconds(0);
  bad.mutable_activity(0)->set_event("unlock.custom_pin");
  auto unset_clock = a.api->AppSync(a.j.f.org.As(d.owner).get(), bad, &resp);
  CHECK(unset_clock.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK_THAT(unset_clock.error_message(), Catch::Contains("set the lock's clock"));
  bad.clear_activity();
  bad.set_battery_percent(101);
  CHECK(a.api->AppSync(a.j.f.org.As(d.owner).get(), bad, &resp).error_code() ==
        grpc::StatusCode::INVALID_ARGUMENT);
  // A Lock User does not read the log.
  Account tenant = a.j.f.org.AddMember(d.owner, idv1::ROLE_LOCK_USER);
  gv1::ListActivityLogsResponse page;
  list.set_page_token("");
  CHECK(a.api->ListActivityLogs(a.j.f.org.As(tenant).get(), list, &page).error_code() ==
        grpc::StatusCode::PERMISSION_DENIED);
}

TEST_CASE("A14: A8: a resident syncs their own Custom PIN to the lock, a key without Sync cannot") {
  AppFixture a;
  Door d = OneDoor(a);
  auto lock = a.j.f.LockFor(d.lock_id, d.provisioned);
  auto [resident, visitor, key, visitor_key] = MakeResidentAndGuest(a, d, absl::Hours(24));

  av1::CreateCustomPinResponse own;
  REQUIRE(a.j.f.CreateCustomPin(resident, d.lock_id, "112358", av1::PIN_CHANNEL_BLUETOOTH, &own).ok());
  a.j.AwaitJob(d.owner, own.access().id());
  std::vector<gv1::DeviceJob> jobs;
  CHECK(a.Sync(visitor, d.lock_id, {}, &jobs).error_code() == grpc::StatusCode::PERMISSION_DENIED);
  REQUIRE(a.Sync(resident, d.lock_id, {}, &jobs).ok());
  REQUIRE(jobs.size() == 1);
  REQUIRE(a.Sync(resident, d.lock_id, a.Apply(lock, jobs), &jobs).ok());
  a.j.f.AwaitStatus(resident, own.access().id(), av1::ACCESS_STATUS_ACTIVE);
  CHECK(lock.TypePin("112358") == Outcome::kOpened);
}

TEST_CASE("S6: an app that says a revoke landed without delivering it leaves the job pending, the lock's own answer settles it") {
  AppFixture a;
  Door d = OneDoor(a);
  auto lock = a.j.f.LockFor(d.lock_id, d.provisioned);
  auto [resident, friend_of_resident, own, lent] = MakeResidentAndGuest(a, d, absl::Hours(24 * 30));
  const std::string credential = KeyCredential(a, friend_of_resident, lent.access().id());
  CHECK(lock.PresentKey(credential) == Outcome::kOpened);

  // The Owner takes the friend's key away; the resident's app (it may sync)
  // receives the revoke, keeps it from the lock, and says it landed.
  REQUIRE(a.j.f.Delete(d.owner, lent.access().id()).ok());
  std::vector<gv1::DeviceJob> jobs;
  for (int i = 0; i < 200 && jobs.empty(); ++i) {
    REQUIRE(a.Sync(resident, d.lock_id, {}, &jobs).ok());
    if (jobs.empty()) absl::SleepFor(absl::Milliseconds(25));
  }
  REQUIRE(jobs.size() == 1);
  REQUIRE(jobs[0].kind() == jv1::JOB_KIND_REVOKE_KEY);
  const std::string revoke = jobs[0].job_id();
  gv1::JobResult unsigned_word;
  unsigned_word.set_job_id(revoke);
  unsigned_word.set_outcome(jv1::JOB_OUTCOME_COMPLETED);
  gv1::JobResult self_signed = unsigned_word;  // signed with a secret the app made up
  self_signed.set_signature(keyway::jobseal::SignResult(std::string(32, 'x'),
                                                        {d.lock_id, revoke, jv1::JOB_OUTCOME_COMPLETED, ""}));
  // The lock's real signature of its answer, put on another answer: a twin
  // of the door (same secret) answers, and the door itself is left alone.
  auto twin = a.j.f.LockFor(d.lock_id, d.provisioned);
  gv1::JobResult borrowed = unsigned_word;
  borrowed.set_signature(keyway::locksim::AnswerJob(twin, jobs[0]).signature());
  borrowed.set_outcome(jv1::JOB_OUTCOME_FAILED);
  borrowed.set_reason("the lock was hard reset");
  for (const auto& forged : {unsigned_word, self_signed, borrowed}) {
    REQUIRE(a.Sync(resident, d.lock_id, {forged}, &jobs).ok());  // skipped; the sync goes on
    jv1::Job job;
    REQUIRE(a.j.Get(d.owner, revoke, &job).ok());
    CHECK(job.state() == jv1::JOB_STATE_PENDING);
  }
  auto refused = a.j.Report(revoke, jv1::JOB_OUTCOME_COMPLETED, "", nullptr, "", /*signed_by_lock=*/false);
  CHECK(refused.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK_THAT(refused.error_message(), Catch::Contains("not signed by lock"));
  // Keyway tells the truth: the revoke is pending, and the key still opens.
  CHECK(lock.PresentKey(credential) == Outcome::kOpened);

  // Delivered, the lock's own answer settles it.
  REQUIRE(jobs.size() == 1);
  REQUIRE(a.Sync(resident, d.lock_id, a.Apply(lock, jobs), &jobs).ok());
  jv1::Job job;
  REQUIRE(a.j.Get(d.owner, revoke, &job).ok());
  CHECK(job.state() == jv1::JOB_STATE_COMPLETED);
  CHECK(lock.PresentKey(credential) == Outcome::kRefused);
}

TEST_CASE("S7: RotateLockSecret re-keys the lock by a job: the old secret's Remote PINs and keys stop once it lands") {
  AppFixture a;
  Door d = OneDoor(a);
  auto& org = a.j.f.org;
  auto& clock = org.identity().clock();
  auto lock = a.j.f.LockFor(d.lock_id, d.provisioned);
  Account holder = org.AddMember(d.owner, idv1::ROLE_LOCK_USER);
  JoinTheDepartment(a, d, {holder});
  av1::CreateRemotePinResponse pin;
  REQUIRE(a.j.f.CreatePin(d.owner, d.lock_id, av1::PIN_KIND_PERMANENT,
                          keyway::algopin::FloorToHour(clock.Now()), std::nullopt, &pin).ok());
  av1::CreateBluetoothKeyResponse key;
  REQUIRE(a.j.f.CreateKey(d.owner, d.lock_id, holder.user_id, clock.Now(), clock.Now() + absl::Hours(240),
                          &key).ok());
  auto credential = [&] { return KeyCredential(a, holder, key.access().id()); };
  const std::string old_credential = credential();
  REQUIRE(lock.TypePin(pin.pin()) == Outcome::kOpened);
  REQUIRE(lock.PresentKey(old_credential) == Outcome::kOpened);

  av1::RotateLockSecretRequest rotate;
  rotate.set_lock_id(d.lock_id);
  av1::RotateLockSecretResponse rotating;
  // Managers are refused by the declaration (tests/security_matrix_test.cc).
  CHECK(a.j.f.api->RotateLockSecret(org.As(holder).get(), rotate, &rotating).error_code() ==
        grpc::StatusCode::PERMISSION_DENIED);
  CHECK(a.j.f.api->RotateLockSecret(org.As(org.NewOrganisation()).get(), rotate, &rotating).error_code() ==
        grpc::StatusCode::NOT_FOUND);
  REQUIRE(a.j.f.api->RotateLockSecret(org.As(d.owner).get(), rotate, &rotating).ok());
  auto again = a.j.f.api->RotateLockSecret(org.As(d.owner).get(), rotate, &rotating);
  CHECK(again.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  CHECK_THAT(again.error_message(), Catch::Contains("on its way"));
  jv1::Job job = a.j.AwaitJob(d.owner, "", absl::Seconds(5), jv1::JOB_KIND_ROTATE_SECRET);
  CHECK(job.id() == rotating.job_id());
  CHECK(a.j.DeleteJob(d.owner, job.id()).error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  // Nothing changes until it lands.
  CHECK(lock.PresentKey(credential()) == Outcome::kOpened);

  // A Custom PIN made meanwhile is sealed under the new secret, and follows it.
  av1::CreateCustomPinResponse custom;
  REQUIRE(a.j.f.CreateCustomPin(d.owner, d.lock_id, "606060", av1::PIN_CHANNEL_BLUETOOTH, &custom).ok());
  a.j.AwaitJob(d.owner, custom.access().id());
  std::vector<gv1::DeviceJob> jobs;
  REQUIRE(a.Sync(d.owner, d.lock_id, {}, &jobs).ok());
  REQUIRE(jobs.size() == 2);
  CHECK(jobs[0].kind() == jv1::JOB_KIND_ROTATE_SECRET);
  auto results = a.Apply(lock, jobs);
  CHECK(lock.secret() != d.provisioned.secret());
  CHECK(jobs[0].request().find(lock.secret()) == std::string::npos);  // sealed for the lock (K4)
  CHECK(results[0].outcome() == jv1::JOB_OUTCOME_COMPLETED);
  CHECK(results[1].outcome() == jv1::JOB_OUTCOME_COMPLETED);
  REQUIRE(a.Sync(d.owner, d.lock_id, results, &jobs).ok());

  // Landed: the Remote PIN is gone (its digits no longer open the lock), the
  // holder's old credential stops and the one they fetch now opens.
  auto gone = a.j.f.AwaitStatus(d.owner, pin.access().id(), av1::ACCESS_STATUS_DELETED);
  CHECK_THAT(gone.status_reason(), Catch::Contains("secret was rotated"));
  a.j.f.AwaitStatus(d.owner, custom.access().id(), av1::ACCESS_STATUS_ACTIVE);
  CHECK(lock.TypePin(pin.pin()) == Outcome::kRefused);
  CHECK(lock.PresentKey(old_credential) == Outcome::kRefused);
  CHECK(lock.PresentKey(credential()) == Outcome::kOpened);
  CHECK(lock.TypePin("606060") == Outcome::kOpened);
  av1::CreateRemotePinResponse fresh;
  REQUIRE(a.j.f.CreatePin(d.owner, d.lock_id, av1::PIN_KIND_PERMANENT,
                          keyway::algopin::FloorToHour(clock.Now()), std::nullopt, &fresh).ok());
  clock.Advance(absl::Minutes(20));  // past the keypad's lockout, if the old code began one
  CHECK(lock.TypePin(fresh.pin()) == Outcome::kOpened);
  // Once landed, it may rotate again (a fresh login: the clock moved on).
  auto next = a.j.f.api->RotateLockSecret(org.As(org.LogIn(d.owner)).get(), rotate, &rotating);
  INFO(next.error_message());
  CHECK(next.ok());
}

TEST_CASE("L5: months of activity logs older than the retention are dropped whole") {
  AppFixture a;
  Door d = OneDoor(a);
  auto& clock = a.j.f.org.identity().clock();
  gv1::AppSyncRequest req;
  req.set_lock_id(d.lock_id);
  for (absl::Duration ago : {absl::Hours(24 * 100), absl::Hours(1)}) {
    auto* e = req.add_activity();
    e->mutable_time()->set_seconds(absl::ToUnixSeconds(clock.Now() - ago));
    e->set_event("unlock.bluetooth");
    e->set_detail(ago > absl::Hours(24) ? "old" : "recent");
  }
  gv1::AppSyncResponse resp;
  REQUIRE(a.api->AppSync(a.j.f.org.As(d.owner).get(), req, &resp).ok());
  auto pruned = a.server().gateway().PruneActivityLogs(absl::Hours(24 * 40));
  REQUIRE(pruned.ok());
  CHECK(*pruned == 1);
  gv1::ListActivityLogsRequest list;
  list.set_lock_id(d.lock_id);
  gv1::ListActivityLogsResponse page;
  REQUIRE(a.api->ListActivityLogs(a.j.f.org.As(d.owner).get(), list, &page).ok());
  REQUIRE(page.entries_size() == 1);
  CHECK(page.entries(0).detail() == "recent");
  CHECK(*a.server().gateway().PruneActivityLogs(absl::Hours(24 * 40)) == 0);  // nothing more to drop
}
