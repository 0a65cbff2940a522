#include "gateway_server.h"

#include "keyway/rpc/client.h"

namespace keyway::gateway {

absl::StatusOr<std::unique_ptr<GatewayServer>> GatewayServer::Start(GatewayServerOptions o) {
  if (o.gateway_token.empty()) {
    return absl::InvalidArgumentError("the gateway needs the credential the jobs service expects");
  }
  std::unique_ptr<GatewayServer> s(new GatewayServer());
  s->authenticator_ = std::make_unique<identity_client::KeyAuthenticator>(
      rpc::MakeChannel(o.identity_address), *o.clock);
  (void)s->authenticator_->Refresh();
  s->scopes_ = std::make_unique<org_client::OrgLockScopes>(rpc::MakeChannel(o.org_address));
  s->gateway_ = std::make_unique<Gateway>(*s->scopes_, rpc::MakeChannel(o.jobs_address),
                                          o.gateway_token);
  s->service_ = std::make_unique<GatewayService>(*s->gateway_);
  rpc::ServerOptions server_options;
  server_options.address = o.listen;
  server_options.metrics_address = o.metrics_listen;
  server_options.authenticator = s->authenticator_.get();
  auto server = rpc::Server::Start(std::move(server_options),
                                   {{s->service_.get(), v1::GatewayService::service_full_name()}});
  if (!server.ok()) return server.status();
  s->server_ = std::move(*server);
  return s;
}

void GatewayServer::Shutdown(absl::Duration grace) {
  if (server_) server_->Shutdown(grace);
}

GatewayServer::~GatewayServer() { Shutdown(absl::ZeroDuration()); }

}  // namespace keyway::gateway
