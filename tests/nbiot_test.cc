// NB-IoT locks end to end (L3, L4, J1): the whole suite in process and a
// simulated NB-IoT lock (the lock model with its own network link) sending
// heartbeats and activity-log transmissions to the gateway.
#include "gateway_fixture.h"
#include "sim_nbiot_lock.h"

using namespace keyway::gateway::testing;
using keyway::locksim::SimNbIotLock;
using keyway::lockmodel::Outcome;
namespace ov1 = keyway::org::v1;

namespace {

struct NbIotDoor {
  Door door;
  std::string credential;
  std::unique_ptr<SimNbIotLock> sim;
};

std::string IssueCredential(GatewayFixture& g, const Account& by, const std::string& lock_id,
                            grpc::Status* status = nullptr) {
  ov1::IssueLockCredentialRequest req;
  req.set_lock_id(lock_id);
  ov1::IssueLockCredentialResponse resp;
  auto s = g.j.f.org.api().IssueLockCredential(g.j.f.org.As(by).get(), req, &resp);
  if (status) *status = s;
  return resp.device_credential();
}

NbIotDoor OneNbIotDoor(GatewayFixture& g) {
  NbIotDoor n;
  auto& org = g.j.f.org;
  n.door.owner = org.NewOrganisation();
  n.door.property = org.CreateProperty(n.door.owner, "Harbour View");
  org.CreateDepartment(n.door.owner, "Harbour View", {n.door.property});
  n.door.lock_id = org.PairLock(n.door.owner, {n.door.property}, "INB1", "Back door");
  n.door.provisioned = g.j.f.Provision(n.door.owner, n.door.lock_id);
  n.credential = IssueCredential(g, n.door.owner, n.door.lock_id);
  REQUIRE(!n.credential.empty());
  n.sim = std::make_unique<SimNbIotLock>(
      keyway::rpc::MakeChannel(g.address()), n.credential,
      keyway::locksim::LockConfig{n.door.lock_id, n.door.provisioned.secret(),
                                  absl::FromUnixSeconds(n.door.provisioned.epoch().seconds())},
      g.j.f.org.identity().clock());
  return n;
}

ov1::Lock GetLock(GatewayFixture& g, const NbIotDoor& n) {
  ov1::GetLockRequest req;
  req.set_lock_id(n.door.lock_id);
  ov1::GetLockResponse resp;
  REQUIRE(g.j.f.org.api().GetLock(g.j.f.org.As(n.door.owner).get(), req, &resp).ok());
  return resp.lock();
}

grpc::Status Transmit(GatewayFixture& g, gv1::HeartbeatRequest req) {
  gv1::HeartbeatResponse resp;
  grpc::ClientContext ctx;
  return g.devices->Heartbeat(&ctx, req, &resp);
}

}  // namespace

TEST_CASE("L4: J1: a heartbeat brings the NB-IoT lock its jobs, and the next one settles them") {
  GatewayFixture g;
  NbIotDoor n = OneNbIotDoor(g);
  av1::CreateCustomPinResponse made;
  REQUIRE(g.j.f.CreateCustomPin(n.door.owner, n.door.lock_id, "5150", av1::PIN_CHANNEL_BLUETOOTH, &made).ok());
  const std::string pin = made.access().id();
  g.j.AwaitJob(n.door.owner, pin);
  CHECK(n.sim->TypePin("5150") == Outcome::kRefused);

  REQUIRE(n.sim->Heartbeat(71, -104).ok());
  CHECK(n.sim->jobs_applied() == 1);
  CHECK(n.sim->TypePin("5150") == Outcome::kOpened);
  CHECK(g.j.f.Get(n.door.owner, pin).status() == av1::ACCESS_STATUS_PENDING);  // told next time
  REQUIRE(n.sim->Heartbeat(70, -101).ok());
  g.j.f.AwaitStatus(n.door.owner, pin, av1::ACCESS_STATUS_ACTIVE);
  CHECK(n.sim->jobs_applied() == 1);  // nothing twice

  // L1, L4: battery, radio and last sync show on the lock.
  ov1::Lock lock;
  for (int i = 0; i < 200; ++i) {
    lock = GetLock(g, n);
    if (lock.has_battery_percent() && lock.battery_percent() == 70) break;
    absl::SleepFor(absl::Milliseconds(25));
  }
  CHECK(lock.battery_percent() == 70);
  CHECK(lock.signal_strength_dbm() == -101);
  CHECK(lock.carrier() == "Keyway Mobile");
  CHECK(lock.radio_channel() == "B20");
  CHECK(lock.has_last_sync_time());
}

