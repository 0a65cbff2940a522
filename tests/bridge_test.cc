// End to end through Bridges (J1, J2, J4, L1, L5, L6, L7, K3): the whole suite
// in process, and a simulated Bridge whose lock is the lock model, so every
// PIN is proven at the lock, not only in Keyway's lists.
#include "keyway/jobseal/job_result.h"
#include "gateway_fixture.h"
#include "sim_app.h"
#include "sim_bridge.h"

using namespace keyway::gateway::testing;
using keyway::locksim::SimBridge;
using keyway::lockmodel::Outcome;
namespace ov1 = keyway::org::v1;

namespace {

// A door with a Bridge, and the Bridge simulated with the door's lock in it.
struct BridgedDoor {
  Door door;
  std::string bridge_id, credential;
  std::unique_ptr<SimBridge> sim;
};

std::unique_ptr<SimBridge> SimFor(GatewayFixture& g, const std::string& address,
                                  const BridgedDoor& b) {
  auto sim = std::make_unique<SimBridge>(keyway::rpc::MakeChannel(address), b.credential,
                                         g.j.f.org.identity().clock());
  sim->AddLock({b.door.lock_id, b.door.provisioned.secret(),
                absl::FromUnixSeconds(b.door.provisioned.epoch().seconds())});
  return sim;
}

BridgedDoor OneBridgedDoor(GatewayFixture& g) {
  BridgedDoor b;
  b.door = OneDoor(g.j);
  b.bridge_id = g.j.f.org.CreateBridge(b.door.owner, {b.door.lock_id}, &b.credential);
  b.sim = SimFor(g, g.address(), b);
  auto connected = b.sim->Connect();
  INFO(connected.ToString());
  REQUIRE(connected.ok());
  return b;
}

std::string NewBridgePin(GatewayFixture& g, const BridgedDoor& b, const std::string& digits) {
  av1::CreateCustomPinResponse made;
  auto s = g.j.f.CreateCustomPin(b.door.owner, b.door.lock_id, digits, av1::PIN_CHANNEL_BRIDGE, &made);
  INFO(s.error_message());
  REQUIRE(s.ok());
  return made.access().id();
}

ov1::Accessory AwaitBridge(GatewayFixture& g, const BridgedDoor& b, bool online) {
  ov1::GetAccessoryRequest req;
  req.set_accessory_id(b.bridge_id);
  ov1::GetAccessoryResponse resp;
  for (int i = 0; i < 200; ++i) {
    REQUIRE(g.j.f.org.api().GetAccessory(g.j.f.org.As(b.door.owner).get(), req, &resp).ok());
    if (resp.accessory().online() == online) return resp.accessory();
    absl::SleepFor(absl::Milliseconds(25));
  }
  FAIL("the Bridge never showed " << (online ? "online" : "offline"));
  return {};
}

grpc::Status Command(GatewayFixture& g, const Account& by, const std::string& lock_id,
                     gv1::LockCommand command, jv1::Job* job = nullptr,
                     const std::string& request_id = "") {
  gv1::SendLockCommandRequest req;
  req.set_lock_id(lock_id);
  req.set_command(command);
  req.set_request_id(request_id);
  gv1::SendLockCommandResponse resp;
  auto s = g.api->SendLockCommand(g.j.f.org.As(by).get(), req, &resp);
  if (job) *job = resp.job();
  return s;
}

jv1::Job AwaitJobState(GatewayFixture& g, const Account& by, const std::string& job_id,
                       jv1::JobState state) {
  jv1::Job job;
  for (int i = 0; i < 200; ++i) {
    REQUIRE(g.j.Get(by, job_id, &job).ok());
    if (job.state() == state) return job;
    absl::SleepFor(absl::Milliseconds(25));
  }
  FAIL("job " << job_id << " stayed " << jv1::JobState_Name(job.state()));
  return job;
}

// A Bridge on a bare stream, for what SimBridge does not do: answer when
// the test says. Welcomed, or the test fails.
struct RawBridge {
  grpc::ClientContext ctx;
  std::unique_ptr<grpc::ClientReaderWriter<gv1::BridgeSessionRequest, gv1::BridgeSessionResponse>> stream;
};

std::unique_ptr<RawBridge> OpenRawBridge(GatewayFixture& g, const BridgedDoor& b) {
  auto raw = std::make_unique<RawBridge>();
  raw->ctx.set_deadline(absl::ToChronoTime(absl::Now() + absl::Minutes(2)));  // never hangs the run
  raw->stream = g.devices->BridgeSession(&raw->ctx);
  gv1::BridgeSessionRequest hello;
  hello.mutable_hello()->set_bridge_credential(b.credential);
  REQUIRE(raw->stream->Write(hello));
  gv1::BridgeSessionResponse welcome;
  REQUIRE(raw->stream->Read(&welcome));
  CHECK(welcome.welcome().bridge_id() == b.bridge_id);
  return raw;
}

}  // namespace

