#include "hello_gate.h"

namespace keyway::gateway {

absl::Status HelloGate::Enter(const std::string& address) {
  absl::MutexLock l(&mu_);
  auto it = by_address_.find(address);
  if (it != by_address_.end() && it->second >= limits_.per_address) {
    return absl::ResourceExhaustedError(
        "too many Bridge sessions from your address are waiting to authenticate: reconnect in a "
        "few seconds");
  }
  if (total_ >= limits_.total) {
    return absl::ResourceExhaustedError(
        "the gateway has too many Bridge sessions waiting to authenticate: reconnect in a few "
        "seconds");
  }
  ++by_address_[address];
  ++total_;
  return absl::OkStatus();
}

void HelloGate::Leave(const std::string& address) {
  absl::MutexLock l(&mu_);
  auto it = by_address_.find(address);
  if (it == by_address_.end()) return;
  if (--it->second <= 0) by_address_.erase(it);
  --total_;
}

absl::Status HelloGate::StartHello() {
  absl::MutexLock l(&mu_);
  if (in_flight_ >= limits_.in_flight) {
    return absl::ResourceExhaustedError(
        "the gateway is authenticating many Bridges at once: reconnect in a few seconds");
  }
  ++in_flight_;
  return absl::OkStatus();
}

void HelloGate::EndHello() {
  absl::MutexLock l(&mu_);
  --in_flight_;
}

}  // namespace keyway::gateway
