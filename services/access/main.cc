// keyway-access: PINs and keys, and the per-lock secrets behind them.
#include "absl/flags/flag.h"
#include "access_server.h"
#include "keyway/service/main.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50053", "gRPC address (host:port)");
ABSL_FLAG(std::string, metrics_listen, "127.0.0.1:9153", "Prometheus /metrics address");
ABSL_FLAG(std::string, identity, "127.0.0.1:50051", "identity's gRPC address");
ABSL_FLAG(std::string, org, "127.0.0.1:50052", "org's gRPC address");

int main(int argc, char** argv) {
  using namespace keyway;
  return service::Main<access::AccessServer>(
      "access", "keyway-access: PINs, keys and lock secrets.", argc, argv,
      [](const rpc::CommonFlags& common, service::RuntimeOptions runtime)
          -> absl::StatusOr<std::unique_ptr<access::AccessServer>> {
        auto kek = rpc::KeyEncryptionKeyFlag();
        if (!kek.ok()) return kek.status();
        auto notify_key = rpc::NotifyPublicKeyFlag();
        if (!notify_key.ok()) return notify_key.status();
        access::AccessServerOptions options;
        static_cast<service::RuntimeOptions&>(options) = std::move(runtime);
        options.listen = absl::GetFlag(FLAGS_listen);
        options.metrics_listen = absl::GetFlag(FLAGS_metrics_listen);
        options.identity_address = absl::GetFlag(FLAGS_identity);
        options.org_address = absl::GetFlag(FLAGS_org);
        options.org_events_stream = common.stream_prefix + "keyway.org.events";
        options.identity_events_stream = common.stream_prefix + "keyway.identity.events";
        options.jobs_events_stream = common.stream_prefix + "keyway.jobs.events";
        options.config.events_stream = common.stream_prefix + "keyway.access.events";
        options.config.key_encryption_key = *kek;
        options.config.notify_public_key = *notify_key;
        return access::AccessServer::Start(options);
      });
}
