#pragma once
// A smart lock in C++: what a real lock keeps and decides offline. Its secret
// and clock; Custom PINs; Remote PINs checked with AlgoPIN; Bluetooth key
// credentials; the wrong-attempt lockout; the activity log; and the jobs
// that change it, each applied exactly once. The simulator drives it; the
// tests use it to prove that what Keyway issues opens the lock exactly when
// it should.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "keyway/algopin/verifier.h"
#include "keyway/core/clock.h"
#include "keyway/jobs/v1/jobs_service.pb.h"
#include "keyway/lockmodel/key_credential.h"

namespace keyway::lockmodel {

// The wrong-attempt lockout: after 5 wrong codes the keypad refuses for 15
// minutes, doubling at each further 5 up to 24 hours. Wrong codes are
// forgotten only after 24 hours without one: a right code does not reset
// them, and neither does a hard reset.
inline constexpr int kWrongAttemptsBeforeLockout = 5;
inline constexpr absl::Duration kFirstLockout = absl::Minutes(15);
inline constexpr absl::Duration kLongestLockout = absl::Hours(24);
inline constexpr absl::Duration kWrongAttemptsForgottenAfter = absl::Hours(24);

enum class Outcome { kOpened, kRefused, kLockedOut };

struct Activity {
  absl::Time at;
  std::string event;   // "unlock.custom_pin", "unlock.remote_pin", "unlock.bluetooth",
                       // "refused.pin", "refused.key", "keypad.locked_out", "job.applied", ...
  std::string detail;  // the PIN or key id, never a PIN's digits
};

struct CustomPin {
  std::string id;
  std::string digits;
  absl::Time start = absl::InfinitePast();
  absl::Time end = absl::InfiniteFuture();
};

// A job a lock applies (jobs service, J1).
struct Job {
  enum class Kind {
    kAddCustomPin, kDeleteCustomPin, kRevokeRemotePin, kRevokeKey,
    kLock, kUnlock, kSync,  // L6: commands through a Bridge
    kSetIntervals,          // L3: an NB-IoT lock's intervals
    kRotateSecret,          // S7: the lock takes a new secret
  };
  std::string id;
  Kind kind;
  CustomPin custom_pin;                 // kAddCustomPin; its id for kDeleteCustomPin
  algopin::RemotePin remote_pin{};      // kRevokeRemotePin
  std::string key_id;                   // kRevokeKey
  absl::Duration activity_log_interval = absl::ZeroDuration();  // kSetIntervals
  absl::Duration heartbeat_interval = absl::ZeroDuration();
  std::string new_secret{};  // kRotateSecret: 32 bytes
  absl::Time not_after = absl::InfiniteFuture();  // a command arriving later is refused (L6)
  // S6: the seal's counter; 0 for a job the model is handed unsealed (its
  // own unit tests), which no replay check covers.
  uint64_t counter = 0;
};

// S6: a lock applies each sealed counter once, and refuses one this far
// behind the newest it applied (it remembers only so many).
inline constexpr uint64_t kJobReplayWindow = 4096;

// S6: what the lock says of a job it was handed, signed with its key, for the
// phone or Bridge to carry back (jobs settles a job only on this).
struct JobAnswer {
  std::string job_id;
  keyway::jobs::v1::JobOutcome outcome = keyway::jobs::v1::JOB_OUTCOME_UNSPECIFIED;
  std::string reason;
  std::string signature;  // jobseal::SignResult over lock, job, outcome and reason
};

struct LockSetup {
  std::string lock_id;  // 16 bytes: the AlgoPIN tweak; and the id keys name
  std::string secret;   // 32 bytes
  absl::Time epoch;     // pairing time
  std::string key_lock_id;  // the lock's id as Bluetooth keys name it (text)
};

class Lock {
 public:
  Lock(LockSetup setup, const core::Clock& clock);

  // The keypad: Custom PINs first, then Remote PINs.
  Outcome TypePin(const std::string& code);
  // The app presents a Bluetooth key credential to unlock.
  Outcome PresentKey(const std::string& credential);

  // S6: a sealed job (keyway.jobs.v1.SealedLockJob) as a phone or Bridge
  // hands it over: opened with the lock's secret, applied, and answered with
  // a signed result. UNAUTHENTICATED for one that does not open for this
  // lock (forged, altered, another lock's): nothing changes and nothing is
  // signed, so its carrier can only say it was not applied.
  absl::StatusOr<JobAnswer> Receive(const std::string& sealed);

  // What the lock does with a job it opened; devices reach it only through
  // Receive. FAILED_PRECONDITION for a job this lock cannot apply as is (J2:
  // for example after a hard reset, when the PIN to delete is not there), or
  // a replayed or too old counter (S6). A job already applied is OK and
  // changes nothing (exactly once at the lock).
  absl::Status Apply(const Job& job);

  // S7: the secret now (it changes when a rotation job lands).
  const std::string& secret() const { return setup_.secret; }

  // Custom PINs and applied jobs go (J2); the secret, every revocation, the
  // counters of applied jobs and the wrong-code count stay, so a reset never
  // revives a revoked credential and a replayed job never applies again.
  void HardReset();

  const std::vector<Activity>& activity() const { return activity_; }
  // L6: whether the bolt is held open, as the last Lock or Unlock command left it.
  bool bolt_open() const { return bolt_open_; }
  // L3: the intervals the last SetIntervals job gave; zero before any.
  absl::Duration activity_log_interval() const { return activity_log_interval_; }
  absl::Duration heartbeat_interval() const { return heartbeat_interval_; }
  size_t custom_pin_count() const { return custom_pins_.size(); }

 private:
  bool LockedOut(absl::Time now);
  void CountWrong(absl::Time now);
  void Log(absl::Time now, std::string event, std::string detail = "");

  LockSetup setup_;
  const core::Clock& clock_;
  algopin::RemotePinVerifier remote_pins_;
  std::map<std::string, CustomPin> custom_pins_;  // by id
  std::map<std::string, absl::Time> revoked_keys_;  // key id -> until its end
  std::set<std::string> applied_jobs_;
  std::set<uint64_t> applied_counters_;  // within kJobReplayWindow of the newest
  uint64_t newest_counter_ = 0;
  // S7: after a rotation, jobs sealed before it (a lower counter) still open
  // under the secret it replaced; nothing else does.
  std::string previous_secret_;
  uint64_t rotated_at_counter_ = 0;
  int wrong_in_a_row_ = 0;
  absl::Time last_wrong_ = absl::InfinitePast();
  int lockouts_in_a_row_ = 0;
  absl::Time locked_until_ = absl::InfinitePast();
  std::vector<Activity> activity_;
  bool bolt_open_ = false;
  absl::Duration activity_log_interval_ = absl::ZeroDuration();
  absl::Duration heartbeat_interval_ = absl::ZeroDuration();
};

}  // namespace keyway::lockmodel