TEST_CASE("L3: a change of intervals reaches the NB-IoT lock at its next heartbeat") {
  GatewayFixture g;
  NbIotDoor n = OneNbIotDoor(g);
  auto first = n.sim->Heartbeat();
  REQUIRE(first.ok());
  const ov1::Lock paired = GetLock(g, n);
  CHECK(first->heartbeat == absl::Seconds(paired.heartbeat_interval().seconds()));
  CHECK(first->activity_log == absl::Seconds(paired.activity_log_interval().seconds()));

  ov1::UpdateLockRequest update;
  update.mutable_lock()->set_id(n.door.lock_id);
  update.mutable_lock()->mutable_heartbeat_interval()->set_seconds(2 * 3600);
  update.mutable_lock()->mutable_activity_log_interval()->set_seconds(10 * 60);
  update.mutable_update_mask()->add_paths("heartbeat_interval");
  update.mutable_update_mask()->add_paths("activity_log_interval");
  ov1::UpdateLockResponse updated;
  REQUIRE(g.j.f.org.api().UpdateLock(g.j.f.org.As(n.door.owner).get(), update, &updated).ok());
  CHECK(n.sim->intervals().heartbeat == first->heartbeat);  // the lock knows nothing yet
  // J1: the change is a job for the lock too, which the heartbeat carries.
  jv1::ListJobsRequest by_lock;
  by_lock.set_lock_id(n.door.lock_id);
  jv1::ListJobsResponse listed;
  std::string job_id;
  for (int i = 0; i < 200 && job_id.empty(); ++i) {
    REQUIRE(g.j.api->ListJobs(g.j.f.org.As(n.door.owner).get(), by_lock, &listed).ok());
    for (const auto& job : listed.jobs()) {
      if (job.kind() == jv1::JOB_KIND_SET_INTERVALS) job_id = job.id();
    }
    if (job_id.empty()) absl::SleepFor(absl::Milliseconds(25));
  }
  REQUIRE(!job_id.empty());
  auto next = n.sim->Heartbeat();
  REQUIRE(next.ok());
  CHECK(next->heartbeat == absl::Hours(2));
  CHECK(next->activity_log == absl::Minutes(10));
  CHECK(n.sim->lock_intervals().heartbeat == absl::Hours(2));  // the lock applied the job
  REQUIRE(n.sim->Heartbeat().ok());  // and says so
  jv1::Job settled;
  for (int i = 0; i < 200; ++i) {
    REQUIRE(g.j.Get(n.door.owner, job_id, &settled).ok());
    if (settled.state() == jv1::JOB_STATE_COMPLETED) break;
    absl::SleepFor(absl::Milliseconds(25));
  }
  CHECK(settled.state() == jv1::JOB_STATE_COMPLETED);
}

TEST_CASE("L4: an activity-log transmission uploads the log only: no jobs, no battery, no sync") {
  GatewayFixture g;
  NbIotDoor n = OneNbIotDoor(g);
  av1::CreateCustomPinResponse made;
  REQUIRE(g.j.f.CreateCustomPin(n.door.owner, n.door.lock_id, "7781", av1::PIN_CHANNEL_BLUETOOTH, &made).ok());
  g.j.AwaitJob(n.door.owner, made.access().id());
  CHECK(n.sim->TypePin("1111") == Outcome::kRefused);  // a line for the log
  REQUIRE(n.sim->SendActivityLog().ok());
  CHECK(n.sim->jobs_applied() == 0);

  gv1::ListActivityLogsRequest logs;
  logs.set_lock_id(n.door.lock_id);
  gv1::ListActivityLogsResponse listed;
  REQUIRE(g.api->ListActivityLogs(g.j.f.org.As(n.door.owner).get(), logs, &listed).ok());
  REQUIRE(listed.entries_size() == 1);
  CHECK(listed.entries(0).event() == "refused.pin");
  absl::SleepFor(absl::Milliseconds(200));
  CHECK_FALSE(GetLock(g, n).has_last_sync_time());

  // What an activity-log transmission may not carry, and other bad input.
  gv1::HeartbeatRequest with_battery;
  with_battery.set_device_credential(n.credential);
  with_battery.set_kind(gv1::TRANSMISSION_KIND_ACTIVITY_LOG);
  with_battery.set_battery_percent(50);
  auto refused = Transmit(g, with_battery);
  CHECK(refused.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(refused.error_message().find("log only") != std::string::npos);
  gv1::HeartbeatRequest no_kind;
  no_kind.set_device_credential(n.credential);
  CHECK(Transmit(g, no_kind).error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  gv1::HeartbeatRequest loud;
  loud.set_device_credential(n.credential);
  loud.set_kind(gv1::TRANSMISSION_KIND_HEARTBEAT);
  loud.set_signal_strength_dbm(20);
  CHECK(Transmit(g, loud).error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  gv1::HeartbeatRequest stranger;
  stranger.set_device_credential(n.door.lock_id + ".guessed");
  stranger.set_kind(gv1::TRANSMISSION_KIND_HEARTBEAT);
  CHECK(Transmit(g, stranger).error_code() == grpc::StatusCode::UNAUTHENTICATED);
}

TEST_CASE("L4: O5: heartbeat credentials are for NB-IoT locks, by their managers, and a new one replaces the old") {
  GatewayFixture g;
  NbIotDoor n = OneNbIotDoor(g);
  REQUIRE(n.sim->Heartbeat().ok());

  grpc::Status status;
  const std::string bluetooth_lock = g.j.f.org.PairLock(n.door.owner, {n.door.property});
  IssueCredential(g, n.door.owner, bluetooth_lock, &status);
  CHECK(status.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  Account resident = g.j.f.org.AddMember(n.door.owner, idv1::ROLE_LOCK_USER);
  IssueCredential(g, resident, n.door.lock_id, &status);
  CHECK(status.error_code() == grpc::StatusCode::PERMISSION_DENIED);
  Account stranger = g.j.f.org.NewOrganisation();
  IssueCredential(g, stranger, n.door.lock_id, &status);
  CHECK(status.error_code() == grpc::StatusCode::NOT_FOUND);  // O6

  const std::string replacement = IssueCredential(g, n.door.owner, n.door.lock_id);
  REQUIRE(!replacement.empty());
  CHECK(replacement != n.credential);
  CHECK(n.sim->Heartbeat().status().code() == absl::StatusCode::kUnauthenticated);
}
