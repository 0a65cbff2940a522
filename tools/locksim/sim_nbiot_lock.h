#pragma once
// A simulated NB-IoT lock (L3, L4): the lock model with its own network link.
// Each heartbeat reports its battery and radio, hands back what became of
// the jobs the last one brought, uploads its log, applies the jobs that come
// back and keeps the intervals it is given; an activity-log transmission
// uploads the log only.

#include <memory>
#include <set>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "keyway/core/clock.h"
#include "keyway/gateway/v1/gateway_service.grpc.pb.h"
#include "keyway/lockmodel/lock.h"
#include "sim_bridge.h"

namespace keyway::locksim {

struct Intervals {
  absl::Duration activity_log = absl::ZeroDuration();
  absl::Duration heartbeat = absl::ZeroDuration();
};

class SimNbIotLock {
 public:
  SimNbIotLock(std::shared_ptr<grpc::Channel> gateway, std::string credential,
               const LockConfig& lock, const core::Clock& clock);

  // One heartbeat; returns the intervals Keyway gave (kept for the next ones).
  absl::StatusOr<Intervals> Heartbeat(int battery_percent = 88, int signal_dbm = -97);
  absl::Status SendActivityLog();
  // What Keyway's last answer said, and what the lock itself keeps (from its
  // SetIntervals jobs).
  Intervals intervals() const;
  Intervals lock_intervals() const;
  // Distinct jobs the lock applied.
  int jobs_applied() const;

  // A5: jobs the phone app hands the lock over Bluetooth; a result each.
  std::vector<gateway::v1::JobResult> ApplyFromApp(const std::vector<gateway::v1::DeviceJob>& jobs);
  lockmodel::Outcome TypePin(const std::string& code);
  void HardReset();
  bool BoltOpen() const;
  const std::string& lock_id() const { return lock_id_; }

 private:
  // The log lines not uploaded yet.
  void AddActivity(gateway::v1::HeartbeatRequest& req) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // One job at the lock, and what the lock says of it.
  gateway::v1::JobResult ApplyLocked(const gateway::v1::DeviceJob& job)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  std::unique_ptr<gateway::v1::DeviceService::Stub> stub_;
  const std::string credential_, lock_id_, secret_;
  mutable absl::Mutex mu_;
  lockmodel::Lock lock_ ABSL_GUARDED_BY(mu_);
  size_t uploaded_ ABSL_GUARDED_BY(mu_) = 0;
  size_t pending_upload_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<gateway::v1::JobResult> results_ ABSL_GUARDED_BY(mu_);  // for the next heartbeat
  Intervals intervals_ ABSL_GUARDED_BY(mu_);
  std::set<std::string> applied_ ABSL_GUARDED_BY(mu_);  // distinct job ids
};

}  // namespace keyway::locksim
