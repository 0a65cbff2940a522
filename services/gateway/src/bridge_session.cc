#include "bridge_session.h"

#include <algorithm>

namespace keyway::gateway {

BridgeSession::BridgeSession(std::string organisation_id, std::string bridge_id,
                             std::string credential, std::vector<std::string> lock_ids,
                             std::function<void()> cancel_stream)
    : organisation_id_(std::move(organisation_id)),
      bridge_id_(std::move(bridge_id)),
      credential_(std::move(credential)),
      cancel_stream_(std::move(cancel_stream)),
      lock_ids_(std::move(lock_ids)) {}

std::vector<std::string> BridgeSession::lock_ids() const {
  absl::MutexLock l(&mu_);
  return lock_ids_;
}

bool BridgeSession::Serves(const std::string& lock_id) const {
  absl::MutexLock l(&mu_);
  return std::find(lock_ids_.begin(), lock_ids_.end(), lock_id) != lock_ids_.end();
}

void BridgeSession::SetLocks(std::vector<std::string> lock_ids) {
  absl::MutexLock l(&mu_);
  lock_ids_ = std::move(lock_ids);
}

void BridgeSession::Push(v1::BridgeSessionResponse message) {
  absl::MutexLock l(&mu_);
  if (!closed_) outgoing_.push_back(std::move(message));
}

std::optional<v1::BridgeSessionResponse> BridgeSession::Next(absl::Duration wait) {
  absl::MutexLock l(&mu_);
  auto ready = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return closed_ || !outgoing_.empty(); };
  mu_.AwaitWithTimeout(absl::Condition(&ready), wait);
  if (outgoing_.empty() || closed_) return std::nullopt;
  v1::BridgeSessionResponse next = std::move(outgoing_.front());
  outgoing_.pop_front();
  return next;
}

void BridgeSession::Close() {
  absl::MutexLock l(&mu_);
  if (closed_) return;
  closed_ = true;
  outgoing_.clear();
  if (cancel_stream_) cancel_stream_();  // the handler cannot return meanwhile: End() waits
}

void BridgeSession::End() {
  absl::MutexLock l(&mu_);
  closed_ = true;
  outgoing_.clear();
  cancel_stream_ = nullptr;
}

bool BridgeSession::closed() const {
  absl::MutexLock l(&mu_);
  return closed_;
}

bool BridgeSession::ShouldSend(const std::string& job_id, absl::Time version, absl::Time now,
                               absl::Duration resend_after) {
  absl::MutexLock l(&mu_);
  if (auto settled = answered_.find(job_id); settled != answered_.end()) {
    if (version < settled->second.version) return false;  // claimed before it settled
    answered_.erase(settled);  // recreated since (J4)
  }
  auto [it, fresh] = sent_.try_emplace(job_id, now);
  if (fresh) return true;
  if (now - it->second < resend_after) return false;
  it->second = now;
  return true;
}

void BridgeSession::Answered(const std::string& job_id, absl::Time version, absl::Time now) {
  absl::MutexLock l(&mu_);
  sent_.erase(job_id);
  answered_[job_id] = {version, now};
}

void BridgeSession::ForgetSentBefore(absl::Time before) {
  absl::MutexLock l(&mu_);
  absl::erase_if(sent_, [&](const auto& entry) { return entry.second < before; });
  absl::erase_if(answered_, [&](const auto& entry) { return entry.second.noted < before; });
}

absl::Time BridgeSession::last_published() const {
  absl::MutexLock l(&mu_);
  return last_published_;
}

void BridgeSession::set_last_published(absl::Time t) {
  absl::MutexLock l(&mu_);
  last_published_ = t;
}

absl::Time BridgeSession::last_authenticated() const {
  absl::MutexLock l(&mu_);
  return last_authenticated_;
}

void BridgeSession::set_last_authenticated(absl::Time t) {
  absl::MutexLock l(&mu_);
  last_authenticated_ = t;
}

}  // namespace keyway::gateway
