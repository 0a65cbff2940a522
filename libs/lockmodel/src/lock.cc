#include "keyway/lockmodel/lock.h"

#include "absl/strings/str_cat.h"
#include "keyway/jobseal/job_result.h"
#include "keyway/jobseal/sealed_job.h"
#include "keyway/lockmodel/device_job.h"

namespace keyway::lockmodel {

Lock::Lock(LockSetup setup, const core::Clock& clock)
    : setup_(std::move(setup)),
      clock_(clock),
      remote_pins_(*algopin::PinCodec::Create(setup_.secret, setup_.lock_id, setup_.epoch)) {}

void Lock::Log(absl::Time now, std::string event, std::string detail) {
  activity_.push_back({now, std::move(event), std::move(detail)});
}

bool Lock::LockedOut(absl::Time now) { return now < locked_until_; }

void Lock::CountWrong(absl::Time now) {
  // Only a quiet day forgets wrong codes; a right one does not, or a person
  // with a PIN of their own could guess between two openings forever.
  if (now - last_wrong_ >= kWrongAttemptsForgottenAfter) wrong_in_a_row_ = lockouts_in_a_row_ = 0;
  last_wrong_ = now;
  if (++wrong_in_a_row_ < kWrongAttemptsBeforeLockout) return;
  wrong_in_a_row_ = 0;
  absl::Duration lockout = kFirstLockout;
  for (int i = 0; i < lockouts_in_a_row_ && lockout < kLongestLockout; ++i) lockout *= 2;
  lockout = std::min(lockout, kLongestLockout);
  ++lockouts_in_a_row_;
  locked_until_ = now + lockout;
  Log(now, "keypad.locked_out", absl::StrCat(absl::ToInt64Minutes(lockout), " min"));
}

Outcome Lock::TypePin(const std::string& code) {
  const absl::Time now = clock_.Now();
  if (LockedOut(now)) {
    Log(now, "refused.locked_out");
    return Outcome::kLockedOut;
  }
  for (const auto& [id, pin] : custom_pins_) {
    if (pin.digits == code && now >= pin.start && now < pin.end) {
      Log(now, "unlock.custom_pin", id);
      return Outcome::kOpened;
    }
  }
  algopin::PinCheck check = remote_pins_.Check(code, now);
  if (check == algopin::PinCheck::kOpen) {
    Log(now, "unlock.remote_pin");
    return Outcome::kOpened;
  }
  Log(now, "refused.pin", algopin::PinCheckName(check));
  CountWrong(now);
  return Outcome::kRefused;
}

Outcome Lock::PresentKey(const std::string& credential) {
  const absl::Time now = clock_.Now();
  auto key = ReadKeyCredential(setup_.secret, credential);
  if (!key.ok() || key->lock_id != setup_.key_lock_id) {
    Log(now, "refused.key", "not a key of this lock");
    return Outcome::kRefused;
  }
  auto revoked = revoked_keys_.find(key->key_id);
  if (revoked != revoked_keys_.end() && now < revoked->second) {
    Log(now, "refused.key", key->key_id + ": revoked");
    return Outcome::kRefused;
  }
  if (!key->permissions.unlock || now < key->start || now >= key->end) {
    Log(now, "refused.key", key->key_id + ": outside its window or without unlock");
    return Outcome::kRefused;
  }
  Log(now, "unlock.bluetooth", key->key_id);
  return Outcome::kOpened;
}

absl::Status Lock::Apply(const Job& job) {
  const absl::Time now = clock_.Now();
  if (applied_jobs_.count(job.id)) return absl::OkStatus();  // delivered again: already done
  if (job.counter > 0) {
    // S6: the job id is forgotten at a hard reset, its counter is not: an
    // old add of a PIN deleted since must not come back with the reset.
    if (applied_counters_.count(job.counter)) {
      Log(now, "job.replayed", job.id);
      return absl::FailedPreconditionError(
          "the lock applied this job before a hard reset: it is not applied again");
    }
    if (job.counter + kJobReplayWindow <= newest_counter_) {
      Log(now, "job.too_old", job.id);
      return absl::FailedPreconditionError(absl::StrCat(
          "the job is older than the last ", kJobReplayWindow, " this lock applied: refused"));
    }
  }
  if (now > job.not_after) {
    Log(now, "job.expired", job.id);
    return absl::FailedPreconditionError("the command came too late: the lock refused it");
  }
  switch (job.kind) {
    case Job::Kind::kAddCustomPin: {
      for (const auto& [id, pin] : custom_pins_) {
        if (pin.digits == job.custom_pin.digits && id != job.custom_pin.id) {
          Log(now, "job.failed", job.id);
          return absl::FailedPreconditionError("the lock already has a PIN with these digits");
        }
      }
      custom_pins_[job.custom_pin.id] = job.custom_pin;
      break;
    }
    case Job::Kind::kDeleteCustomPin:
      if (custom_pins_.erase(job.custom_pin.id) == 0) {
        Log(now, "job.failed", job.id);
        return absl::FailedPreconditionError("the lock has no such PIN (was it hard reset?)");
      }
      break;
    case Job::Kind::kRevokeRemotePin:
      remote_pins_.Revoke(job.remote_pin);
      break;
    case Job::Kind::kRevokeKey:
      revoked_keys_[job.key_id] = absl::InfiniteFuture();
      break;
    case Job::Kind::kLock:
      bolt_open_ = false;
      Log(now, "lock.remote", job.id);
      break;
    case Job::Kind::kUnlock:
      bolt_open_ = true;
      Log(now, "unlock.remote", job.id);
      break;
    case Job::Kind::kSync:  // the clock and log travel with the Bridge's report
      Log(now, "sync.remote", job.id);
      break;
    case Job::Kind::kSetIntervals:
      activity_log_interval_ = job.activity_log_interval;
      heartbeat_interval_ = job.heartbeat_interval;
      break;
    case Job::Kind::kRotateSecret:
      // S7: Remote PINs and key credentials of the old secret stop here.
      // Custom PINs are digits the lock holds, not the secret's: they stay.
      previous_secret_ = setup_.secret;
      rotated_at_counter_ = job.counter;
      setup_.secret = job.new_secret;
      remote_pins_ = algopin::RemotePinVerifier(
          *algopin::PinCodec::Create(setup_.secret, setup_.lock_id, setup_.epoch));
      Log(now, "lock.secret_rotated", job.id);
      break;
  }
  applied_jobs_.insert(job.id);
  if (job.counter > 0) {
    applied_counters_.insert(job.counter);
    newest_counter_ = std::max(newest_counter_, job.counter);
    // What is out of the window is refused by the check above: forget it.
    while (!applied_counters_.empty() &&
           *applied_counters_.begin() + kJobReplayWindow <= newest_counter_) {
      applied_counters_.erase(applied_counters_.begin());
    }
  }
  Log(now, "job.applied", job.id);
  return absl::OkStatus();
}

absl::StatusOr<JobAnswer> Lock::Receive(const std::string& sealed) {
  namespace jv1 = keyway::jobs::v1;
  // The job opens under the secret now, or (S7) was sealed before the last
  // rotation under the one it replaced; it is read, and answered, under the
  // secret that opened it (jobs checks the answer with that secret's key).
  const std::string secret = setup_.secret;
  std::string opened_with = secret;
  auto opened = jobseal::OpenJob(secret, setup_.key_lock_id, sealed);
  if (!opened.ok() && !previous_secret_.empty()) {
    auto before = jobseal::OpenJob(previous_secret_, setup_.key_lock_id, sealed);
    if (before.ok() && before->counter < rotated_at_counter_) {
      opened = std::move(before);
      opened_with = previous_secret_;
    }
  }
  if (!opened.ok()) {
    Log(clock_.Now(), "refused.job", std::string(opened.status().message()));
    return opened.status();
  }
  auto job = JobFromSealed(*opened, opened_with);
  absl::Status applied = job.ok() ? Apply(*job) : job.status();
  JobAnswer answer;
  answer.job_id = opened->job_id;
  answer.outcome = applied.ok() ? jv1::JOB_OUTCOME_COMPLETED : jv1::JOB_OUTCOME_FAILED;
  answer.reason = std::string(applied.message());
  answer.signature = jobseal::SignResult(
      opened_with, {setup_.key_lock_id, answer.job_id, answer.outcome, answer.reason});
  return answer;
}

void Lock::HardReset() {
  const absl::Time now = clock_.Now();
  // Revocations and used one-time PINs stay with the secret: a reset that
  // brought back a revoked key or a used PIN would let anyone who can reach
  // the button undo them. The wrong-code count stays, or a reset would undo
  // the lockout.
  custom_pins_.clear();
  applied_jobs_.clear();
  Log(now, "lock.hard_reset");
}

}  // namespace keyway::lockmodel
