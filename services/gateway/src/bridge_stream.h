#pragma once
// One Bridge's BridgeSession stream on gRPC's callback API (L7): a waiting
// Bridge holds no thread, so a replica keeps thousands of them open. What
// blocks (org, jobs, Redis, the database) runs on the worker pool: the hello,
// then each message the Bridge sends, one at a time and in order (the next
// read starts once the last message was handled, so a fast Bridge cannot
// flood the pool). Messages for the Bridge go down one write at a time.

#include <deque>
#include <memory>
#include <optional>

#include <grpcpp/support/server_callback.h>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "bridge_hub.h"
#include "bridge_session.h"
#include "hello_gate.h"
#include "keyway/core/periodic.h"
#include "keyway/core/worker_pool.h"

namespace keyway::gateway {

class BridgeStream;

// Streams that have not said hello yet: each is ended once it has waited
// `within`, so a client that never speaks holds nothing for long.
class HelloWatch {
 public:
  explicit HelloWatch(absl::Duration within);
  absl::Duration within() const { return within_; }
  void Add(BridgeStream* stream);
  // After this returns, the watch never touches the stream again.
  void Remove(BridgeStream* stream);

 private:
  void Check();

  const absl::Duration within_;
  absl::Mutex mu_;
  absl::flat_hash_map<BridgeStream*, absl::Time> waiting_ ABSL_GUARDED_BY(mu_);
  core::PeriodicTask ticks_;  // last: starts once the members above exist
};

class BridgeStream final
    : public grpc::ServerBidiReactor<v1::BridgeSessionRequest, v1::BridgeSessionResponse>,
      public SessionLink {
 public:
  // Deletes itself once gRPC and its tasks are done with it.
  // Refused at once (RESOURCE_EXHAUSTED) when `gate` has no room for another
  // stream from `address` that has not authenticated yet.
  BridgeStream(BridgeHub& hub, core::WorkerPool& workers, HelloWatch& hello_watch,
               HelloGate& gate, std::string address);

  // SessionLink, from the hub under the session's lock.
  void Send(v1::BridgeSessionResponse message) override;
  void Cancel(const absl::Status& why) override;

 private:
  ~BridgeStream() override = default;
  void OnReadDone(bool ok) override;
  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

  friend class HelloWatch;
  void HelloTimedOut();
  // On a worker: the hello, or the next message of the open session.
  void Handle();
  // Handle(), ending the session (not the process) on anything it throws.
  void HandleGuarded();
  void WriteNextLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Ends the stream once no write is in flight; only the first word counts.
  void FinishLocked(const grpc::Status& status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // gRPC and each task hold the stream; the last to let go ends the session
  // at the hub and deletes the stream.
  void Release();
  // Off gate_'s budget, once: on authentication or at the end.
  void LeaveGateLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  BridgeHub& hub_;
  core::WorkerPool& workers_;
  HelloWatch& hello_watch_;
  HelloGate& gate_;
  const std::string address_;
  // The message read, handled before the next read starts: no lock needed.
  v1::BridgeSessionRequest in_;
  // Set by the hello's task; later tasks and the last Release follow it.
  std::shared_ptr<BridgeSession> session_;

  absl::Mutex mu_;
  std::deque<v1::BridgeSessionResponse> queued_ ABSL_GUARDED_BY(mu_);
  v1::BridgeSessionResponse writing_message_ ABSL_GUARDED_BY(mu_);
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool said_hello_ ABSL_GUARDED_BY(mu_) = false;
  std::optional<grpc::Status> finish_ ABSL_GUARDED_BY(mu_);  // wanted
  bool finished_ ABSL_GUARDED_BY(mu_) = false;              // sent to gRPC
  int holds_ ABSL_GUARDED_BY(mu_) = 1;  // gRPC's, until OnDone
  bool in_gate_ ABSL_GUARDED_BY(mu_) = false;  // counted by gate_ as not yet authenticated
};

}  // namespace keyway::gateway
