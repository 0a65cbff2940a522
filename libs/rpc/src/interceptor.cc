#include "keyway/rpc/interceptor.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "keyway/core/log.h"
#include "keyway/core/random.h"
#include "keyway/rpc/call.h"

namespace keyway::rpc {
namespace {

using grpc::experimental::InterceptionHookPoints;

bool IsInfrastructure(absl::string_view method) {
  return absl::StartsWith(method, "/grpc.health.") || absl::StartsWith(method, "/grpc.reflection.");
}

// A caller-supplied request id is kept only if it is short and plain, so it
// cannot smuggle anything into logs.
bool IsSaneRequestId(absl::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!(absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) {
      return false;
    }
  }
  return true;
}

std::string Lookup(std::multimap<grpc::string_ref, grpc::string_ref>* md, absl::string_view key) {
  if (md == nullptr) return "";
  auto it = md->find(grpc::string_ref(key.data(), key.size()));
  if (it == md->end()) return "";
  return std::string(it->second.data(), it->second.size());
}

class CallInterceptor final : public grpc::experimental::Interceptor {
 public:
  CallInterceptor(grpc::experimental::ServerRpcInfo* info, const InterceptorOptions* options)
      : context_(info->server_context()),
        method_(info->method()),
        options_(options),
        start_(absl::Now()) {}

  ~CallInterceptor() override { internal::UnregisterCall(context_); }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      OnMetadata(methods->GetRecvInitialMetadata());
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      if (auto* md = methods->GetSendInitialMetadata()) md->emplace("x-request-id", info_.request_id);
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      OnStatus(methods);
    }
    methods->Proceed();
  }

 private:
  bool IsPublic() const {
    return IsInfrastructure(method_) || options_->public_methods.contains(method_);
  }

  void OnMetadata(std::multimap<grpc::string_ref, grpc::string_ref>* md) {
    info_.method = method_;
    info_.peer = PeerAddress(context_->peer());
    std::string request_id = Lookup(md, "x-request-id");
    info_.request_id = IsSaneRequestId(request_id) ? request_id : core::NewUuid();
    std::string authorization = Lookup(md, "authorization");
    if (!IsPublic() && options_->authenticator != nullptr && !authorization.empty()) {
      constexpr absl::string_view kBearer = "Bearer ";
      if (absl::StartsWithIgnoreCase(authorization, kBearer)) {
        info_.principal = options_->authenticator->Authenticate(authorization.substr(kBearer.size()));
      } else {
        info_.principal =
            absl::UnauthenticatedError("the authorization header must be `Bearer <access token>`");
      }
    }
    internal::RegisterCall(context_, info_);
  }

  void OnStatus(grpc::experimental::InterceptorBatchMethods* methods) {
    grpc::Status status = methods->GetSendStatus();
    if (status.ok() && !IsPublic() && !info_.principal.ok()) {
      core::Log(core::Severity::kError, "handler answered OK without an authenticated caller")
          .With("method", method_);
      status = grpc::Status(grpc::StatusCode::INTERNAL, "internal error");
      methods->ModifySendStatus(status);
    }
    absl::Duration elapsed = absl::Now() - start_;
    const char* code = StatusCodeName(status.error_code());
    if (options_->metrics != nullptr) options_->metrics->Record(method_, code, elapsed);
    if (IsInfrastructure(method_)) return;  // probes would drown the log
    core::Log line(status.ok() ? core::Severity::kInfo : core::Severity::kWarning, "rpc");
    line.With("method", method_)
        .With("code", code)
        .With("ms", absl::ToDoubleMilliseconds(elapsed))
        .With("request_id", info_.request_id)
        .With("peer", info_.peer);
    if (info_.principal.ok()) {
      line.With("user", info_.principal->user_id).With("org", info_.principal->organisation_id);
    }
    if (!status.ok()) line.With("error", status.error_message());
  }

  const grpc::ServerContextBase* context_;
  const std::string method_;
  const InterceptorOptions* options_;
  const absl::Time start_;
  CallInfo info_;
};

class Factory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit Factory(const InterceptorOptions* options) : options_(options) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new CallInterceptor(info, options_);
  }

 private:
  const InterceptorOptions* options_;
};

}  // namespace

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> MakeInterceptorFactory(
    const InterceptorOptions* options) {
  return std::make_unique<Factory>(options);
}

}  // namespace keyway::rpc
