#include "bridge_scenario.h"

#include <dirent.h>

#include <algorithm>

#include <fstream>
#include <iostream>
#include <random>
#include <set>

#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "keyway/access/v1/access_service.grpc.pb.h"
#include "keyway/core/clock.h"
#include "keyway/core/random.h"
#include "keyway/org/v1/org_service.grpc.pb.h"
#include "keyway/rpc/client.h"
#include "sim_bridge.h"

namespace keyway::loadgen {
namespace {

namespace av1 = keyway::access::v1;
namespace ov1 = keyway::org::v1;

[[noreturn]] void Fail(const std::string& what, const grpc::Status& s) {
  std::cerr << what << ": " << s.error_message() << "\n";
  std::exit(1);
}

// The gateway's resident memory, when it runs on this machine (kB; 0 if not found).
long GatewayRssKb() {
  DIR* proc = opendir("/proc");
  if (!proc) return 0;
  long rss = 0;
  while (dirent* e = readdir(proc)) {
    std::ifstream comm(std::string("/proc/") + e->d_name + "/comm");
    std::string name;
    if (!comm || !std::getline(comm, name) || name != "keyway-gateway") continue;
    std::ifstream status(std::string("/proc/") + e->d_name + "/status");
    for (std::string line; std::getline(status, line);) {
      if (line.rfind("VmRSS:", 0) == 0) rss = std::stol(line.substr(6));
    }
  }
  closedir(proc);
  return rss;
}

// Sessions spread over several connections, as Bridges from many places would be.
std::shared_ptr<grpc::Channel> ConnectionFor(const std::string& address, int index) {
  grpc::ChannelArguments args;
  args.SetInt("keyway.loadgen.connection", index);  // a distinct connection per value
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
}

// The Bridges' confirmations that their lock applied each Custom PIN.
class Confirmations {
 public:
  void Confirm(const std::string& access_id) {
    absl::MutexLock l(&mu_);
    confirmed_.insert(access_id);
  }
  bool Await(const std::string& access_id, absl::Duration patience) {
    absl::MutexLock l(&mu_);
    auto done = [&]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return confirmed_.count(access_id) > 0; };
    const bool confirmed = mu_.AwaitWithTimeout(absl::Condition(&done), patience);
    confirmed_.erase(access_id);
    return confirmed;
  }

 private:
  absl::Mutex mu_;
  std::set<std::string> confirmed_ ABSL_GUARDED_BY(mu_);
};

}  // namespace

