#include "jobs_server.h"

#include "keyway/access/v1/access_events.pb.h"
#include "keyway/events/event.h"
#include "keyway/org/v1/org_events.pb.h"
#include "keyway/idempotency/idempotency.h"
#include "keyway/rpc/client.h"

std::span<const keyway::pg::Migration> keyway_jobs_migrations();

namespace keyway::jobs {

std::vector<pg::MigrationSet> JobsMigrations() {
  // idempotency: housekeeping prunes it in every service; jobs' command calls will use it.
  return {{"events", events::Migrations()},
          {"idempotency", idempotency::Migrations()},
          {"jobs", keyway_jobs_migrations()}};
}

absl::StatusOr<std::unique_ptr<JobsServer>> JobsServer::Start(JobsServerOptions o) {
  std::unique_ptr<JobsServer> s(new JobsServer());
  s->pool_ = std::make_unique<pg::Pool>(o.db, o.db_pool_size);
  if (auto st = pg::ApplyMigrations(*s->pool_, JobsMigrations()); !st.ok()) return st;
  s->authenticator_ = std::make_unique<identity_client::KeyAuthenticator>(
      rpc::MakeChannel(o.identity_address), *o.clock);
  (void)s->authenticator_->Refresh();
  s->scopes_ = std::make_unique<org_client::OrgLockScopes>(rpc::MakeChannel(o.org_address));
  s->jobs_ = std::make_unique<Jobs>(*s->pool_, *s->scopes_, *o.clock, o.config);
  s->service_ = std::make_unique<JobsService>(*s->jobs_, o.gateway_token);

  rpc::ServerOptions server_options;
  server_options.address = o.listen;
  server_options.metrics_address = o.metrics_listen;
  server_options.authenticator = s->authenticator_.get();
  server_options.public_methods = JobsService::PublicMethods();
  server_options.readiness_interval = o.readiness_interval;
  pg::Pool* pool = s->pool_.get();
  server_options.readiness = [pool] { return pg::MigrationsApplied(*pool, JobsMigrations()); };
  auto server = rpc::Server::Start(std::move(server_options),
                                   {{s->service_.get(), v1::JobsService::service_full_name()}});
  if (!server.ok()) return server.status();
  s->server_ = std::move(*server);

  s->backbone_ = std::make_unique<service::Backbone>(*s->pool_, o.redis_host, o.redis_port);
  s->backbone_->Consume({.stream = o.access_events_stream,
                         .group = "jobs",
                         .consumer = o.consumer_name,
                         .block = absl::Milliseconds(500),
                         // access's other events (shared PINs, keys granted) are not jobs'
                         .types = {keyway::access::v1::LockJobRequested().GetTypeName(),
                                   keyway::access::v1::AccessDeleted().GetTypeName()}},
                        [jobs = s->jobs_.get()](pqxx::work& tx, const events::Event& e) {
                          return jobs->ApplyAccessEvent(tx, e);
                        });
  s->backbone_->Consume({.stream = o.org_events_stream,
                         .group = "jobs",
                         .consumer = o.consumer_name,
                         .block = absl::Milliseconds(500),
                         .types = {keyway::org::v1::LockIntervalsChanged().GetTypeName()}},
                        [jobs = s->jobs_.get()](pqxx::work& tx, const events::Event& e) {
                          return jobs->ApplyOrgEvent(tx, e);
                        });
  s->expiry_ = std::make_unique<core::PeriodicTask>(absl::Seconds(30), [jobs = s->jobs_.get()] {
    (void)jobs->ExpireStaleCommands();  // tried again in 30 s
  });
  return s;
}

void JobsServer::Shutdown(absl::Duration grace) {
  if (expiry_) expiry_->Stop();
  if (server_) server_->Shutdown(grace);
  if (backbone_) backbone_->Stop();
}

JobsServer::~JobsServer() { Shutdown(absl::ZeroDuration()); }

}  // namespace keyway::jobs
