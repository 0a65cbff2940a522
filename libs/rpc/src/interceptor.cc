#include "keyway/rpc/interceptor.h"

#include <google/protobuf/descriptor.h>

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "keyway/core/log.h"
#include "keyway/core/random.h"
#include "keyway/rpc/admission.h"
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

// Why gRPC refused a request before its handler: the bytes are not a valid
// message of the method's request type, most often because a string field
// holds bytes that are not UTF-8 (protobuf refuses those when decoding).
std::string UndecodableRequestMessage(const std::string& method) {
  std::string full_name = method.size() > 1 ? method.substr(1) : method;
  std::replace(full_name.begin(), full_name.end(), '/', '.');
  const auto* descriptor =
      google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(full_name);
  std::string type = descriptor ? descriptor->input_type()->full_name() : "this method's request";
  return absl::StrCat("the request is not a valid ", type,
                      ": every string field must hold UTF-8 text (send other bytes in a bytes "
                      "field, or encode them), and the message must be well-formed protobuf");
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
    // Nothing thrown here may cross into gRPC's threads: it would end the process.
    try {
      if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
        OnMetadata(methods->GetRecvInitialMetadata());
      }
      if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
        if (auto* md = methods->GetSendInitialMetadata()) md->emplace("x-request-id", info_.request_id);
      }
      if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
        OnStatus(methods);
      }
    } catch (const std::exception& e) {
      core::Log(core::Severity::kError, "exception in the call interceptor")
          .With("method", method_)
          .With("detail", e.what());
    } catch (...) {
      core::Log(core::Severity::kError, "exception in the call interceptor").With("method", method_);
    }
    methods->Proceed();
  }

 private:
  void OnMetadata(std::multimap<grpc::string_ref, grpc::string_ref>* md) {
    info_.method = method_;
    info_.peer = core::ClientAddress(PeerAddress(context_->peer()), Lookup(md, "x-forwarded-for"),
                                     options_->trusted_proxies);
    std::string request_id = Lookup(md, "x-request-id");
    info_.request_id = IsSaneRequestId(request_id) ? request_id : core::NewUuid();
    if (IsInfrastructure(method_)) {
      info_.admission = absl::OkStatus();
    } else if (auto declared = options_->declared.find(method_); declared == options_->declared.end()) {
      info_.admission = absl::InternalError("this method declares no callers");
    } else {
      std::string authorization = Lookup(md, "authorization");
      constexpr absl::string_view kBearer = "Bearer ";
      std::string bearer;
      if (absl::StartsWithIgnoreCase(authorization, kBearer)) {
        bearer = authorization.substr(kBearer.size());
      }
      Admission admitted = Admit(method_, declared->second, bearer, options_->credentials,
                                 options_->authenticator);
      if (!authorization.empty() && bearer.empty() && admitted.status.ok() &&
          !(declared->second.is_public || declared->second.device)) {
        admitted.status =
            absl::UnauthenticatedError("the authorization header must be `Bearer <credential>`");
      }
      info_.admission = std::move(admitted.status);
      info_.principal = std::move(admitted.principal);
      info_.service = std::move(admitted.service);
    }
    internal::RegisterCall(context_, info_);
  }

  void OnStatus(grpc::experimental::InterceptorBatchMethods* methods) {
    grpc::Status status = methods->GetSendStatus();
    if (status.error_code() == grpc::StatusCode::INTERNAL && status.error_message().empty() &&
        !internal::WasHandled(context_) && !IsInfrastructure(method_)) {
      // gRPC's own answer to a request it could not decode, before any handler ran.
      status = grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, UndecodableRequestMessage(method_));
      methods->ModifySendStatus(status);
    }
    if (status.ok() && !info_.admission.ok()) {
      core::Log(core::Severity::kError, "handler answered OK to a call that was not admitted")
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
    if (!info_.service.empty()) line.With("caller", info_.service);
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
