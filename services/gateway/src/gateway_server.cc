#include "gateway_server.h"

#include "keyway/core/log.h"
#include "keyway/events/event.h"
#include "keyway/idempotency/idempotency.h"
#include "keyway/jobs/v1/job_events.pb.h"
#include "keyway/rpc/client.h"

std::span<const keyway::pg::Migration> keyway_gateway_migrations();

namespace keyway::gateway {

std::vector<pg::MigrationSet> GatewayMigrations() {
  // idempotency: housekeeping prunes it in every service; commands use it.
  return {{"events", events::Migrations()},
          {"idempotency", idempotency::Migrations()},
          {"gateway", keyway_gateway_migrations()}};
}

absl::StatusOr<std::unique_ptr<GatewayServer>> GatewayServer::Start(GatewayServerOptions o) {
  if (o.service_credential.empty()) {
    return absl::InvalidArgumentError(
        "the gateway needs its --service_credential: org and jobs admit it by its digest");
  }
  o.consumer_name = o.replica;
  std::unique_ptr<GatewayServer> s(new GatewayServer());
  auto runtime = service::Runtime::Open(o, GatewayMigrations());
  if (!runtime.ok()) return runtime.status();
  s->runtime_ = std::move(*runtime);
  s->scopes_ = std::make_unique<org_client::OrgLockScopes>(rpc::MakeChannel(o.org_address));
  s->presence_redis_ = std::make_unique<redis::Client>(o.redis_host, o.redis_port);
  s->presence_ = std::make_unique<Presence>(*s->presence_redis_, o.presence_prefix, o.replica,
                                            o.presence_ttl);
  auto jobs_channel = rpc::MakeChannel(o.jobs_address);
  auto org_channel = rpc::MakeChannel(o.org_address);
  s->gateway_ = std::make_unique<Gateway>(s->runtime_->pool(), *s->scopes_, *s->presence_,
                                          org_channel, rpc::MakeChannel(o.access_address),
                                          jobs_channel, o.service_credential, *o.clock,
                                          o.events_stream);
  s->bridges_ = std::make_unique<BridgeHub>(
      s->runtime_->pool(), *s->presence_, *s->gateway_, org_channel, jobs_channel, *o.clock,
      BridgeHubOptions{.service_credential = o.service_credential,
                       .events_stream = o.events_stream,
                       .resend_after = o.resend_after});
  s->bridge_workers_ = std::make_unique<core::WorkerPool>(o.bridge_workers);
  s->service_ = std::make_unique<GatewayService>(*s->gateway_);
  s->devices_ = std::make_unique<DeviceService>(*s->gateway_, *s->bridges_, *s->bridge_workers_,
                                                o.bridge_hello_within, o.bridge_hello_limits);
  if (auto st = s->runtime_->Serve({{s->service_.get(), v1::GatewayService::service_full_name()},
                                    {s->devices_.get(), v1::DeviceService::service_full_name()}});
      !st.ok()) {
    return st;
  }
  // At shutdown, once no call comes in: the doorbell stops ringing, then
  // the sessions' last steps run out on the workers (presence withdrawn,
  // org told), before the event plumbing stops.
  s->runtime_->OnShutdown([raw = s.get()] { raw->bridge_workers_.reset(); });
  s->runtime_->OnShutdown([raw = s.get()] {
    if (raw->doorbell_) raw->doorbell_->Stop();
  });
  // Fan-out (L7): a job a Bridge may carry rings the replica holding its
  // lock's Bridge session, whichever replica reads the announcement.
  s->runtime_->Consume(
      o.jobs_events_stream, "gateway",
      [presence = s->presence_.get(), redis = s->presence_redis_.get(), prefix = o.presence_prefix](
          pqxx::work&, const events::Event& e) -> absl::Status {
        keyway::jobs::v1::JobQueued queued;
        if (!queued.ParseFromString(e.payload)) return absl::DataLossError("unreadable JobQueued");
        auto replica = presence->ReplicaFor(queued.lock_id());
        if (!replica.ok()) return replica.status();  // tried again later
        if (replica->empty()) return absl::OkStatus();  // offline: it gets the job when it returns
        return RingDoorbell(*redis, prefix, *replica, queued.lock_id());
      },
      {keyway::jobs::v1::JobQueued().GetTypeName()});
  s->doorbell_ = std::make_unique<DoorbellListener>(
      o.redis_host, o.redis_port, DoorbellStream(o.presence_prefix, o.replica),
      [bridges = s->bridges_.get(), workers = s->bridge_workers_.get()](const std::string& lock_id) {
        // Each ring on a worker: one slow claim does not hold up the rest.
        workers->Post([bridges, lock_id] { bridges->Deliver(lock_id); });
      });
  s->runtime_->Every(o.sweep_every, [bridges = s->bridges_.get()] { bridges->Sweep(); });
  s->runtime_->Every(absl::Hours(6), [gateway = s->gateway_.get(), keep = o.activity_log_retention] {
    auto pruned = gateway->PruneActivityLogs(keep);
    if (!pruned.ok()) {
      core::Log(core::Severity::kWarning, "activity log retention failed")
          .With("error", std::string(pruned.status().message()));
    } else if (*pruned > 0) {
      core::Log(core::Severity::kInfo, "old activity log months dropped").With("months", *pruned);
    }
  });
  return s;
}

GatewayServer::~GatewayServer() {
  if (runtime_) runtime_->Shutdown(absl::ZeroDuration());
}

}  // namespace keyway::gateway
