#pragma once
// One Bridge's open session on this replica: who it is, the stream its
// messages go down, and the jobs sent that it has not answered yet.

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "keyway/gateway/v1/gateway_service.pb.h"

namespace keyway::gateway {

// Where a session's messages go: its gRPC stream. Called under the session's
// lock, so never once the stream said it ended (BridgeSession::End).
class SessionLink {
 public:
  virtual ~SessionLink() = default;
  // Queues the message; it goes down in order, without blocking the caller.
  virtual void Send(v1::BridgeSessionResponse message) = 0;
  // Ends the stream with `why`.
  virtual void Cancel(const absl::Status& why) = 0;
};

class BridgeSession {
 public:
  BridgeSession(std::string organisation_id, std::string bridge_id, std::string credential,
                std::vector<std::string> lock_ids, SessionLink* link);

  // What this session writes in Redis presence keys: its replica and when it
  // opened, so that a newer session of the Bridge elsewhere wins (L7).
  const std::string& presence_stamp() const { return presence_stamp_; }
  void set_presence_stamp(std::string stamp) { presence_stamp_ = std::move(stamp); }

  const std::string& organisation_id() const { return organisation_id_; }
  const std::string& bridge_id() const { return bridge_id_; }
  // Kept in memory only, to ask org again which locks the Bridge serves.
  const std::string& credential() const { return credential_; }
  std::vector<std::string> lock_ids() const;
  bool Serves(const std::string& lock_id) const;
  void SetLocks(std::vector<std::string> lock_ids);

  void Push(v1::BridgeSessionResponse message);
  // Ends the session from outside (replaced, or its Bridge removed): the
  // stream is ended with `why`, under the session's lock, so never after
  // End() (once the stream may be gone).
  void Close(const absl::Status& why);
  // The stream ended: it is never touched again.
  void End();
  bool closed() const;

  // At least once on the wire: a job is sent again only when unanswered
  // for `resend_after`. `version` is the job's update time as claimed.
  // Sends `job` now when due, noting it sent; the check and the send are
  // one step, so that two claims racing keep a lock's jobs in order.
  bool SendIfDue(const std::string& job_id, absl::Time version, absl::Time now,
                 absl::Duration resend_after, v1::BridgeSessionResponse job);
  // The lock was not reached (J2): the job goes again with the next claim,
  // ahead of any later job of its lock, which must not overtake it.
  void NotReached(const std::string& job_id);
  // The job was settled as of `version`: a claim that began before must not
  // send that version again (a recreated job, newer, goes).
  void Answered(const std::string& job_id, absl::Time version, absl::Time now);
  // Forgets jobs unanswered since before `before` (deleted meanwhile, say).
  void ForgetSentBefore(absl::Time before);

  absl::Time last_published() const;
  void set_last_published(absl::Time t);
  absl::Time last_authenticated() const;
  void set_last_authenticated(absl::Time t);

 private:
  const std::string organisation_id_, bridge_id_, credential_;
  std::string presence_stamp_;  // set once, before the session is shared
  mutable absl::Mutex mu_;
  SessionLink* link_ ABSL_GUARDED_BY(mu_);  // null once the stream ended
  std::vector<std::string> lock_ids_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, absl::Time> sent_ ABSL_GUARDED_BY(mu_);
  struct Settled {
    absl::Time version, noted;
  };
  absl::flat_hash_map<std::string, Settled> answered_ ABSL_GUARDED_BY(mu_);
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
  absl::Time last_published_ ABSL_GUARDED_BY(mu_);
  absl::Time last_authenticated_ ABSL_GUARDED_BY(mu_);
};

}  // namespace keyway::gateway
