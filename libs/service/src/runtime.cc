#include "keyway/service/runtime.h"

#include "keyway/identity_client/key_authenticator.h"
#include "keyway/rpc/client.h"

namespace keyway::service {
namespace {

// S4: a session identity ended is refused here within a second.
constexpr absl::Duration kRevocationsEvery = absl::Milliseconds(250);

}  // namespace

Runtime::Runtime(RuntimeOptions options, std::vector<pg::MigrationSet> migrations)
    : options_(std::move(options)), migrations_(std::move(migrations)) {}

absl::StatusOr<std::unique_ptr<Runtime>> Runtime::Open(const RuntimeOptions& options,
                                                       std::vector<pg::MigrationSet> migrations) {
  std::unique_ptr<Runtime> r(new Runtime(options, std::move(migrations)));
  auto credentials = rpc::ServiceCredentials::Parse(options.operator_token, options.service_callers);
  if (!credentials.ok()) return credentials.status();
  r->credentials_ = std::move(*credentials);
  r->pool_ = std::make_unique<pg::Pool>(options.db, options.db_pool_size);
  if (auto s = pg::ApplyMigrations(*r->pool_, r->migrations_); !s.ok()) return s;
  if (!options.identity_address.empty()) {
    if (options.service_credential.empty()) {
      return absl::InvalidArgumentError(
          "--service_credential is required: with it the service reads identity's revocations, "
          "so that an ended session is refused here too (S4)");
    }
    auto keys = std::make_unique<identity_client::KeyAuthenticator>(
        rpc::MakeChannel(options.identity_address), *options.clock, options.service_credential);
    // Now if identity is up (this replica knows every revocation of the last
    // day before it serves), and at every round of the timer below otherwise.
    (void)keys->Refresh();
    (void)keys->PollRevocations();
    r->Every(kRevocationsEvery, [raw = keys.get()] { raw->Tick(); });
    r->authenticator_ = std::move(keys);
  }
  return r;
}

Runtime::~Runtime() { Shutdown(absl::ZeroDuration()); }

void Runtime::UseAuthenticator(std::unique_ptr<rpc::Authenticator> authenticator) {
  authenticator_ = std::move(authenticator);
}

absl::Status Runtime::Serve(std::vector<rpc::HostedService> services) {
  rpc::ServerOptions server_options;
  server_options.address = options_.listen;
  server_options.metrics_address = options_.metrics_listen;
  server_options.authenticator = authenticator_.get();
  server_options.credentials = credentials_;
  server_options.readiness_interval = options_.readiness_interval;
  server_options.readiness = [pool = pool_.get(), &migrations = migrations_] {
    return pg::MigrationsApplied(*pool, migrations);
  };
  auto server = rpc::Server::Start(std::move(server_options), std::move(services));
  if (!server.ok()) return server.status();
  server_ = std::move(*server);
  backbone_ = std::make_unique<Backbone>(*pool_, options_.redis_host, options_.redis_port);
  return absl::OkStatus();
}

void Runtime::Consume(const std::string& stream, const std::string& group,
                      events::Consumer::Handler handler, std::vector<std::string> types) {
  if (stream.empty()) return;  // a test's service that reads no such stream
  backbone_->Consume({.stream = stream,
                      .group = group,
                      .consumer = options_.consumer_name.empty() ? group : options_.consumer_name,
                      .block = absl::Milliseconds(500),
                      .types = std::move(types)},
                     std::move(handler));
}

void Runtime::Every(absl::Duration interval, std::function<void()> task) {
  timers_.push_back(std::make_unique<core::PeriodicTask>(interval, std::move(task)));
}

void Runtime::OnShutdown(std::function<void()> step) { shutdown_steps_.push_back(std::move(step)); }

void Runtime::Shutdown(absl::Duration grace) {
  if (shut_down_) return;
  shut_down_ = true;
  for (auto& t : timers_) t->Stop();
  if (server_) server_->Shutdown(grace);
  for (auto it = shutdown_steps_.rbegin(); it != shutdown_steps_.rend(); ++it) (*it)();
  if (backbone_) backbone_->Stop();
}

}  // namespace keyway::service
