#include "keyway/testing/request_fuzzer.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/stubs/logging.h>
#include <grpcpp/generic/async_generic_service.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <cstdio>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/notification.h"
#include "keyway/core/log.h"

// gRPC's server threads outlive every input and are never joined, so
// LeakSanitizer would report them at exit and, on most inputs, after each
// one (four times slower). These targets hunt crashes, undefined behaviour
// and answers no client should get; the parser targets check for leaks.
extern "C" const char* __asan_default_options() { return "detect_leaks=0"; }

namespace keyway::testing {
namespace {

struct FuzzCaller {
  const char* title;
  std::string token;  // the bearer token sent; empty for none
};

const char* const kServices[] = {"identity", "org", "access", "jobs", "gateway", "notify"};

// The credential each service presents, as the server is told to take it.
std::string ServiceCredential(const char* service) { return absl::StrCat("fuzz-service-", service); }

// Index-aligned with RequestFuzzer::kCallers.
std::vector<FuzzCaller> Callers() {
  std::vector<FuzzCaller> callers = {
      {"nobody", ""},
      {"the Owner", "fuzz-person-1"},
      {"an Admin", "fuzz-person-2"},
      {"a Manager", "fuzz-person-3"},
      {"a Lock User", "fuzz-person-4"},
      {"another organisation's Owner", "fuzz-person-5"},
      {"the operator", "fuzz-operator"},
  };
  for (const char* service : kServices) callers.push_back({service, ServiceCredential(service)});
  callers.push_back({"a token no one issued", "eyJhbGciOiJFZERTQSJ9.e30.c2ln"});
  return callers;
}

// The people of the tokens above, as identity would vouch for them.
class FuzzAuthenticator final : public rpc::Authenticator {
 public:
  absl::StatusOr<auth::Principal> Authenticate(const std::string& token) override {
    using auth::Role;
    static const auth::Principal people[] = {
        {"5a0f8c2e-1b7d-4e3a-9c61-0d2f4b8a7e11", "fuzz-org-a", Role::kOwner, "s1"},
        {"5a0f8c2e-1b7d-4e3a-9c61-0d2f4b8a7e12", "fuzz-org-a", Role::kAdmin, "s2"},
        {"5a0f8c2e-1b7d-4e3a-9c61-0d2f4b8a7e13", "fuzz-org-a", Role::kManager, "s3"},
        {"5a0f8c2e-1b7d-4e3a-9c61-0d2f4b8a7e14", "fuzz-org-a", Role::kLockUser, "s4"},
        {"5a0f8c2e-1b7d-4e3a-9c61-0d2f4b8a7e15", "fuzz-org-b", Role::kOwner, "s5"},
    };
    for (int i = 0; i < 5; ++i) {
      if (token == absl::StrCat("fuzz-person-", i + 1)) return people[i];
    }
    return absl::UnauthenticatedError("this token was not issued by identity: log in again");
  }
};

[[noreturn]] void Finding(const std::string& what) {
  std::fprintf(stderr, "request fuzzer finding: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

std::vector<std::string> UnaryMethodsOf(const std::vector<rpc::HostedService>& services) {
  std::vector<std::string> methods;
  for (const auto& hosted : services) {
    const auto* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(hosted.name);
    if (service == nullptr) Finding("no descriptor for " + hosted.name);
    for (int i = 0; i < service->method_count(); ++i) {
      const auto* m = service->method(i);
      // Streams carry device messages, fuzzed on their own (device_messages).
      if (m->client_streaming() || m->server_streaming()) continue;
      methods.push_back(absl::StrCat("/", hosted.name, "/", m->name()));
    }
  }
  if (methods.empty()) Finding("the services have no unary method");
  return methods;
}

const std::string& PickMethod(const std::vector<std::string>& methods, const std::string& name) {
  for (const auto& m : methods) {
    if (m.size() > name.size() && m.compare(m.size() - name.size(), name.size(), name) == 0 &&
        m[m.size() - name.size() - 1] == '/') {
      return m;
    }
  }
  uint32_t h = 2166136261u;  // FNV-1a: any other name still picks a method
  for (unsigned char c : name) h = (h ^ c) * 16777619u;
  return methods[h % methods.size()];
}

// Every call is answered as a service that is down answers: UNAVAILABLE.
class Unreachable final : public grpc::CallbackGenericService {
  grpc::ServerGenericBidiReactor* CreateReactor(grpc::GenericCallbackServerContext*) override {
    class Refusal final : public grpc::ServerGenericBidiReactor {
     public:
      Refusal() { Finish(grpc::Status(grpc::StatusCode::UNAVAILABLE, "not served in a fuzz target")); }
      void OnDone() override { delete this; }
    };
    return new Refusal;
  }
};

}  // namespace

std::shared_ptr<grpc::Channel> NowhereChannel() {
  static grpc::Server* nowhere = [] {
    static Unreachable unreachable;
    grpc::ServerBuilder builder;
    builder.RegisterCallbackGenericService(&unreachable);
    return builder.BuildAndStart().release();  // lives as long as the process
  }();
  if (nowhere == nullptr) Finding("cannot start the in-process server of NowhereChannel");
  return nowhere->InProcessChannel(grpc::ChannelArguments());
}

RequestFuzzer::RequestFuzzer(std::vector<rpc::HostedService> services)
    : authenticator_(std::make_unique<FuzzAuthenticator>()) {
  core::SetLeastLogged(core::Severity::kError);
  // protobuf logs each string that is not UTF-8 it refuses; the answer says it.
  google::protobuf::SetLogHandler(nullptr);
  std::vector<std::string> callers;
  for (const char* service : kServices) {
    callers.push_back(absl::StrCat(service, ":", rpc::CredentialDigest(ServiceCredential(service))));
  }
  auto credentials = rpc::ServiceCredentials::Parse("fuzz-operator", absl::StrJoin(callers, ","));
  if (!credentials.ok()) Finding(credentials.status().ToString());
  methods_ = UnaryMethodsOf(services);
  rpc::ServerOptions options;
  options.authenticator = authenticator_.get();
  options.credentials = *credentials;
  options.readiness_interval = absl::Hours(1);
  auto server = rpc::Server::Start(std::move(options), std::move(services));
  if (!server.ok()) Finding(server.status().ToString());
  server_ = std::move(*server);
  stub_ = std::make_unique<grpc::GenericStub>(server_->InProcessChannel());
}

RequestFuzzer::~RequestFuzzer() = default;

void RequestFuzzer::Run(const uint8_t* data, size_t size) {
  static const std::vector<FuzzCaller> callers = Callers();
  if (size == 0) return;
  const FuzzCaller& caller = callers[data[0] % callers.size()];
  const std::string rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  const size_t nul = rest.find('\0');
  const std::string name = rest.substr(0, nul);
  const std::string body = nul == std::string::npos ? "" : rest.substr(nul + 1);
  const std::string& method = PickMethod(methods_, name);

  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  if (!caller.token.empty()) context.AddMetadata("authorization", "Bearer " + caller.token);
  grpc::Slice slice(body);
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  grpc::Status status;
  absl::Notification answered;
  stub_->UnaryCall(&context, method, grpc::StubOptions(), &request, &response,
                 [&](grpc::Status s) {
                   status = std::move(s);
                   answered.Notify();
                 });
  answered.WaitForNotification();

  const std::string call = absl::StrCat(method, " as ", caller.title, " answered ",
                                        status.error_code(), " \"", status.error_message(), "\"");
  if (std::getenv("KEYWAY_FUZZ_TRACE") != nullptr) std::fprintf(stderr, "%s\n", call.c_str());
  switch (status.error_code()) {
    case grpc::StatusCode::UNKNOWN:
    case grpc::StatusCode::INTERNAL:
      Finding(call + ": nothing a client sends may break a handler");
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      Finding(call + ": the call hung");
    case grpc::StatusCode::OK:
      return;
    default:
      if (status.error_message().empty()) Finding(call + ": an error must say what to do");
  }
}

}  // namespace keyway::testing
