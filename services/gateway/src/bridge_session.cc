#include "bridge_session.h"

#include <algorithm>

namespace keyway::gateway {

BridgeSession::BridgeSession(std::string organisation_id, std::string bridge_id,
                             std::string credential, std::vector<std::string> lock_ids,
                             SessionLink* link)
    : organisation_id_(std::move(organisation_id)),
      bridge_id_(std::move(bridge_id)),
      credential_(std::move(credential)),
      link_(link),
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
  if (!closed_ && link_ != nullptr) link_->Send(std::move(message));
}

void BridgeSession::Close(const absl::Status& why) {
  absl::MutexLock l(&mu_);
  if (closed_) return;
  closed_ = true;
  if (link_ != nullptr) link_->Cancel(why);  // the stream cannot end meanwhile: End() waits
}

void BridgeSession::End() {
  absl::MutexLock l(&mu_);
  closed_ = true;
  link_ = nullptr;
}

bool BridgeSession::closed() const {
  absl::MutexLock l(&mu_);
  return closed_;
}

bool BridgeSession::SendIfDue(const std::string& job_id, absl::Time version, absl::Time now,
                              absl::Duration resend_after, v1::BridgeSessionResponse job) {
  absl::MutexLock l(&mu_);
  if (closed_ || link_ == nullptr) return false;
  if (auto settled = answered_.find(job_id); settled != answered_.end()) {
    if (version < settled->second.version) return false;  // claimed before it settled
    answered_.erase(settled);  // recreated since (J4)
  }
  auto [it, fresh] = sent_.try_emplace(job_id, now);
  if (!fresh) {
    if (now - it->second < resend_after) return false;
    it->second = now;
  }
  link_->Send(std::move(job));
  return true;
}

void BridgeSession::NotReached(const std::string& job_id) {
  absl::MutexLock l(&mu_);
  sent_.erase(job_id);
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
