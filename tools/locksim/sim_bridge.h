#pragma once
// A simulated Bridge with its locks: it opens a BridgeSession with its own
// credential, applies the jobs that come down to lock models (which really
// check PINs and keys offline), and answers each. Its link can drop and come
// back; its locks can be hard reset and have PINs typed at them. Used by
// keyway-locksim, the end-to-end tests and the load generator.

#include <functional>
#include <map>
#include <set>
#include <memory>
#include <string>
#include <thread>

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "keyway/core/clock.h"
#include "keyway/gateway/v1/gateway_service.grpc.pb.h"
#include "keyway/lockmodel/lock.h"

namespace keyway::locksim {

// A paired lock as it left the factory and access's ProvisionLock.
struct LockConfig {
  std::string lock_id;  // its UUID
  std::string secret;   // 32 bytes
  absl::Time epoch;
};

class SimBridge {
 public:
  SimBridge(std::shared_ptr<grpc::Channel> gateway, std::string credential,
            const core::Clock& clock);
  ~SimBridge();
  SimBridge(const SimBridge&) = delete;
  SimBridge& operator=(const SimBridge&) = delete;

  void AddLock(const LockConfig& lock);
  // Opens the session; OK once the gateway has welcomed it.
  absl::Status Connect(absl::Duration patience = absl::Seconds(10));
  // Connect again and again until a session holds: a gateway restarting,
  // or whose database or Redis is, refuses Bridges for a while. Gives up
  // after `patience` with the last refusal. OK at once when connected.
  absl::Status ConnectAgain(absl::Duration patience = absl::Seconds(30));
  // The link drops: jobs wait at Keyway until it is back.
  void Disconnect();
  bool connected() const;
  // Empty until the first welcome.
  std::string bridge_id() const;

  // The keypad of one of its locks.
  lockmodel::Outcome TypePin(const std::string& lock_id, const std::string& code);
  // J2: the lock forgets its PINs and applied jobs.
  void HardReset(const std::string& lock_id);
  bool BoltOpen(const std::string& lock_id) const;
  // A5: jobs the phone app hands the lock over Bluetooth; a result each.
  std::vector<gateway::v1::JobResult> ApplyFromApp(const std::string& lock_id,
                                                   const std::vector<gateway::v1::DeviceJob>& jobs);
  // L1, L5: the lock's battery and its log lines not uploaded yet.
  absl::Status Report(const std::string& lock_id, int battery_percent);
  // What the Bridge answered for one job.
  struct Answer {
    std::string lock_id, job_id;
    std::string access_id;  // the Custom PIN's, for PIN jobs
    bool applied = false;
  };
  // Called after each job is answered (from the session's thread).
  using AnsweredCallback = std::function<void(const Answer&)>;
  void OnAnswered(AnsweredCallback callback);
  // Distinct jobs its locks applied (a job sent twice counts once).
  int jobs_applied() const;

 private:
  void ReadUntilClosed(grpc::ClientReaderWriter<gateway::v1::BridgeSessionRequest, gateway::v1::BridgeSessionResponse>* stream);
  void Apply(const gateway::v1::BridgeJob& job);
  bool Send(const gateway::v1::BridgeSessionRequest& message);

  std::unique_ptr<gateway::v1::DeviceService::Stub> stub_;
  const std::string credential_;
  const core::Clock& clock_;

  mutable absl::Mutex mu_;  // the locks and the session state
  struct SimLock {
    std::unique_ptr<lockmodel::Lock> lock;
    std::string secret;
    size_t uploaded = 0;  // activity lines already reported
  };
  std::map<std::string, SimLock> locks_ ABSL_GUARDED_BY(mu_);
  std::string bridge_id_ ABSL_GUARDED_BY(mu_);
  bool welcomed_ ABSL_GUARDED_BY(mu_) = false;
  bool connected_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status ended_ ABSL_GUARDED_BY(mu_);  // how the gateway ended the last stream
  std::set<std::string> applied_ ABSL_GUARDED_BY(mu_);
  AnsweredCallback on_answered_ ABSL_GUARDED_BY(mu_);

  absl::Mutex write_mu_;  // one writer at a time on the stream
  std::unique_ptr<grpc::ClientContext> context_;
  std::unique_ptr<grpc::ClientReaderWriter<gateway::v1::BridgeSessionRequest, gateway::v1::BridgeSessionResponse>> stream_;
  std::thread reader_;
};

}  // namespace keyway::locksim
