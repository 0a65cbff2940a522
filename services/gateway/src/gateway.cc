#include "gateway.h"

#include "absl/strings/str_cat.h"
#include "activity_store.h"
#include "keyway/core/csv.h"
#include "keyway/core/paging.h"
#include "keyway/core/random.h"
#include "keyway/core/text.h"
#include "keyway/events/event.h"
#include "keyway/idempotency/idempotency.h"
#include "keyway/gateway/v1/gateway_events.pb.h"
#include "keyway/pg/transaction.h"
#include "keyway/rpc/proto_time.h"
#include "keyway/rpc/client.h"
#include "keyway/rpc/status.h"

namespace keyway::gateway {
namespace {

namespace jv1 = keyway::jobs::v1;

}  // namespace

Gateway::Gateway(pg::Pool& pool, org_client::LockScopes& scopes, Presence& presence,
                 std::shared_ptr<grpc::Channel> org, std::shared_ptr<grpc::Channel> access,
                 std::shared_ptr<grpc::Channel> jobs, std::string service_credential,
                 const core::Clock& clock, std::string events_stream)
    : pool_(pool),
      scopes_(scopes),
      presence_(presence),
      clock_(clock),
      events_stream_(std::move(events_stream)),
      org_(keyway::org::v1::OrgInternalService::NewStub(std::move(org))),
      access_(keyway::access::v1::AccessService::NewStub(std::move(access))),
      jobs_(jv1::JobsInternalService::NewStub(std::move(jobs))),
      service_credential_(std::move(service_credential)) {}

absl::StatusOr<int> Gateway::PruneActivityLogs(absl::Duration retention) {
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<int> {
    return static_cast<int>(store::DropMonthsBefore(tx, clock_.Now() - retention).size());
  });
}

absl::Status Gateway::RequireLogReader(const Caller& caller, const std::string& lock_id) {
  if (caller.principal.role == auth::Role::kLockUser) {
    return absl::PermissionDeniedError("Owners, Admins and Managers read activity logs (L5)");
  }
  return scopes_.Require(caller.bearer_token, {lock_id});
}

absl::Status Gateway::ExportActivityLogs(const Caller& caller,
                                         const v1::ExportActivityLogsRequest& req,
                                         const std::function<bool(const std::string&)>& write) {
  if (auto s = core::ValidateUuid(req.lock_id(), "lock_id"); !s.ok()) return s;
  const absl::Time from = req.has_start_time() ? rpc::FromTimestamp(req.start_time()) : absl::InfinitePast();
  const absl::Time to = req.has_end_time() ? rpc::FromTimestamp(req.end_time()) : absl::InfiniteFuture();
  if (from >= to) return absl::InvalidArgumentError("start_time must be before end_time");
  if (auto s = RequireLogReader(caller, req.lock_id()); !s.ok()) return s;
  // Page by page, each in its own short transaction: months of a busy lock
  // never sit in memory or hold one transaction open.
  constexpr int kLinesPerChunk = 500;
  std::string chunk = core::CsvRecord({"time", "event", "detail"});
  std::optional<std::pair<absl::Time, std::string>> after;
  while (true) {
    auto rows = pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<std::vector<store::ActivityLine>> {
      return store::ActivityBetween(tx, caller.principal.organisation_id, req.lock_id(), from, to,
                                    after, kLinesPerChunk);
    });
    if (!rows.ok()) return rows.status();
    for (const auto& l : *rows) {
      chunk += core::CsvRecord({absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", l.at, absl::UTCTimeZone()),
                                l.event, l.detail});
    }
    if (!write(chunk)) return absl::CancelledError("the caller went away");
    chunk.clear();
    if (static_cast<int>(rows->size()) < kLinesPerChunk) return absl::OkStatus();
    after = std::make_pair(rows->back().at, rows->back().id);
  }
}

absl::Status Gateway::RequireSyncer(const Caller& caller, const std::string& lock_id) {
  if (caller.principal.role != auth::Role::kLockUser) {
    return scopes_.Require(caller.bearer_token, {lock_id});
  }
  keyway::access::v1::GetMyLockKeyRequest req;
  req.set_lock_id(lock_id);
  keyway::access::v1::GetMyLockKeyResponse resp;
  auto ctx = rpc::MakeContext(absl::Seconds(5), caller.bearer_token);
  grpc::Status s = access_->GetMyLockKey(ctx.get(), req, &resp);
  if (s.error_code() == grpc::StatusCode::NOT_FOUND ||
      (s.ok() && !resp.key().permissions().sync() && !resp.key().permissions().residential())) {
    return absl::PermissionDeniedError(absl::StrCat(
        "syncing lock ", lock_id, " needs a Bluetooth key there with Sync (A8) or Residential "
        "(A14), or an Owner, Admin or Manager (J3)"));
  }
  if (!s.ok()) return rpc::FromPeerStatus(s, "access");
  return absl::OkStatus();
}

absl::Status Gateway::RecordLockReport(const std::string& organisation_id,
                                       const v1::LockReport& report, bool telemetry) {
  auto reading = ReadLockReport(report, clock_.Now());
  if (!reading.ok()) return reading.status();
  return RecordReading(organisation_id, report.lock_id(), *reading, telemetry);
}

