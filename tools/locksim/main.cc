// keyway-locksim: simulated Bridges and their locks against a running suite.
// Each lock is the lock model (it checks PINs and keys offline as a real one
// does); each Bridge keeps a BridgeSession, applies the jobs that come down,
// reports battery and log, and reconnects when its link was not dropped on
// purpose; each NB-IoT lock sends heartbeats and activity-log transmissions at
// the intervals Keyway gives it. Commands on stdin, one per line (answers on stdout):
//   status                      the Bridges, online or not, and jobs applied
//   heartbeat <lock>            an NB-IoT lock's heartbeat now, not at its interval
//   app-sync <lock>             the phone app at the lock (--app_email): its
//                               Bluetooth jobs applied and reported (A5)
//   pin <digits> <lock>         type a PIN at a lock's keypad
//   reset <lock>                hard reset a lock (its pending jobs then fail, J2)
//   drop <bridge> | restore <bridge>   cut or restore a Bridge's link
//   report <lock> <battery %>   upload the lock's battery and new log lines now
// A lock or Bridge is named as in the fleet file, or by its id.
#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "fleet.h"
#include "sim_app.h"
#include "sim_nbiot_lock.h"
#include "keyway/core/clock.h"
#include "keyway/core/periodic.h"
#include "keyway/rpc/client.h"
#include "keyway/rpc/flags.h"

ABSL_FLAG(std::string, gateway, "127.0.0.1:50055", "the gateway's gRPC address");
ABSL_FLAG(std::string, fleet, "", "the fleet file (see tools/locksim/fleet.h)");
ABSL_FLAG(absl::Duration, report_every, absl::Seconds(60),
          "how often each lock reports its battery and log through its Bridge");
ABSL_FLAG(std::string, identity, "127.0.0.1:50051", "identity's gRPC address (app-sync logs in)");
ABSL_FLAG(std::string, app_email, "", "app-sync: who holds the phone (an Owner, or a key with Sync)");
ABSL_FLAG(std::string, app_password, "", "app-sync: their password (or KEYWAY_APP_PASSWORD)");

namespace {

using keyway::locksim::Fleet;
using keyway::locksim::FleetBridge;
using keyway::locksim::FleetNbIotLock;
using keyway::locksim::SimApp;
using keyway::locksim::SimBridge;
using keyway::locksim::SimNbIotLock;

struct SimulatedBridge {
  FleetBridge fleet;
  std::unique_ptr<SimBridge> sim;
  bool dropped = false;  // by command: not reconnected until restored
};

struct SimulatedNbIotLock {
  FleetNbIotLock fleet;
  std::unique_ptr<SimNbIotLock> sim;
  absl::Time next_heartbeat = absl::InfinitePast();  // at once, then at its interval
  absl::Time next_log = absl::InfiniteFuture();      // set by the first heartbeat
};

const char* OutcomeName(keyway::lockmodel::Outcome o) {
  switch (o) {
    case keyway::lockmodel::Outcome::kOpened: return "opened";
    case keyway::lockmodel::Outcome::kRefused: return "refused";
    case keyway::lockmodel::Outcome::kLockedOut: return "locked out (too many wrong codes)";
  }
  return "?";
}

class Simulator {
 public:
  Simulator(Fleet fleet, const std::string& gateway) {
    auto channel = keyway::rpc::MakeChannel(gateway);
    if (!absl::GetFlag(FLAGS_app_email).empty()) {
      app_ = std::make_unique<SimApp>(keyway::rpc::MakeChannel(absl::GetFlag(FLAGS_identity)), channel,
                                      absl::GetFlag(FLAGS_app_email),
                                      absl::GetFlag(FLAGS_app_password));
    }
    const auto& clock = keyway::core::SystemClock::Instance();
    for (auto& b : fleet.bridges) {
      auto sim = std::make_unique<SimBridge>(channel, b.credential, clock);
      for (const auto& l : b.locks) sim->AddLock(l.config);
      bridges_.push_back({std::move(b), std::move(sim)});
    }
    for (auto& n : fleet.nbiot_locks) {
      auto sim = std::make_unique<SimNbIotLock>(channel, n.credential, n.lock.config, clock);
      nbiot_.push_back({std::move(n), std::move(sim)});
    }
  }

