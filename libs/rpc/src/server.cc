#include "keyway/rpc/server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <signal.h>

#include "absl/strings/str_cat.h"
#include "grpc/health/v1/health.pb.h"
#include "keyway/core/log.h"

namespace keyway::rpc {

Server::Server(ServerOptions options, std::vector<HostedService> services)
    : options_(std::move(options)), services_(std::move(services)) {}

absl::StatusOr<std::unique_ptr<Server>> Server::Start(ServerOptions options,
                                                      std::vector<HostedService> services) {
  std::unique_ptr<Server> s(new Server(std::move(options), std::move(services)));
  s->interceptor_options_.authenticator = s->options_.authenticator;
  s->interceptor_options_.credentials = s->options_.credentials;
  s->interceptor_options_.metrics = &s->metrics_;
  s->interceptor_options_.trusted_proxies = s->options_.trusted_proxies;
  for (const auto& hosted : s->services_) {
    if (auto declared = RequireDeclarations(hosted.name); !declared.ok()) return declared;
    for (const auto& method : MethodsOf(hosted.name)) {
      s->interceptor_options_.declared[method] = *CallersOf(method);
    }
  }

  if (!s->options_.metrics_address.empty()) {
    try {
      s->exposer_ = std::make_unique<prometheus::Exposer>(s->options_.metrics_address);
    } catch (const std::exception& e) {
      return absl::UnavailableError(
          absl::StrCat("cannot serve metrics on ", s->options_.metrics_address, ": ", e.what()));
    }
    s->exposer_->RegisterCollectable(s->metrics_.registry());
    auto ports = s->exposer_->GetListeningPorts();
    s->metrics_port_ = ports.empty() ? 0 : ports.front();
  }

  // gRPC's built-in health service has no protobuf descriptor; touching the
  // compiled-in one puts grpc.health.v1 in the pool that reflection reads.
  (void)grpc::health::v1::HealthCheckRequest::descriptor();
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(s->options_.address, grpc::InsecureServerCredentials(), &s->port_);
  for (const auto& hosted : s->services_) builder.RegisterService(hosted.service);
  // No Keyway request comes near this; a bigger one is refused before any
  // handler sees it (bulk files are streamed in pieces).
  builder.SetMaxReceiveMessageSize(kMaxRequestBytes);
  // Keep idle connections from API gateways and other services alive, and
  // accept their pings.
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, 60'000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 20'000);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10'000);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MAX_PING_STRIKES, 0);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> factories;
  factories.push_back(MakeInterceptorFactory(&s->interceptor_options_));
  builder.experimental().SetInterceptorCreators(std::move(factories));
  s->server_ = builder.BuildAndStart();
  if (s->server_ == nullptr || s->port_ == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", s->options_.address));
  }
  s->CheckReadiness();
  s->readiness_thread_ = std::thread([raw = s.get()] { raw->ReadinessLoop(); });
  return s;
}

Server::~Server() { Shutdown(absl::ZeroDuration()); }

std::shared_ptr<grpc::Channel> Server::InProcessChannel() {
  grpc::ChannelArguments args;
  args.SetMaxSendMessageSize(kMaxRequestBytes);
  return server_->InProcessChannel(args);
}

void Server::CheckReadiness() {
  if (stopping_.HasBeenNotified()) return;
  bool ready = options_.readiness();
  auto* health = server_->GetHealthCheckService();
  health->SetServingStatus(ready);
  for (const auto& hosted : services_) health->SetServingStatus(hosted.name, ready);
}

void Server::ReadinessLoop() {
  while (!stopping_.WaitForNotificationWithTimeout(options_.readiness_interval)) {
    CheckReadiness();
  }
}

void Server::Shutdown(absl::Duration grace) {
  absl::MutexLock lock(&shutdown_mu_);
  if (shut_down_) return;
  shut_down_ = true;
  stopping_.Notify();
  if (readiness_thread_.joinable()) readiness_thread_.join();
  if (server_ == nullptr) return;  // Start failed before serving
  server_->GetHealthCheckService()->Shutdown();  // NOT_SERVING for every service
  server_->Shutdown(absl::ToChronoTime(absl::Now() + grace));
  server_->Wait();
}

void BlockShutdownSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int WaitForShutdownSignal() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  int sig = 0;
  sigwait(&set, &sig);
  return sig;
}

}  // namespace keyway::rpc