Report RunCustomPinViaBridge(const BridgeScenarioOptions& o, std::string* label) {
  auto org = ov1::OrgService::NewStub(rpc::MakeChannel(o.org));
  auto access = av1::AccessService::NewStub(rpc::MakeChannel(o.access));
  auto ctx = [&] { return rpc::MakeContext(absl::Seconds(10), o.token); };

  ov1::ListPropertiesResponse properties;
  if (auto s = org->ListProperties(ctx().get(), {}, &properties); !s.ok() || properties.properties().empty()) {
    Fail("the caller needs a property for the load test's locks", s);
  }
  const std::string property = properties.properties(0).id();
  std::string run = core::RandomToken(4);
  std::replace(run.begin(), run.end(), '_', '-');  // serial numbers: letters, digits and '-'
  std::cerr << "registering " << o.bridges << " Bridges, each with a new lock, in property "
            << properties.properties(0).name() << "\n";
  std::vector<std::unique_ptr<locksim::SimBridge>> bridges;
  std::vector<std::string> locks;
  Confirmations confirmations;
  for (int i = 0; i < o.bridges; ++i) {
    ov1::PairLockRequest pair;
    pair.set_serial_number(absl::StrFormat("LOADGEN-%s-%05d", run, i));
    pair.set_model("IGB4");
    pair.set_name(absl::StrFormat("Load test %s lock %d", run, i));
    pair.add_property_ids(property);
    ov1::PairLockResponse paired;
    if (auto s = org->PairLock(ctx().get(), pair, &paired); !s.ok()) Fail("PairLock", s);
    av1::ProvisionLockRequest provision;
    provision.set_lock_id(paired.lock().id());
    av1::ProvisionLockResponse secret;
    // access makes the secret when org's LockPaired reaches it: moments later.
    grpc::Status provisioned;
    for (int attempt = 0; attempt < 100; ++attempt) {
      provisioned = access->ProvisionLock(ctx().get(), provision, &secret);
      if (provisioned.error_code() != grpc::StatusCode::UNAVAILABLE) break;
      absl::SleepFor(absl::Milliseconds(50));
    }
    if (!provisioned.ok()) Fail("ProvisionLock", provisioned);
    ov1::CreateAccessoryRequest accessory;
    accessory.set_kind(ov1::ACCESSORY_KIND_BRIDGE);
    accessory.set_serial_number(absl::StrFormat("LOADGEN-BR-%s-%05d", run, i));
    accessory.set_name(absl::StrFormat("Load test %s bridge %d", run, i));
    accessory.add_lock_ids(paired.lock().id());
    ov1::CreateAccessoryResponse bridge;
    if (auto s = org->CreateAccessory(ctx().get(), accessory, &bridge); !s.ok()) Fail("CreateAccessory", s);
    auto sim = std::make_unique<locksim::SimBridge>(ConnectionFor(o.gateway, i / 100),
                                                     bridge.bridge_credential(),
                                                     core::SystemClock::Instance());
    sim->AddLock({paired.lock().id(), secret.secret(), absl::FromUnixSeconds(secret.epoch().seconds())});
    sim->OnAnswered([&confirmations](const locksim::SimBridge::Answer& answer) {
      if (answer.applied && !answer.access_id.empty()) confirmations.Confirm(answer.access_id);
    });
    bridges.push_back(std::move(sim));
    locks.push_back(paired.lock().id());
  }
  const long rss_before = GatewayRssKb();
  const absl::Time connecting = absl::Now();
  for (auto& b : bridges) {
    if (auto s = b->Connect(); !s.ok()) {
      std::cerr << "a Bridge could not connect: " << s << "\n";
      std::exit(1);
    }
  }
  const absl::Duration connect_time = absl::Now() - connecting;
  absl::SleepFor(absl::Seconds(1));  // let the gateway settle before measuring
  const long rss_after = GatewayRssKb();
  *label = absl::StrFormat(
      "bridges=%d connect_all=%.1fs gateway_rss_kb=%ld->%ld (%.1f kB per session)", o.bridges,
      absl::ToDoubleSeconds(connect_time), rss_before, rss_after,
      o.bridges > 0 ? static_cast<double>(rss_after - rss_before) / o.bridges : 0.0);

  std::vector<std::mt19937> rng;
  for (int i = 0; i < o.concurrency; ++i) rng.emplace_back(std::random_device{}());
  std::vector<size_t> next(o.concurrency, 0);
  Report report = RunClosedLoop(o.concurrency, o.duration, [&](int caller) -> std::string {
    // Caller c uses locks c, c + C, c + 2C...: one job in flight per lock.
    const size_t index = (caller + next[caller]++ * o.concurrency) % locks.size();
    const std::string& lock = locks[index];
    av1::CreateCustomPinRequest req;
    req.set_lock_id(lock);
    req.set_pin(absl::StrFormat("%08u", static_cast<unsigned>(rng[caller]() % 100000000)));
    req.set_name("Load test");
    req.set_channel(av1::PIN_CHANNEL_BRIDGE);
    av1::CreateCustomPinResponse resp;
    auto s = access->CreateCustomPin(ctx().get(), req, &resp);
    if (!s.ok()) return absl::StrFormat("%d %s", s.error_code(), s.error_message());
    if (!confirmations.Await(resp.access().id(), absl::Seconds(30))) {
      return "the Bridge did not confirm within 30 s";
    }
    return "";
  });
  for (auto& b : bridges) b->Disconnect();
  return report;
}

}  // namespace keyway::loadgen
