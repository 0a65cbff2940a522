#pragma once
// One way to start a Keyway service: gRPC with health checking and server
// reflection, the interceptor (authentication, request ids, logs, metrics),
// Prometheus /metrics on its own port, and a graceful shutdown.

#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "keyway/core/log.h"
#include "keyway/rpc/callers.h"
#include "keyway/rpc/interceptor.h"
#include "keyway/rpc/metrics.h"

namespace keyway::rpc {

// The largest request a server accepts.
inline constexpr int kMaxRequestBytes = 1 << 20;

struct HostedService {
  grpc::Service* service;
  std::string name;  // full name, e.g. "keyway.identity.v1.IdentityService"
};

struct ServerOptions {
  std::string address = "127.0.0.1:0";  // host:port; port 0 picks a free one
  std::string metrics_address;          // host:port of /metrics; empty for none
  Authenticator* authenticator = nullptr;
  // The operator's and other services' credentials this server takes.
  ServiceCredentials credentials;
  // S10: the load balancers whose X-Forwarded-For names the client.
  core::TrustedProxies trusted_proxies;
  // Health answers SERVING only while this returns true (database reachable,
  // migrations applied). Polled every `readiness_interval`.
  std::function<bool()> readiness = [] { return true; };
  absl::Duration readiness_interval = absl::Seconds(1);
};

class Server {
 public:
  // FAILED_PRECONDITION when a method of `services` declares no callers
  // (keyway.options.v1.callers): nothing is served that says not who may call it.
  static absl::StatusOr<std::unique_ptr<Server>> Start(ServerOptions options,
                                                       std::vector<HostedService> services);
  ~Server();

  int port() const { return port_; }
  int metrics_port() const { return metrics_port_; }
  ServerMetrics& metrics() { return metrics_; }
  // A channel to this server inside the process, through the same
  // interceptor, without a socket (the request fuzzers call through it).
  std::shared_ptr<grpc::Channel> InProcessChannel();

  // Health goes NOT_SERVING, new calls are refused, calls in flight get up
  // to `grace` to finish and are then cancelled.
  void Shutdown(absl::Duration grace);
  // Runs the readiness check now instead of at the next interval.
  void CheckReadiness();

 private:
  Server(ServerOptions options, std::vector<HostedService> services);
  void ReadinessLoop();

  ServerOptions options_;
  std::vector<HostedService> services_;
  ServerMetrics metrics_;
  InterceptorOptions interceptor_options_;
  std::unique_ptr<prometheus::Exposer> exposer_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  int metrics_port_ = 0;
  absl::Notification stopping_;
  std::thread readiness_thread_;
  absl::Mutex shutdown_mu_;
  bool shut_down_ ABSL_GUARDED_BY(shutdown_mu_) = false;
};

// Call first thing in main, before any thread starts, so that SIGTERM and
// SIGINT reach WaitForShutdownSignal() instead of a random thread.
void BlockShutdownSignals();
// Blocks until SIGTERM or SIGINT; returns the signal number.
int WaitForShutdownSignal();

// The end of every service's main(): reports that `name` serves (or why it
// did not start), waits for SIGTERM or SIGINT, then shuts the service down
// within `grace`. `Service` has port(), metrics_port() and Shutdown(grace).
// Returns the process's exit code.
template <typename Service>
int ServeUntilSignal(const std::string& name,
                     absl::StatusOr<std::unique_ptr<Service>> started, absl::Duration grace) {
  if (!started.ok()) {
    core::Log(core::Severity::kError, name + " failed to start")
        .With("error", started.status().ToString());
    return 1;
  }
  core::Log(core::Severity::kInfo, name + " serving")
      .With("grpc_port", (*started)->port())
      .With("metrics_port", (*started)->metrics_port());
  int signal = WaitForShutdownSignal();
  core::Log(core::Severity::kInfo, name + " shutting down").With("signal", signal);
  (*started)->Shutdown(grace);
  return 0;
}

}  // namespace keyway::rpc