  // L3, L4: heartbeats and activity-log transmissions that are due.
  void Transmit(absl::Time now) {
    for (auto& n : nbiot_) {
      if (now >= n.next_heartbeat) Heartbeat(n, now);
      if (now >= n.next_log) {
        auto s = n.sim->SendActivityLog();
        if (!s.ok()) std::cout << "activity log of " << n.fleet.lock.name << ": " << s << std::endl;
        n.next_log = now + std::max(n.sim->intervals().activity_log, absl::Minutes(1));
      }
    }
  }

  // Connects every Bridge whose link is not dropped on purpose.
  void KeepConnected() {
    for (auto& b : bridges_) {
      if (b.dropped || b.sim->connected()) continue;
      auto s = b.sim->Connect(absl::Seconds(5));
      std::cout << "bridge " << b.fleet.name << (s.ok() ? " online (" + b.sim->bridge_id() + ")"
                                                        : " cannot connect: " + s.ToString())
                << std::endl;
    }
  }

  void ReportAll(int battery) {
    for (auto& b : bridges_) {
      if (!b.sim->connected()) continue;
      for (const auto& l : b.fleet.locks) (void)b.sim->Report(l.config.lock_id, battery);
    }
  }

  void Heartbeat(SimulatedNbIotLock& n, absl::Time now) {
    auto intervals = n.sim->Heartbeat();
    if (!intervals.ok()) {
      std::cout << "heartbeat of " << n.fleet.lock.name << ": " << intervals.status() << std::endl;
      n.next_heartbeat = now + absl::Minutes(1);  // try again soon
      return;
    }
    std::cout << "heartbeat of " << n.fleet.lock.name << ": jobs applied " << n.sim->jobs_applied()
              << ", next in " << absl::FormatDuration(intervals->heartbeat) << std::endl;
    n.next_heartbeat = now + std::max(intervals->heartbeat, absl::Minutes(1));
    if (n.next_log == absl::InfiniteFuture()) {
      n.next_log = now + std::max(intervals->activity_log, absl::Minutes(1));
    }
  }

  void Run(const std::string& line) {
    std::vector<std::string> w = absl::StrSplit(line, ' ', absl::SkipEmpty());
    if (w.empty()) return;
    if (w[0] == "status") {
      for (auto& b : bridges_) {
        std::cout << "bridge " << b.fleet.name << ": " << (b.sim->connected() ? "online" : "offline")
                  << (b.dropped ? " (dropped)" : "") << ", jobs applied " << b.sim->jobs_applied()
                  << std::endl;
        for (const auto& l : b.fleet.locks) {
          std::cout << "  lock " << l.name << " " << l.config.lock_id
                    << (b.sim->BoltOpen(l.config.lock_id) ? " (held open)" : "") << std::endl;
        }
      }
      for (auto& n : nbiot_) {
        std::cout << "NB-IoT lock " << n.fleet.lock.name << " " << n.fleet.lock.config.lock_id
                  << ": jobs applied " << n.sim->jobs_applied() << ", next heartbeat "
                  << absl::FormatTime("%Y-%m-%d %H:%M:%S UTC", n.next_heartbeat, absl::UTCTimeZone())
                  << std::endl;
      }
    } else if (w[0] == "heartbeat" && w.size() == 2) {
      if (auto* n = FindNbIot(w[1])) {
        Heartbeat(*n, absl::Now());
      } else {
        std::cout << "no NB-IoT lock " << w[1] << " in the fleet" << std::endl;
      }
    } else if (w[0] == "app-sync" && w.size() == 2) {
      AppSync(w[1]);
    } else if (w[0] == "pin" && w.size() == 3) {
      if (auto* n = FindNbIot(w[2])) {
        std::cout << "pin at " << w[2] << ": " << OutcomeName(n->sim->TypePin(w[1])) << std::endl;
        return;
      }
      auto [b, lock] = FindLock(w[2]);
      if (!b) return;
      std::cout << "pin at " << w[2] << ": " << OutcomeName(b->sim->TypePin(lock, w[1])) << std::endl;
    } else if (w[0] == "reset" && w.size() == 2) {
      if (auto* n = FindNbIot(w[1])) {
        n->sim->HardReset();
        std::cout << "lock " << w[1] << " hard reset" << std::endl;
        return;
      }
      auto [b, lock] = FindLock(w[1]);
      if (!b) return;
      b->sim->HardReset(lock);
      std::cout << "lock " << w[1] << " hard reset" << std::endl;
    } else if ((w[0] == "drop" || w[0] == "restore") && w.size() == 2) {
      SimulatedBridge* b = FindBridge(w[1]);
      if (!b) return;
      b->dropped = w[0] == "drop";
      if (b->dropped) {
        b->sim->Disconnect();
        std::cout << "bridge " << w[1] << " link dropped" << std::endl;
      } else {
        KeepConnected();
      }
    } else if (w[0] == "report" && w.size() == 3) {
      auto [b, lock] = FindLock(w[1]);
      int battery = 0;
      if (!b || !absl::SimpleAtoi(w[2], &battery)) return;
      auto s = b->sim->Report(lock, battery);
      std::cout << "report from " << w[1] << ": " << (s.ok() ? "sent" : s.ToString()) << std::endl;
    } else {
      std::cout << "commands: status | pin <digits> <lock> | reset <lock> | heartbeat <lock> | "
                   "app-sync <lock> | drop <bridge> | restore <bridge> | report <lock> <battery %>"
                << std::endl;
    }
  }

