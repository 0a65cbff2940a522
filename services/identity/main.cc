// keyway-identity: users, invitations, logins and the keys that sign tokens.
#include <iostream>

#include "absl/flags/flag.h"
#include "identity_server.h"
#include "keyway/service/main.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50051", "gRPC address (host:port)");
ABSL_FLAG(std::string, metrics_listen, "127.0.0.1:9151", "Prometheus /metrics address");
ABSL_FLAG(absl::Duration, access_token_ttl, absl::Minutes(5), "lifetime of access tokens");
ABSL_FLAG(absl::Duration, refresh_token_ttl, absl::Hours(24 * 30), "lifetime of a login session");

int main(int argc, char** argv) {
  using namespace keyway;
  return service::Main<identity::IdentityServer>(
      "identity", "keyway-identity: users, invitations, logins and token signing keys.", argc, argv,
      [](const rpc::CommonFlags& common, service::RuntimeOptions runtime)
          -> absl::StatusOr<std::unique_ptr<identity::IdentityServer>> {
        auto kek = rpc::KeyEncryptionKeyFlag();
        if (!kek.ok()) return kek.status();
        auto notify_key = rpc::NotifyPublicKeyFlag();
        if (!notify_key.ok()) return notify_key.status();
        identity::IdentityServerOptions options;
        static_cast<service::RuntimeOptions&>(options) = std::move(runtime);
        options.listen = absl::GetFlag(FLAGS_listen);
        options.metrics_listen = absl::GetFlag(FLAGS_metrics_listen);
        options.key_encryption_key = *kek;
        options.config.notify_public_key = *notify_key;
        options.config.access_token_ttl = absl::GetFlag(FLAGS_access_token_ttl);
        options.config.refresh_token_ttl = absl::GetFlag(FLAGS_refresh_token_ttl);
        options.config.events_stream = common.stream_prefix + "keyway.identity.events";
        options.org_events_stream = common.stream_prefix + "keyway.org.events";
        return identity::IdentityServer::Start(options);
      });
}
