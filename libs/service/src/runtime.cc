#include "keyway/service/runtime.h"

#include "absl/strings/str_cat.h"
#include "keyway/core/log.h"
#include "keyway/identity_client/key_authenticator.h"
#include "keyway/redis/durability.h"
#include "keyway/rpc/client.h"

namespace keyway::service {
namespace {

// S4: a session identity ended is refused here within a second.
constexpr absl::Duration kRevocationsEvery = absl::Milliseconds(250);

// K3: refuses a Redis that may lose what it acknowledged, unless told to
// accept the risk. One that cannot be reached now is not refused: events wait
// in the outbox until it is back, and are published only then.
absl::Status CheckRedis(const RuntimeOptions& options) {
  redis::Client probe(options.redis_host, options.redis_port, absl::Seconds(2));
  absl::Status durable = redis::CheckDurable(probe);
  if (durable.ok()) return durable;
  if (absl::IsUnavailable(durable)) {
    core::Log(core::Severity::kWarning, "Redis is unreachable: its durability is not checked")
        .With("error", std::string(durable.message()));
    return absl::OkStatus();
  }
  if (!options.accept_redis_data_loss) return durable;
  core::Log(core::Severity::kWarning, "Redis may lose acknowledged events (--accept_redis_data_loss)")
      .With("error", std::string(durable.message()));
  return absl::OkStatus();
}

}  // namespace

Runtime::Runtime(RuntimeOptions options, std::vector<pg::MigrationSet> migrations)
    : options_(std::move(options)), migrations_(std::move(migrations)) {}

absl::StatusOr<std::unique_ptr<Runtime>> Runtime::Open(const RuntimeOptions& options,
                                                       std::vector<pg::MigrationSet> migrations) {
  std::unique_ptr<Runtime> r(new Runtime(options, std::move(migrations)));
  auto credentials = rpc::ServiceCredentials::Parse(options.operator_token, options.service_callers);
  if (!credentials.ok()) return credentials.status();
  r->credentials_ = std::move(*credentials);
  auto proxies = core::TrustedProxies::Parse(options.trusted_proxies);
  if (!proxies.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--trusted_proxies: ", proxies.status().message()));
  }
  r->trusted_proxies_ = std::move(*proxies);
  if (auto s = CheckRedis(options); !s.ok()) return s;
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
  server_options.trusted_proxies = trusted_proxies_;
  server_options.readiness_interval = options_.readiness_interval;
  server_options.readiness = [pool = pool_.get(), &migrations = migrations_] {
    return pg::MigrationsApplied(*pool, migrations);
  };
  operations_ = std::make_unique<OperationsInternalService>(options_.redis_host, options_.redis_port);
  services.push_back({operations_.get(), ops::v1::OperationsInternalService::service_full_name()});
  auto server = rpc::Server::Start(std::move(server_options), std::move(services));
  if (!server.ok()) return server.status();
  server_ = std::move(*server);
  backbone_ = std::make_unique<Backbone>(*pool_, options_.redis_host, options_.redis_port);
  return absl::OkStatus();
}

void Runtime::Consume(const std::string& stream, const std::string& group,
                      events::Consumer::Handler handler, std::vector<std::string> types) {
  if (stream.empty()) return;  // a test's service that reads no such stream
  operations_->AddStream(stream);
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
