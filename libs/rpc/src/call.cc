#include "keyway/rpc/call.h"

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"

namespace keyway::rpc {
namespace {

// Calls in flight, keyed by their server context; entries live exactly as
// long as the call's interceptor.
class Registry {
 public:
  void Put(const void* key, CallInfo info) {
    absl::MutexLock lock(&mu_);
    calls_.insert_or_assign(key, std::move(info));
  }
  void Erase(const void* key) {
    absl::MutexLock lock(&mu_);
    calls_.erase(key);
  }
  void MarkHandled(const void* key) {
    absl::MutexLock lock(&mu_);
    auto it = calls_.find(key);
    if (it != calls_.end()) it->second.handled = true;
  }
  absl::Status Admission(const void* key) {
    absl::MutexLock lock(&mu_);
    auto it = calls_.find(key);
    if (it == calls_.end()) return CallInfo{}.admission;
    return it->second.admission;
  }
  std::optional<CallInfo> Get(const void* key) {
    absl::MutexLock lock(&mu_);
    auto it = calls_.find(key);
    if (it == calls_.end()) return std::nullopt;
    return it->second;
  }

 private:
  absl::Mutex mu_;
  absl::flat_hash_map<const void*, CallInfo> calls_ ABSL_GUARDED_BY(mu_);
};

Registry& Calls() {
  static Registry* registry = new Registry();
  return *registry;
}

}  // namespace

absl::StatusOr<auth::Principal> CallerOf(const grpc::ServerContextBase* context) {
  auto info = Calls().Get(context);
  if (!info) return absl::InternalError("call not registered: the server lacks its interceptor");
  return info->principal;
}

CallInfo CallInfoOf(const grpc::ServerContextBase* context) {
  auto info = Calls().Get(context);
  return info ? *info : CallInfo{};
}

std::string MetadataValue(const grpc::ServerContextBase* context, const std::string& key) {
  const auto& md = context->client_metadata();
  auto it = md.find(key);
  if (it == md.end()) return "";
  return std::string(it->second.data(), it->second.size());
}

std::string ServiceCallerOf(const grpc::ServerContextBase* context) {
  auto info = Calls().Get(context);
  return info ? info->service : "";
}

std::string PeerAddress(const std::string& peer) {
  // "ipv4:127.0.0.1:5000", "ipv6:[::1]:5000", "unix:/path"
  std::string rest = peer.substr(peer.find(':') + 1);
  if (peer.rfind("unix:", 0) == 0) return "unix";
  if (!rest.empty() && rest.front() == '[') return rest.substr(1, rest.find(']') - 1);
  auto colon = rest.rfind(':');
  return colon == std::string::npos ? rest : rest.substr(0, colon);
}

namespace internal {
void RegisterCall(const grpc::ServerContextBase* context, CallInfo info) {
  Calls().Put(context, std::move(info));
}
void UnregisterCall(const grpc::ServerContextBase* context) { Calls().Erase(context); }
void MarkHandled(const grpc::ServerContextBase* context) { Calls().MarkHandled(context); }
absl::Status AdmissionOf(const grpc::ServerContextBase* context) {
  return Calls().Admission(context);
}
bool WasHandled(const grpc::ServerContextBase* context) {
  auto info = Calls().Get(context);
  return info && info->handled;
}
}  // namespace internal

}  // namespace keyway::rpc