 private:
  void AppSync(const std::string& name) {
    if (!app_) {
      std::cout << "app-sync needs an account: start keyway-locksim with --app_email" << std::endl;
      return;
    }
    absl::StatusOr<int> synced;
    if (auto* n = FindNbIot(name)) {
      synced = app_->Sync(n->fleet.lock.config.lock_id,
                          [&](const auto& jobs) { return n->sim->ApplyFromApp(jobs); });
    } else {
      auto [b, lock] = FindLock(name);
      if (!b) return;
      synced = app_->Sync(lock, [&, lock = lock](const auto& jobs) { return b->sim->ApplyFromApp(lock, jobs); });
    }
    if (!synced.ok()) {
      std::cout << "app-sync at " << name << ": " << synced.status() << std::endl;
    } else {
      std::cout << "app-sync at " << name << ": " << *synced << " jobs applied and reported" << std::endl;
    }
  }

  SimulatedNbIotLock* FindNbIot(const std::string& name) {
    for (auto& n : nbiot_) {
      if (n.fleet.lock.name == name || n.fleet.lock.config.lock_id == name) return &n;
    }
    return nullptr;
  }

  std::pair<SimulatedBridge*, std::string> FindLock(const std::string& name) {
    for (auto& b : bridges_) {
      for (const auto& l : b.fleet.locks) {
        if (l.name == name || l.config.lock_id == name) return {&b, l.config.lock_id};
      }
    }
    std::cout << "no lock " << name << " in the fleet" << std::endl;
    return {nullptr, ""};
  }

  SimulatedBridge* FindBridge(const std::string& name) {
    for (auto& b : bridges_) {
      if (b.fleet.name == name || b.sim->bridge_id() == name) return &b;
    }
    std::cout << "no bridge " << name << " in the fleet" << std::endl;
    return nullptr;
  }

  std::vector<SimulatedBridge> bridges_;
  std::vector<SimulatedNbIotLock> nbiot_;
  std::unique_ptr<SimApp> app_;
};

}  // namespace

int main(int argc, char** argv) {
  keyway::rpc::ParseFlags(argc, argv,
                          "keyway-locksim: simulated Bridges and locks; commands on stdin.\n"
                          "Every flag can also be set as KEYWAY_<FLAG>, e.g. KEYWAY_APP_PASSWORD.");
  std::ifstream in(absl::GetFlag(FLAGS_fleet));
  if (!in) {
    std::cerr << "cannot read the fleet file `" << absl::GetFlag(FLAGS_fleet) << "` (--fleet)\n";
    return 2;
  }
  std::stringstream text;
  text << in.rdbuf();
  auto fleet = keyway::locksim::ParseFleet(text.str());
  if (!fleet.ok()) {
    std::cerr << fleet.status().message() << "\n";
    return 2;
  }
  Simulator sim(std::move(*fleet), absl::GetFlag(FLAGS_gateway));
  absl::Mutex mu;  // commands and the timers take turns
  {
    absl::MutexLock l(&mu);
    sim.KeepConnected();
    sim.ReportAll(100);
    sim.Transmit(absl::Now());
  }
  keyway::core::PeriodicTask transmit(absl::Seconds(1), [&] {
    absl::MutexLock l(&mu);
    sim.Transmit(absl::Now());
  });
  keyway::core::PeriodicTask reconnect(absl::Seconds(3), [&] {
    absl::MutexLock l(&mu);
    sim.KeepConnected();
  });
  keyway::core::PeriodicTask report(absl::GetFlag(FLAGS_report_every), [&] {
    absl::MutexLock l(&mu);
    sim.ReportAll(97);
  });
  std::string line;
  while (std::getline(std::cin, line)) {
    absl::MutexLock l(&mu);
    sim.Run(line);
  }
  return 0;
}