TEST_CASE("J1: L7: a Custom PIN via Bridge goes active and opens the lock, its delete closes it") {
  GatewayFixture g;
  BridgedDoor b = OneBridgedDoor(g);
  const auto shown = AwaitBridge(g, b, true);  // L7: org shows the Bridge online
  CHECK(shown.has_last_seen_time());

  const std::string pin = NewBridgePin(g, b, "462913");
  g.j.f.AwaitStatus(b.door.owner, pin, av1::ACCESS_STATUS_ACTIVE);  // no app, no sync: the Bridge
  CHECK(b.sim->TypePin(b.door.lock_id, "462913") == Outcome::kOpened);
  CHECK(b.sim->TypePin(b.door.lock_id, "462914") == Outcome::kRefused);

  // L7: the Bridge's page lists the jobs it carried.
  jv1::ListJobsRequest carried;
  carried.set_carried_by_bridge_id(b.bridge_id);
  jv1::ListJobsResponse listed;
  REQUIRE(g.j.api->ListJobs(g.j.f.org.As(b.door.owner).get(), carried, &listed).ok());
  REQUIRE(listed.jobs_size() == 1);
  CHECK(listed.jobs(0).access_id() == pin);
  CHECK(listed.jobs(0).state() == jv1::JOB_STATE_COMPLETED);

  av1::Access deleting;
  REQUIRE(g.j.f.Delete(b.door.owner, pin, &deleting).ok());
  g.j.f.AwaitStatus(b.door.owner, pin, av1::ACCESS_STATUS_DELETED);
  CHECK(b.sim->TypePin(b.door.lock_id, "462913") == Outcome::kRefused);
  CHECK(b.sim->jobs_applied() == 2);
}

