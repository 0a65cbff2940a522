// S11, K3: the short chaos run. Custom PINs go to two Bridges' locks
// without pause while, one at a time, the gateway and jobs stop and start
// again and Redis and PostgreSQL are killed with SIGKILL and restarted. A
// client retries each create with its request id until it is acknowledged,
// as a client should. At the end every acknowledged create is active, reached
// its lock exactly once (the lock model counts the jobs it applied) and opens
// it, no create was made twice, and no event sits in a dead letter.
#include <atomic>
#include <cstdio>
#include <mutex>
#include <thread>

#include "gateway_fixture.h"
#include "keyway/redis/client.h"
#include "sim_bridge.h"

using namespace keyway::gateway::testing;
using keyway::lockmodel::Outcome;
using keyway::locksim::SimBridge;

namespace {

struct BridgedLock {
  std::string lock_id;
  std::unique_ptr<SimBridge> sim;
};

struct Made {
  std::string access_id, lock_id, digits;
};

// Codes a client retries on: the suite, or part of it, is down or busy.
bool Retryable(const grpc::Status& s) {
  return s.error_code() == grpc::StatusCode::UNAVAILABLE ||
         s.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED ||
         s.error_code() == grpc::StatusCode::ABORTED;
}

// Creates Custom PINs through the Bridges, one after another, each retried
// with its own request id until acknowledged; a refusal of any other kind is
// kept as a finding.
class Load {
 public:
  Load(GatewayFixture& g, const Account& owner, const std::vector<std::string>& locks)
      : g_(g), owner_(owner), locks_(locks), thread_([this] { Run(); }) {}
  ~Load() { Stop(); }

  void Stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  std::vector<Made> made() {
    std::lock_guard<std::mutex> lock(mu_);
    return made_;
  }
  std::vector<std::string> findings() {
    std::lock_guard<std::mutex> lock(mu_);
    return findings_;
  }
  int retries() const { return retries_; }

 private:
  void Run() {
    for (int n = 0; !stop_; ++n) {
      const std::string lock = locks_[n % locks_.size()];
      const std::string digits = std::to_string(200000 + n);
      const std::string request_id = keyway::core::NewUuid();
      for (;;) {
        av1::CreateCustomPinResponse out;
        auto s = g_.j.f.CreateCustomPin(owner_, lock, digits, av1::PIN_CHANNEL_BRIDGE, &out, {}, {},
                                        request_id);
        std::lock_guard<std::mutex> guard(mu_);
        if (s.ok()) {
          made_.push_back({out.access().id(), lock, digits});
          break;
        }
        if (!Retryable(s)) {
          findings_.push_back(absl::StrCat(digits, ": ", s.error_code(), " ", s.error_message()));
          break;
        }
        ++retries_;
        if (stop_) return;  // never acknowledged: not counted
        absl::SleepFor(absl::Milliseconds(50));
      }
      absl::SleepFor(absl::Milliseconds(20));
    }
  }

  GatewayFixture& g_;
  const Account owner_;
  const std::vector<std::string> locks_;
  std::atomic<bool> stop_{false};
  std::atomic<int> retries_{0};
  std::mutex mu_;
  std::vector<Made> made_;
  std::vector<std::string> findings_;
  std::thread thread_;
};

void Reconnect(std::vector<BridgedLock>& bridged) {
  for (auto& b : bridged) {
    INFO(b.sim->ConnectAgain().ToString());
    REQUIRE(b.sim->connected());
  }
}

}  // namespace

TEST_CASE("K3: S11: chaos. Bridge PINs while the gateway, jobs, Redis and PostgreSQL go down: none lost, none applied twice") {
  keyway::testing::PrivateServers servers(/*durable=*/true);
  GatewayFixture g(servers.ports().redis_port, absl::Seconds(1), servers.ports().pg_port);
  auto& org = g.j.f.org;
  const Account owner = org.NewOrganisation();
  const std::string property = org.CreateProperty(owner, "Harbour View");
  org.CreateDepartment(owner, "Harbour View", {property});
  std::vector<BridgedLock> bridged;
  std::vector<std::string> locks;
  for (int i = 0; i < 2; ++i) {
    BridgedLock b;
    b.lock_id = org.PairLock(owner, {property});
    auto provisioned = g.j.f.Provision(owner, b.lock_id);
    std::string credential;
    org.CreateBridge(owner, {b.lock_id}, &credential);
    b.sim = std::make_unique<SimBridge>(keyway::rpc::MakeChannel(g.address()), credential,
                                        org.identity().clock());
    b.sim->AddLock({b.lock_id, provisioned.secret(),
                    absl::FromUnixSeconds(provisioned.epoch().seconds())});
    locks.push_back(b.lock_id);
    bridged.push_back(std::move(b));
  }
  Reconnect(bridged);

  Load load(g, owner, locks);
  const absl::Duration down = absl::Milliseconds(1500), between = absl::Milliseconds(1000);
  absl::SleepFor(between);
  g.Stop();  // the gateway
  absl::SleepFor(down);
  g.Restart();
  Reconnect(bridged);
  absl::SleepFor(between);

  g.j.Stop();  // jobs
  absl::SleepFor(down);
  g.j.Start();
  absl::SleepFor(between);

  servers.KillRedis();
  absl::SleepFor(down);
  servers.StartRedis();
  Reconnect(bridged);
  absl::SleepFor(between);

  servers.KillPostgres();
  absl::SleepFor(down);
  servers.StartPostgres();
  Reconnect(bridged);
  absl::SleepFor(between);
  load.Stop();
  for (const auto& finding : load.findings()) FAIL_CHECK("refused for good: " << finding);
  const std::vector<Made> made = load.made();
  INFO(made.size() << " PINs acknowledged after " << load.retries() << " retries");
  REQUIRE(made.size() >= 10);
  CHECK(load.retries() > 0);  // the outages were felt

  Reconnect(bridged);
  for (const auto& m : made) g.j.f.AwaitStatus(owner, m.access_id, av1::ACCESS_STATUS_ACTIVE, absl::Seconds(60));
  int applied = 0;
  for (const auto& b : bridged) applied += b.sim->jobs_applied();
  CHECK(applied == static_cast<int>(made.size()));  // each once at its lock
  CHECK(g.j.f.Count("SELECT count(*) FROM accesses WHERE type = 'custom_pin'") ==
        static_cast<int>(made.size()));  // no create made twice by a retry
  for (const auto& m : made) {
    auto& sim = bridged[m.lock_id == bridged[0].lock_id ? 0 : 1].sim;
    CHECK(sim->TypePin(m.lock_id, m.digits) == Outcome::kOpened);
  }

  // The figures of docs/reliability.md's matrix.
  std::printf("chaos: %zu PINs acknowledged, %d retries, %d jobs applied at the locks\n", made.size(),
              load.retries(), applied);
  keyway::redis::Client redis("127.0.0.1", servers.ports().redis_port);
  for (const std::string& stream : {g.j.f.stream, g.j.f.jobs_stream, org.gateway_stream(),
                                    org.identity().stream(), org.identity().org_stream()}) {
    auto length = redis.Command({"XLEN", stream + ".dead"});
    REQUIRE(length.ok());
    CHECK(length->integer == 0);
  }
}