absl::Status Gateway::RecordReading(const std::string& organisation_id, const std::string& lock_id,
                                    const LockReading& reading, bool telemetry) {
  const absl::Time now = clock_.Now();
  std::vector<store::ActivityLine> lines;
  std::vector<absl::Time> times;
  for (const auto& line : reading.lines) {
    lines.push_back({core::NewUuid(), line.at, line.event, line.detail});
    times.push_back(line.at);
  }
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::Status {
    store::EnsureMonthPartitions(tx, times);
    store::InsertActivity(tx, organisation_id, lock_id, lines, now);
    if (!telemetry) return absl::OkStatus();
    v1::LockTelemetry said;  // L1, L4: org shows battery, radio and last sync
    said.set_organisation_id(organisation_id);
    said.set_lock_id(lock_id);
    if (reading.battery_percent) said.set_battery_percent(*reading.battery_percent);
    if (reading.signal_strength_dbm) said.set_signal_strength_dbm(*reading.signal_strength_dbm);
    said.set_carrier(reading.carrier);
    said.set_radio_channel(reading.radio_channel);
    *said.mutable_sync_time() = rpc::ToTimestamp(now);
    events::PublishMessage(tx, events_stream_, organisation_id, said);
    return absl::OkStatus();
  });
}

absl::StatusOr<v1::ListActivityLogsResponse> Gateway::ListActivityLogs(
    const Caller& caller, const v1::ListActivityLogsRequest& req) {
  if (auto s = core::ValidateUuid(req.lock_id(), "lock_id"); !s.ok()) return s;
  auto size = core::PageSize(req.page_size());
  if (!size.ok()) return size.status();
  const std::string query = "activity|" + req.lock_id();
  auto after = core::DecodeTimeAndIdToken(req.page_token(), query);
  if (!after.ok()) return after.status();
  if (auto s = RequireLogReader(caller, req.lock_id()); !s.ok()) return s;
  auto rows = pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<std::vector<store::ActivityLine>> {
    return store::ListActivity(tx, caller.principal.organisation_id, req.lock_id(), *after, *size + 1);
  });
  if (!rows.ok()) return rows.status();
  v1::ListActivityLogsResponse resp;
  for (int i = 0; i < static_cast<int>(rows->size()) && i < *size; ++i) {
    auto* e = resp.add_entries();
    *e->mutable_time() = rpc::ToTimestamp((*rows)[i].at);
    e->set_event((*rows)[i].event);
    e->set_detail((*rows)[i].detail);
  }
  if (static_cast<int>(rows->size()) > *size) {
    const auto& last = (*rows)[*size - 1];
    resp.set_next_page_token(core::EncodeTimeAndIdToken({last.at, last.id}, query));
  }
  return resp;
}

bool ReportSettled(const grpc::Status& status) {
  return status.ok() || status.error_code() == grpc::StatusCode::NOT_FOUND ||
         status.error_code() == grpc::StatusCode::FAILED_PRECONDITION ||
         status.error_code() == grpc::StatusCode::INVALID_ARGUMENT;
}