TEST_CASE("J2: J4: after a hard reset the Bridge's delete job fails, and is recreated only once") {
  GatewayFixture g;
  BridgedDoor b = OneBridgedDoor(g);
  const std::string pin = NewBridgePin(g, b, "550231");
  g.j.f.AwaitStatus(b.door.owner, pin, av1::ACCESS_STATUS_ACTIVE);

  b.sim->HardReset(b.door.lock_id);
  CHECK(b.sim->TypePin(b.door.lock_id, "550231") == Outcome::kRefused);
  REQUIRE(g.j.f.Delete(b.door.owner, pin).ok());
  // The delete job is the newest of the lock's jobs.
  jv1::ListJobsRequest by_lock;
  by_lock.set_lock_id(b.door.lock_id);
  jv1::ListJobsResponse listed;
  std::string delete_job;
  for (int i = 0; i < 200 && delete_job.empty(); ++i) {
    REQUIRE(g.j.api->ListJobs(g.j.f.org.As(b.door.owner).get(), by_lock, &listed).ok());
    for (const auto& job : listed.jobs()) {
      if (job.kind() == jv1::JOB_KIND_DELETE_CUSTOM_PIN) delete_job = job.id();
    }
    if (delete_job.empty()) absl::SleepFor(absl::Milliseconds(25));
  }
  REQUIRE(!delete_job.empty());
  auto failed = AwaitJobState(g, b.door.owner, delete_job, jv1::JOB_STATE_FAILED);
  CHECK(failed.reason().find("hard reset") != std::string::npos);

  // J4: back to pending once, carried again at once, and failed again.
  jv1::Job recreated;
  REQUIRE(g.j.RecreateJob(b.door.owner, delete_job, &recreated).ok());
  CHECK(recreated.recreated());
  AwaitJobState(g, b.door.owner, delete_job, jv1::JOB_STATE_FAILED);
  auto again = g.j.RecreateJob(b.door.owner, delete_job);
  CHECK(again.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_CASE("L7: K3: a Bridge offline gets its jobs when it is back, and org shows it offline then online") {
  GatewayFixture g;
  BridgedDoor b = OneBridgedDoor(g);
  AwaitBridge(g, b, true);
  b.sim->Disconnect();
  const auto offline = AwaitBridge(g, b, false);
  CHECK(offline.has_last_seen_time());

  const std::string pin = NewBridgePin(g, b, "918273");
  g.j.AwaitJob(b.door.owner, pin);
  absl::SleepFor(absl::Milliseconds(300));
  CHECK(g.j.f.Get(b.door.owner, pin).status() == av1::ACCESS_STATUS_PENDING);
  CHECK(b.sim->TypePin(b.door.lock_id, "918273") == Outcome::kRefused);

  REQUIRE(b.sim->Connect().ok());  // J1: a Bridge that reconnects gets what is pending
  g.j.f.AwaitStatus(b.door.owner, pin, av1::ACCESS_STATUS_ACTIVE);
  CHECK(b.sim->TypePin(b.door.lock_id, "918273") == Outcome::kOpened);
  AwaitBridge(g, b, true);
}

TEST_CASE("L7: a job reaches the Bridge wherever its session is: on another gateway replica") {
  GatewayFixture g;
  auto replica_b = g.StartReplica("gateway-b");
  BridgedDoor b;
  b.door = OneDoor(g.j);
  b.bridge_id = g.j.f.org.CreateBridge(b.door.owner, {b.door.lock_id}, &b.credential);
  b.sim = SimFor(g, "127.0.0.1:" + std::to_string(replica_b->port()), b);
  REQUIRE(b.sim->Connect().ok());
  CHECK(replica_b->bridges().open_sessions() == 1);
  CHECK(g.server().bridges().open_sessions() == 0);
  // Several jobs, each rung to replica b by whichever replica reads it.
  std::vector<std::string> pins;
  for (const char* digits : {"271828", "314159", "161803"}) pins.push_back(NewBridgePin(g, b, digits));
  for (const auto& pin : pins) g.j.f.AwaitStatus(b.door.owner, pin, av1::ACCESS_STATUS_ACTIVE);
  CHECK(b.sim->TypePin(b.door.lock_id, "314159") == Outcome::kOpened);
}

TEST_CASE("L6: Lock and Unlock go through the lock's Bridge, only while it is online") {
  GatewayFixture g;
  BridgedDoor b = OneBridgedDoor(g);
  jv1::Job job;
  REQUIRE(Command(g, b.door.owner, b.door.lock_id, gv1::LOCK_COMMAND_UNLOCK, &job).ok());
  CHECK(job.kind() == jv1::JOB_KIND_UNLOCK);
  CHECK(job.channel() == jv1::JOB_CHANNEL_BRIDGE);
  AwaitJobState(g, b.door.owner, job.id(), jv1::JOB_STATE_COMPLETED);
  CHECK(b.sim->BoltOpen(b.door.lock_id));
  REQUIRE(Command(g, b.door.owner, b.door.lock_id, gv1::LOCK_COMMAND_LOCK, &job).ok());
  AwaitJobState(g, b.door.owner, job.id(), jv1::JOB_STATE_COMPLETED);
  CHECK_FALSE(b.sim->BoltOpen(b.door.lock_id));

  // K1: the same request id gives the same job, not a second command.
  jv1::Job first, second;
  REQUIRE(Command(g, b.door.owner, b.door.lock_id, gv1::LOCK_COMMAND_SYNC, &first, "sync-1").ok());
  REQUIRE(Command(g, b.door.owner, b.door.lock_id, gv1::LOCK_COMMAND_SYNC, &second, "sync-1").ok());
  CHECK(first.id() == second.id());

  // Bad input and the wrong people change nothing.
  CHECK(Command(g, b.door.owner, b.door.lock_id, gv1::LOCK_COMMAND_UNSPECIFIED).error_code() ==
        grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(Command(g, b.door.owner, "not-a-lock", gv1::LOCK_COMMAND_LOCK).error_code() ==
        grpc::StatusCode::INVALID_ARGUMENT);
  Account resident = g.j.f.org.AddMember(b.door.owner, idv1::ROLE_LOCK_USER);
  CHECK(Command(g, resident, b.door.lock_id, gv1::LOCK_COMMAND_UNLOCK).error_code() ==
        grpc::StatusCode::PERMISSION_DENIED);
  Account stranger = g.j.f.org.NewOrganisation();
  CHECK(Command(g, stranger, b.door.lock_id, gv1::LOCK_COMMAND_UNLOCK).error_code() ==
        grpc::StatusCode::NOT_FOUND);  // O6
  const std::string bare_lock = g.j.f.org.PairLock(b.door.owner, {b.door.property});
  auto no_bridge = Command(g, b.door.owner, bare_lock, gv1::LOCK_COMMAND_UNLOCK);
  CHECK(no_bridge.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  CHECK(no_bridge.error_message().find("not linked to a Bridge") != std::string::npos);

  // L6: offline, the command is refused and no job is made.
  b.sim->Disconnect();
  grpc::Status offline;
  for (int i = 0; i < 200; ++i) {
    offline = Command(g, b.door.owner, b.door.lock_id, gv1::LOCK_COMMAND_UNLOCK);
    if (!offline.ok()) break;
    absl::SleepFor(absl::Milliseconds(25));  // the session's end reaches Redis
  }
  CHECK(offline.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  CHECK(offline.error_message().find("offline") != std::string::npos);
  // Refused, it makes no job.
  jv1::ListJobsRequest by_lock;
  by_lock.set_lock_id(b.door.lock_id);
  jv1::ListJobsResponse before, after;
  REQUIRE(g.j.api->ListJobs(g.j.f.org.As(b.door.owner).get(), by_lock, &before).ok());
  CHECK(Command(g, b.door.owner, b.door.lock_id, gv1::LOCK_COMMAND_UNLOCK).error_code() ==
        grpc::StatusCode::FAILED_PRECONDITION);
  REQUIRE(g.j.api->ListJobs(g.j.f.org.As(b.door.owner).get(), by_lock, &after).ok());
  CHECK(after.jobs_size() == before.jobs_size());
}

TEST_CASE("L7: a Bridge with a credential Keyway did not issue gets no session") {
  GatewayFixture g;
  BridgedDoor b;
  b.door = OneDoor(g.j);
  b.bridge_id = g.j.f.org.CreateBridge(b.door.owner, {b.door.lock_id}, &b.credential);
  b.credential = b.bridge_id + ".not-the-secret";
  b.sim = SimFor(g, g.address(), b);
  auto refused = b.sim->Connect(absl::Seconds(5));
  CHECK(refused.code() == absl::StatusCode::kUnauthenticated);
  CHECK(g.server().bridges().open_sessions() == 0);
}

TEST_CASE("L7: a stream that does not begin with hello is closed, and so is a silent one") {
  GatewayFixture g;
  grpc::ClientContext wrong_ctx;
  auto wrong = g.devices->BridgeSession(&wrong_ctx);
  gv1::BridgeSessionRequest ping;
  ping.mutable_ping();
  REQUIRE(wrong->Write(ping));
  gv1::BridgeSessionResponse down;
  CHECK_FALSE(wrong->Read(&down));
  grpc::Status refused = wrong->Finish();
  CHECK(refused.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK_THAT(refused.error_message(), Catch::Contains("begins with hello"));

  grpc::ClientContext silent_ctx;
  auto silent = g.devices->BridgeSession(&silent_ctx);
  CHECK_FALSE(silent->Read(&down));  // the gateway ends it after hello_within
  grpc::Status closed = silent->Finish();
  CHECK(closed.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED);
  CHECK(g.server().bridges().open_sessions() == 0);
}

TEST_CASE("S10: Bridges not yet authenticated get a small budget per address, and authenticated ones are not held back") {
  GatewayFixture g;
  g.hello_limits = {.per_address = 2, .total = 100, .in_flight = 64};
  g.hello_within = absl::Seconds(20);
  auto limited = g.StartReplica("gateway-limited");
  const std::string address = "127.0.0.1:" + std::to_string(limited->port());
  auto devices = gv1::DeviceService::NewStub(keyway::rpc::MakeChannel(address));
  // Two connections that never say hello take this address's budget.
  grpc::ClientContext silent_a, silent_b, silent_c, silent_d;
  struct CancelAll {  // however the test ends, no stream outlives the server
    std::vector<grpc::ClientContext*> contexts;
    ~CancelAll() {
      for (auto* c : contexts) c->TryCancel();
    }
  } cancel_all{{&silent_a, &silent_b, &silent_c, &silent_d}};
  auto a = devices->BridgeSession(&silent_a);
  auto b_stream = devices->BridgeSession(&silent_b);
  absl::SleepFor(absl::Milliseconds(300));
  BridgedDoor b;
  b.door = OneDoor(g.j);
  b.bridge_id = g.j.f.org.CreateBridge(b.door.owner, {b.door.lock_id}, &b.credential);
  b.sim = SimFor(g, address, b);
  auto refused = b.sim->Connect(absl::Seconds(5));
  INFO(refused.ToString());
  REQUIRE(refused.code() == absl::StatusCode::kResourceExhausted);
  CHECK_THAT(std::string(refused.message()), Catch::Contains("waiting to authenticate"));
  // One silent connection gone: the Bridge gets in, and once authenticated it
  // no longer counts against the address.
  silent_a.TryCancel();
  gv1::BridgeSessionResponse down;
  CHECK_FALSE(a->Read(&down));
  absl::SleepFor(absl::Milliseconds(300));
  auto connected = b.sim->Connect(absl::Seconds(5));
  INFO(connected.ToString());
  REQUIRE(connected.ok());
  absl::SleepFor(absl::Milliseconds(300));  // the welcome is sent just before the stream leaves the budget
  auto c = devices->BridgeSession(&silent_c);  // the second of two again
  absl::SleepFor(absl::Milliseconds(300));
  auto d = devices->BridgeSession(&silent_d);  // a third: over the budget
  CHECK_FALSE(d->Read(&down));
  CHECK(d->Finish().error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED);
  CHECK(limited->bridges().open_sessions() == 1);
}

TEST_CASE("L7: a Bridge's newer session takes over, and its older stream is ended") {
  GatewayFixture g;
  BridgedDoor b;
  b.door = OneDoor(g.j);
  b.bridge_id = g.j.f.org.CreateBridge(b.door.owner, {b.door.lock_id}, &b.credential);
  auto older = OpenRawBridge(g, b);
  auto newer = OpenRawBridge(g, b);
  gv1::BridgeSessionResponse down;
  CHECK_FALSE(older->stream->Read(&down));
  grpc::Status ended = older->stream->Finish();
  CHECK(ended.error_code() == grpc::StatusCode::ABORTED);
  CHECK_THAT(ended.error_message(), Catch::Contains("newer session"));
  CHECK(g.server().bridges().open_sessions() == 1);
  AwaitBridge(g, b, true);

  // The newer one works: a Custom PIN's job comes down it.
  NewBridgePin(g, b, "918273");
  REQUIRE(newer->stream->Read(&down));
  CHECK(down.job().lock_id() == b.door.lock_id);
  CHECK(down.job().job().kind() == jv1::JOB_KIND_ADD_CUSTOM_PIN);
  REQUIRE(newer->stream->WritesDone());
  CHECK_FALSE(newer->stream->Read(&down));
  CHECK(newer->stream->Finish().ok());
  AwaitBridge(g, b, false);  // its session ended: offline at once
}

TEST_CASE("K3: A13: a Bridge's answer jobs could not take is reported once jobs is back, also for a job deleted meanwhile") {
  GatewayFixture g(keyway::testing::SharedServers().redis_port, absl::Milliseconds(500));
  BridgedDoor b;
  b.door = OneDoor(g.j);
  b.bridge_id = g.j.f.org.CreateBridge(b.door.owner, {b.door.lock_id}, &b.credential);
  auto raw = OpenRawBridge(g, b);
  const std::string pin = NewBridgePin(g, b, "864213");
  gv1::BridgeSessionResponse down;
  REQUIRE(raw->stream->Read(&down));
  REQUIRE(down.job().job().kind() == jv1::JOB_KIND_ADD_CUSTOM_PIN);
  const std::string job_id = down.job().job().job_id();

  // The job is deleted while the lock applies it; then jobs goes down, and
  // the lock's answer comes.
  REQUIRE(g.j.DeleteJob(b.door.owner, job_id).ok());
  g.j.f.AwaitStatus(b.door.owner, pin, av1::ACCESS_STATUS_DELETED);
  g.j.Stop();
  gv1::BridgeSessionRequest answer;
  answer.mutable_result()->set_lock_id(b.door.lock_id);
  answer.mutable_result()->mutable_result()->set_job_id(job_id);
  answer.mutable_result()->mutable_result()->set_outcome(jv1::JOB_OUTCOME_COMPLETED);
  answer.mutable_result()->mutable_result()->set_signature(keyway::jobseal::SignResult(
      b.door.provisioned.secret(), {b.door.lock_id, job_id, jv1::JOB_OUTCOME_COMPLETED, ""}));
  REQUIRE(raw->stream->Write(answer));
  size_t kept = 0;
  for (int i = 0; i < 400 && kept == 0; ++i) {
    kept = g.server().bridges().unreported_results();
    if (kept == 0) absl::SleepFor(absl::Milliseconds(25));
  }
  REQUIRE(kept == 1);  // kept, not dropped

  // jobs is back: the sweep reports it, and the PIN the lock holds is taken off.
  g.j.Start();
  auto deleting = g.j.f.AwaitStatus(b.door.owner, pin, av1::ACCESS_STATUS_DELETING, absl::Seconds(60));
  CHECK_THAT(deleting.status_reason(), Catch::Contains("reached the lock after it was deleted"));
  REQUIRE(raw->stream->Read(&down));
  CHECK(down.job().job().kind() == jv1::JOB_KIND_DELETE_CUSTOM_PIN);
  CHECK(g.server().bridges().unreported_results() == 0);
}

TEST_CASE("L1: L5: a Bridge uploads its lock's battery and log: org shows the battery, the log lists it") {
  GatewayFixture g;
  BridgedDoor b = OneBridgedDoor(g);
  const std::string pin = NewBridgePin(g, b, "670012");
  g.j.f.AwaitStatus(b.door.owner, pin, av1::ACCESS_STATUS_ACTIVE);
  CHECK(b.sim->TypePin(b.door.lock_id, "670012") == Outcome::kOpened);
  REQUIRE(b.sim->Report(b.door.lock_id, 64).ok());

  ov1::GetLockRequest get;
  get.set_lock_id(b.door.lock_id);
  ov1::GetLockResponse lock;
  for (int i = 0; i < 200; ++i) {
    REQUIRE(g.j.f.org.api().GetLock(g.j.f.org.As(b.door.owner).get(), get, &lock).ok());
    if (lock.lock().has_battery_percent()) break;
    absl::SleepFor(absl::Milliseconds(25));
  }
  CHECK(lock.lock().battery_percent() == 64);

  gv1::ListActivityLogsRequest logs;
  logs.set_lock_id(b.door.lock_id);
  gv1::ListActivityLogsResponse listed;
  for (int i = 0; i < 200 && listed.entries_size() == 0; ++i) {
    REQUIRE(g.api->ListActivityLogs(g.j.f.org.As(b.door.owner).get(), logs, &listed).ok());
    if (listed.entries_size() == 0) absl::SleepFor(absl::Milliseconds(25));
  }
  std::set<std::string> events;
  for (const auto& e : listed.entries()) events.insert(e.event());
  CHECK(events.count("job.applied") == 1);
  CHECK(events.count("unlock.custom_pin") == 1);
}

TEST_CASE("K3: a job made while the gateway is down reaches the Bridge once it is back") {
  GatewayFixture g;
  BridgedDoor b = OneBridgedDoor(g);
  g.Stop();
  const std::string pin = NewBridgePin(g, b, "808080");
  g.j.AwaitJob(b.door.owner, pin);
  g.Restart();  // same address: the Bridge reconnects as it would
  INFO(b.sim->ConnectAgain().ToString());
  REQUIRE(b.sim->connected());
  g.j.f.AwaitStatus(b.door.owner, pin, av1::ACCESS_STATUS_ACTIVE);
  CHECK(b.sim->TypePin(b.door.lock_id, "808080") == Outcome::kOpened);
}

TEST_CASE("K3: a Custom PIN made while Redis is down reaches the Bridge when Redis returns") {
  keyway::testing::PrivateServers servers;
  GatewayFixture g(servers.ports().redis_port, absl::Seconds(1));
  BridgedDoor b = OneBridgedDoor(g);
  AwaitBridge(g, b, true);

  servers.StopRedis();
  const std::string pin = NewBridgePin(g, b, "246802");  // acknowledged: in access's outbox
  CHECK(g.j.f.Get(b.door.owner, pin).status() == av1::ACCESS_STATUS_PENDING);
  servers.StartRedis();
  g.j.f.AwaitStatus(b.door.owner, pin, av1::ACCESS_STATUS_ACTIVE, absl::Seconds(30));
  CHECK(b.sim->TypePin(b.door.lock_id, "246802") == Outcome::kOpened);
  CHECK(b.sim->jobs_applied() == 1);  // once at the lock, whatever was resent
}

TEST_CASE("K3: a job accepted before PostgreSQL restarts reaches the Bridge after it, once") {
  keyway::testing::PrivateServers servers;
  GatewayFixture g(servers.ports().redis_port, absl::Seconds(1), servers.ports().pg_port);
  BridgedDoor b = OneBridgedDoor(g);
  b.sim->Disconnect();
  AwaitBridge(g, b, false);
  const std::string pin = NewBridgePin(g, b, "135791");
  g.j.AwaitJob(b.door.owner, pin);  // jobs has it, pending

  servers.StopPostgres();
  servers.StartPostgres();
  INFO(b.sim->ConnectAgain().ToString());  // org answers again after its pool reconnects
  REQUIRE(b.sim->connected());
  g.j.f.AwaitStatus(b.door.owner, pin, av1::ACCESS_STATUS_ACTIVE, absl::Seconds(30));
  CHECK(b.sim->TypePin(b.door.lock_id, "135791") == Outcome::kOpened);
  CHECK(b.sim->jobs_applied() == 1);
}

TEST_CASE("A5: a Custom PIN by Bluetooth waits for the app at the lock, not the Bridge, then opens it") {
  GatewayFixture g;
  BridgedDoor b = OneBridgedDoor(g);
  av1::CreateCustomPinResponse made;
  REQUIRE(g.j.f.CreateCustomPin(b.door.owner, b.door.lock_id, "97531", av1::PIN_CHANNEL_BLUETOOTH, &made).ok());
  g.j.AwaitJob(b.door.owner, made.access().id());
  absl::SleepFor(absl::Milliseconds(300));
  CHECK(b.sim->jobs_applied() == 0);  // the Bridge does not carry a Bluetooth job
  CHECK(g.j.f.Get(b.door.owner, made.access().id()).status() == av1::ACCESS_STATUS_PENDING);

  keyway::locksim::SimApp app(
      keyway::rpc::MakeChannel("127.0.0.1:" + std::to_string(g.j.f.org.identity().server().port())),
      keyway::rpc::MakeChannel(g.address()), b.door.owner.email, b.door.owner.password);
  auto synced = app.Sync(b.door.lock_id, [&](const std::vector<gv1::DeviceJob>& jobs) {
    return b.sim->ApplyFromApp(b.door.lock_id, jobs);
  });
  INFO(synced.status().ToString());
  REQUIRE(synced.ok());
  CHECK(*synced == 1);
  g.j.f.AwaitStatus(b.door.owner, made.access().id(), av1::ACCESS_STATUS_ACTIVE);
  CHECK(b.sim->TypePin(b.door.lock_id, "97531") == Outcome::kOpened);
}
