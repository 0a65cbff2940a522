#include "jobs_server.h"

#include "keyway/access/v1/access_events.pb.h"
#include "keyway/events/event.h"
#include "keyway/idempotency/idempotency.h"
#include "keyway/rpc/client.h"

std::span<const keyway::pg::Migration> keyway_jobs_migrations();

namespace keyway::jobs {

std::vector<pg::MigrationSet> JobsMigrations() {
  // idempotency: housekeeping prunes it in every service; jobs' command calls use it.
  return {{"events", events::Migrations()},
          {"idempotency", idempotency::Migrations()},
          {"jobs", keyway_jobs_migrations()}};
}

absl::StatusOr<std::unique_ptr<JobsServer>> JobsServer::Start(JobsServerOptions o) {
  std::unique_ptr<JobsServer> s(new JobsServer());
  auto runtime = service::Runtime::Open(o, JobsMigrations());
  if (!runtime.ok()) return runtime.status();
  s->runtime_ = std::move(*runtime);
  auto org = rpc::MakeChannel(o.org_address);
  s->scopes_ = std::make_unique<org_client::OrgLockScopes>(org);
  s->owners_ = std::make_unique<org_client::OrgLockOwners>(org, o.service_credential);
  s->sealer_ = std::make_unique<AccessCommandSealer>(rpc::MakeChannel(o.access_address),
                                                     o.service_credential);
  s->jobs_ = std::make_unique<Jobs>(s->runtime_->pool(), *s->scopes_, *s->owners_, *s->sealer_,
                                    *o.clock, o.config);
  s->service_ = std::make_unique<JobsService>(*s->jobs_);
  s->internal_ = std::make_unique<JobsInternalService>(*s->jobs_);
  if (auto st =
          s->runtime_->Serve({{s->service_.get(), v1::JobsService::service_full_name()},
                              {s->internal_.get(), v1::JobsInternalService::service_full_name()}});
      !st.ok()) {
    return st;
  }
  Jobs* jobs = s->jobs_.get();
  // access's other events (shared PINs, keys granted) are not jobs'.
  s->runtime_->Consume(
      o.access_events_stream, "jobs",
      [jobs](pqxx::work& tx, const events::Event& e) { return jobs->ApplyAccessEvent(tx, e); },
      {keyway::access::v1::LockJobRequested().GetTypeName(),
       keyway::access::v1::AccessDeleted().GetTypeName()});
  s->runtime_->Every(absl::Seconds(30), [jobs] {
    (void)jobs->ExpireStaleCommands();  // tried again in 30 s
  });
  return s;
}

JobsServer::~JobsServer() {
  if (runtime_) runtime_->Shutdown(absl::ZeroDuration());
}

}  // namespace keyway::jobs