absl::Status Gateway::ReportResults(const std::string& lock_id,
                                    const google::protobuf::RepeatedPtrField<v1::JobResult>& results) {
  // A job deleted, settled meanwhile or not this lock's is skipped: one
  // stale result must not keep the device from ever syncing again.
  for (const auto& r : results) {
    jv1::ReportJobResultRequest report;
    report.set_job_id(r.job_id());
    report.set_outcome(r.outcome());
    report.set_reason(r.reason());
    report.set_lock_id(lock_id);
    report.set_signature(r.signature());  // S6: jobs checks it
    jv1::ReportJobResultResponse reported;
    auto ctx = rpc::MakeContext(absl::Seconds(5), service_credential_);
    grpc::Status s = jobs_->ReportJobResult(ctx.get(), report, &reported);
    if (!ReportSettled(s)) return rpc::FromPeerStatus(s, "jobs");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<v1::DeviceJob>> Gateway::PendingJobs(const std::string& lock_id,
                                                                 jv1::JobChannel channel) {
  jv1::ClaimJobsRequest claim;
  claim.set_lock_id(lock_id);
  claim.set_channel(channel);
  jv1::ClaimJobsResponse claimed;
  auto ctx = rpc::MakeContext(absl::Seconds(5), service_credential_);
  if (grpc::Status s = jobs_->ClaimJobs(ctx.get(), claim, &claimed); !s.ok()) {
    return rpc::FromPeerStatus(s, "jobs");
  }
  std::vector<v1::DeviceJob> jobs;
  for (const auto& c : claimed.jobs()) jobs.push_back(DeviceJobOf(c));
  return jobs;
}

absl::StatusOr<v1::AppSyncResponse> Gateway::AppSync(const Caller& caller,
                                                     const v1::AppSyncRequest& req) {
  if (auto s = core::ValidateUuid(req.lock_id(), "lock_id"); !s.ok()) return s;
  if (auto s = ValidateJobResults(req.results()); !s.ok()) return s;
  v1::LockReport report;
  if (req.has_battery_percent()) report.set_battery_percent(req.battery_percent());
  *report.mutable_activity() = req.activity();
  auto reading = ReadLockReport(report, clock_.Now());
  if (!reading.ok()) return reading.status();
  if (auto s = RequireSyncer(caller, req.lock_id()); !s.ok()) return s;
  if (auto s = RecordReading(caller.principal.organisation_id, req.lock_id(), *reading, true);
      !s.ok()) {
    return s;
  }
  if (auto s = ReportResults(req.lock_id(), req.results()); !s.ok()) return s;
  auto jobs = PendingJobs(req.lock_id(), jv1::JOB_CHANNEL_BLUETOOTH);
  if (!jobs.ok()) return jobs.status();
  v1::AppSyncResponse resp;
  for (auto& j : *jobs) *resp.add_jobs() = std::move(j);
  return resp;
}

absl::StatusOr<v1::HeartbeatResponse> Gateway::Heartbeat(const v1::HeartbeatRequest& req) {
  auto reading = ReadHeartbeat(req, clock_.Now());
  if (!reading.ok()) return reading.status();
  const bool heartbeat = req.kind() == v1::TRANSMISSION_KIND_HEARTBEAT;

  org::v1::AuthenticateLockRequest who_req;
  who_req.set_device_credential(req.device_credential());
  org::v1::AuthenticateLockResponse who;
  auto ctx = rpc::MakeContext(absl::Seconds(5), service_credential_);
  if (grpc::Status s = org_->AuthenticateLock(ctx.get(), who_req, &who); !s.ok()) {
    return rpc::FromPeerStatus(s, "org");
  }
  if (auto s = RecordReading(who.organisation_id(), who.lock_id(), *reading, /*telemetry=*/heartbeat);
      !s.ok()) {
    return s;
  }
  v1::HeartbeatResponse resp;
  *resp.mutable_activity_log_interval() = who.activity_log_interval();
  *resp.mutable_heartbeat_interval() = who.heartbeat_interval();
  if (!heartbeat) return resp;  // L4: logs only
  if (auto s = ReportResults(who.lock_id(), req.results()); !s.ok()) return s;
  auto jobs = PendingJobs(who.lock_id(), jv1::JOB_CHANNEL_NB_IOT);
  if (!jobs.ok()) return jobs.status();
  for (auto& j : *jobs) *resp.add_jobs() = std::move(j);
  return resp;
}

absl::StatusOr<jv1::Job> Gateway::SendLockCommand(const Caller& caller,
                                                  const v1::SendLockCommandRequest& req) {
  if (auto s = core::ValidateUuid(req.lock_id(), "lock_id"); !s.ok()) return s;
  static constexpr jv1::JobKind kKinds[] = {jv1::JOB_KIND_UNSPECIFIED, jv1::JOB_KIND_LOCK,
                                            jv1::JOB_KIND_UNLOCK, jv1::JOB_KIND_SYNC};
  if (req.command() < v1::LOCK_COMMAND_LOCK || req.command() > v1::LOCK_COMMAND_SYNC) {
    return absl::InvalidArgumentError(
        "command must be LOCK_COMMAND_LOCK, LOCK_COMMAND_UNLOCK or LOCK_COMMAND_SYNC");
  }
  if (auto s = idempotency::ValidateKey(req.request_id()); !s.ok()) return s;
  if (caller.principal.role == auth::Role::kLockUser) {
    return absl::PermissionDeniedError(
        "Owners, Admins and the lock's Managers send commands through its Bridge (J3)");
  }
  auto facts = scopes_.Describe(caller.bearer_token, req.lock_id());
  if (!facts.ok()) return facts.status();
  if (!facts->has_bridge) {
    return absl::FailedPreconditionError(absl::StrCat(
        "lock ", req.lock_id(), " is not linked to a Bridge: link one to send commands (L6)"));
  }
  auto replica = presence_.ReplicaFor(req.lock_id());
  if (!replica.ok()) {
    return absl::UnavailableError(absl::StrCat("Bridge presence (Redis) cannot be read: ",
                                               replica.status().message()));
  }
  if (replica->empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the Bridge of lock ", req.lock_id(),
        " is offline: Lock, Unlock and Sync need it online (L6); try again when it reconnects"));
  }
  jv1::CreateCommandJobRequest create;
  create.set_organisation_id(caller.principal.organisation_id);
  create.set_lock_id(req.lock_id());
  create.set_kind(kKinds[req.command()]);
  create.set_requested_by_user_id(caller.principal.user_id);
  create.set_request_id(req.request_id());
  jv1::CreateCommandJobResponse created;
  auto ctx = rpc::MakeContext(absl::Seconds(5), service_credential_);
  if (grpc::Status s = jobs_->CreateCommandJob(ctx.get(), create, &created); !s.ok()) {
    return rpc::FromPeerStatus(s, "jobs");
  }
  return created.job();
}

}  // namespace keyway::gateway
