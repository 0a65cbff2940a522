#include "jobs.h"

#include "absl/strings/str_cat.h"
#include "jobs_store.h"
#include "keyway/access/v1/access_events.pb.h"
#include "keyway/core/limits.h"
#include "keyway/core/paging.h"
#include "keyway/core/random.h"
#include "keyway/core/text.h"
#include "keyway/idempotency/idempotency.h"
#include "keyway/jobs/v1/job_events.pb.h"
#include "keyway/jobseal/job_result.h"
#include "keyway/pg/transaction.h"
#include "keyway/rpc/proto_time.h"

namespace keyway::jobs {
namespace {

namespace av1 = keyway::access::v1;

const char* KindName(av1::LockJobRequested::Kind kind) {
  switch (kind) {
    case av1::LockJobRequested::KIND_ADD_CUSTOM_PIN: return "add_custom_pin";
    case av1::LockJobRequested::KIND_DELETE_CUSTOM_PIN: return "delete_custom_pin";
    case av1::LockJobRequested::KIND_REVOKE_REMOTE_PIN: return "revoke_remote_pin";
    case av1::LockJobRequested::KIND_REVOKE_KEY: return "revoke_key";
    case av1::LockJobRequested::KIND_SET_INTERVALS: return "set_intervals";
    case av1::LockJobRequested::KIND_ROTATE_SECRET: return "rotate_secret";
    default: return "";
  }
}

// How each kind is stored, and named in the API.
constexpr std::pair<const char*, v1::JobKind> kKinds[] = {
    {"add_custom_pin", v1::JOB_KIND_ADD_CUSTOM_PIN},
    {"delete_custom_pin", v1::JOB_KIND_DELETE_CUSTOM_PIN},
    {"revoke_remote_pin", v1::JOB_KIND_REVOKE_REMOTE_PIN},
    {"revoke_key", v1::JOB_KIND_REVOKE_KEY},
    {"lock", v1::JOB_KIND_LOCK},
    {"unlock", v1::JOB_KIND_UNLOCK},
    {"sync", v1::JOB_KIND_SYNC},
    {"set_intervals", v1::JOB_KIND_SET_INTERVALS},
    {"rotate_secret", v1::JOB_KIND_ROTATE_SECRET},
};

v1::JobKind KindOf(const std::string& name) {
  for (const auto& [stored, kind] : kKinds) {
    if (name == stored) return kind;
  }
  return v1::JOB_KIND_UNSPECIFIED;
}

const char* StoredKind(v1::JobKind kind) {
  for (const auto& [stored, k] : kKinds) {
    if (k == kind) return stored;
  }
  return "";
}

v1::Job ToProto(const store::JobRow& j) {
  v1::Job out;
  out.set_id(j.id);
  out.set_lock_id(j.lock_id);
  out.set_access_id(j.access_id);
  out.set_kind(KindOf(j.kind));
  out.set_channel(j.channel == "bluetooth" ? v1::JOB_CHANNEL_BLUETOOTH
                  : j.channel == "bridge"  ? v1::JOB_CHANNEL_BRIDGE
                                           : v1::JOB_CHANNEL_UNSPECIFIED);
  out.set_state(j.state == "pending"     ? v1::JOB_STATE_PENDING
                : j.state == "completed" ? v1::JOB_STATE_COMPLETED
                                         : v1::JOB_STATE_FAILED);
  out.set_reason(j.reason);
  out.set_recreated(j.recreated);
  out.set_requested_by_user_id(j.requested_by);
  *out.mutable_create_time() = rpc::ToTimestamp(j.created_at);
  *out.mutable_update_time() = rpc::ToTimestamp(j.updated_at);
  out.set_carried_by_bridge_id(j.carried_by);
  return out;
}

// A job a Bridge may carry is announced, so that the gateway replica holding
// the lock's Bridge session fetches it at once.
void AnnounceIfBridgeMayCarry(pqxx::work& tx, const std::string& stream, const store::JobRow& j) {
  if (j.channel == "bluetooth") return;
  v1::JobQueued queued;
  queued.set_job_id(j.id);
  queued.set_organisation_id(j.organisation_id);
  queued.set_lock_id(j.lock_id);
  events::PublishMessage(tx, stream, j.organisation_id, queued);
}

// The outcome events access consumes all name the same things: the job, its
// access, its kind, and its attempt (2 once recreated), by which a consumer
// that sees them out of order knows a stale one.
template <typename Event>
Event OutcomeEvent(const store::JobRow& j) {
  Event e;
  e.set_job_id(j.id);
  e.set_organisation_id(j.organisation_id);
  e.set_lock_id(j.lock_id);
  e.set_access_id(j.access_id);
  e.set_kind(KindOf(j.kind));
  e.set_attempt(j.recreated ? 2 : 1);
  return e;
}

// Who access names as the requester of what a job's outcome made it ask for.
constexpr char kSystem[] = "system";

absl::Status JobNotFound(const std::string& id) {
  return absl::NotFoundError(absl::StrCat("job ", id, " not found"));
}

}  // namespace

Jobs::Jobs(pg::Pool& pool, org_client::LockScopes& scopes, org_client::LockOwners& owners,
           CommandSealer& sealer, const core::Clock& clock, JobsConfig config)
    : pool_(pool),
      scopes_(scopes),
      owners_(owners),
      sealer_(sealer),
      clock_(clock),
      config_(std::move(config)) {}

absl::Status Jobs::ApplyAccessEvent(pqxx::work& tx, const events::Event& event) {
  if (event.type == av1::AccessDeleted().GetTypeName()) {
    av1::AccessDeleted deleted;
    if (!deleted.ParseFromString(event.payload)) return absl::DataLossError("unreadable AccessDeleted");
    if (!core::ValidateUuid(deleted.job_id(), "job_id").ok()) return absl::OkStatus();
    // J4: the job is never recreated now. One recreated meanwhile (the two
    // crossed) is deleted: the person's delete of the access wins.
    auto j = store::FindJob(tx, deleted.organisation_id(), deleted.job_id(), true);
    if (!j) return absl::OkStatus();
    store::MarkAccessDeleted(tx, j->organisation_id, j->id);
    if (j->state == "pending" && j->recreated) {
      store::MarkDeleted(tx, j->id, clock_.Now());
      events::PublishMessage(tx, config_.events_stream, j->organisation_id,
                             OutcomeEvent<v1::JobDeleted>(*j));
    }
    return absl::OkStatus();
  }
  if (event.type != av1::LockJobRequested().GetTypeName()) return absl::OkStatus();
  av1::LockJobRequested req;
  if (!req.ParseFromString(event.payload)) return absl::DataLossError("unreadable LockJobRequested");
  const std::string kind = KindName(req.kind());
  if (kind.empty() || !core::ValidateUuid(req.job_id(), "job_id").ok() ||
      !core::ValidateUuid(req.lock_id(), "lock_id").ok() || req.organisation_id().empty() ||
      req.organisation_id() != event.organisation_id) {
    return absl::InvalidArgumentError(
        "a LockJobRequested without a job id, lock, kind or its stream's organisation");
  }
  store::JobRow job;
  job.id = req.job_id();
  job.organisation_id = req.organisation_id();
  job.lock_id = req.lock_id();
  job.access_id = req.access_id();
  job.kind = kind;
  job.channel = req.channel() == av1::PIN_CHANNEL_BLUETOOTH ? "bluetooth"
                : req.channel() == av1::PIN_CHANNEL_BRIDGE  ? "bridge"
                                                            : "any";
  job.state = "pending";
  job.request = event.payload;  // the sealed PIN stays sealed (K4)
  job.sealed = req.sealed_job();      // S6: what the lock applies
  job.result_key = req.result_key();  // S6: what its results verify under
  job.requested_by = req.requested_by_user_id();
  // The time access asked: jobs for one lock go in that order, whatever
  // order the stream delivered them in (a delete never overtakes its add).
  job.created_at = job.updated_at = event.created_at == absl::Time() ? clock_.Now() : event.created_at;
  // A request delivered twice makes one job, announced once.
  if (store::InsertJob(tx, job)) AnnounceIfBridgeMayCarry(tx, config_.events_stream, job);
  return absl::OkStatus();
}

absl::Status Jobs::RequireJobScope(const Caller& caller, const std::string& lock_id) {
  if (caller.principal.role == auth::Role::kLockUser) {
    return absl::PermissionDeniedError(
        "Owners, Admins and Managers handle jobs (J3); a Lock User syncs with the app");
  }
  return scopes_.Require(caller.bearer_token, {lock_id});
}

absl::StatusOr<v1::ListJobsResponse> Jobs::ListJobs(const Caller& caller,
                                                    const v1::ListJobsRequest& req) {
  if (caller.principal.role == auth::Role::kLockUser) {
    return absl::PermissionDeniedError("Owners, Admins and Managers see jobs (J3)");
  }
  store::ListFilter filter;
  if (!v1::JobState_IsValid(req.state())) {
    return absl::InvalidArgumentError("state must be JOB_STATE_PENDING, COMPLETED or FAILED");
  }
  static const char* const kStates[] = {"", "pending", "completed", "failed"};
  filter.state = kStates[req.state()];
  if (!req.lock_id().empty()) {
    if (auto s = core::ValidateUuid(req.lock_id(), "lock_id"); !s.ok()) return s;
    if (auto s = RequireJobScope(caller, req.lock_id()); !s.ok()) return s;
    filter.lock_id = req.lock_id();
  }
  if (!req.carried_by_bridge_id().empty()) {
    if (auto s = core::ValidateUuid(req.carried_by_bridge_id(), "carried_by_bridge_id"); !s.ok()) {
      return s;
    }
    filter.carried_by = req.carried_by_bridge_id();
  }
  auto size = core::PageSize(req.page_size());
  if (!size.ok()) return size.status();
  const std::string query =
      absl::StrCat("jobs|", filter.state, "|", filter.lock_id, "|", filter.carried_by);
  auto after = core::DecodeTimeAndIdToken(req.page_token(), query);
  if (!after.ok()) return after.status();
  filter.after = *after;
  // J3: a Manager sees the jobs of the locks org lists for them.
  std::optional<std::vector<std::string>> visible;
  if (caller.principal.role == auth::Role::kManager && filter.lock_id.empty()) {
    auto locks = scopes_.LocksIn(caller.bearer_token, "", "", core::kMaxLocksPerRequest);
    if (!locks.ok()) return locks.status();
    visible = std::move(*locks);
  }
  v1::ListJobsResponse resp;
  auto rows = pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<std::vector<store::JobRow>> {
    filter.limit = *size + 1;
    filter.lock_ids = visible;
    return store::ListJobs(tx, caller.principal.organisation_id, filter);
  });
  if (!rows.ok()) return rows.status();
  for (int i = 0; i < static_cast<int>(rows->size()) && i < *size; ++i) {
    *resp.add_jobs() = ToProto((*rows)[i]);
  }
  if (static_cast<int>(rows->size()) > *size) {
    const auto& last = (*rows)[*size - 1];
    resp.set_next_page_token(core::EncodeTimeAndIdToken({last.created_at, last.id}, query));
  }
  return resp;
}

absl::StatusOr<v1::Job> Jobs::GetJob(const Caller& caller, const v1::GetJobRequest& req) {
  if (auto s = core::ValidateUuid(req.job_id(), "job_id"); !s.ok()) return s;
  auto row = pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<store::JobRow> {
    auto j = store::FindJob(tx, caller.principal.organisation_id, req.job_id());
    if (!j) return JobNotFound(req.job_id());
    return *j;
  });
  if (!row.ok()) return row.status();
  if (auto s = RequireJobScope(caller, row->lock_id); !s.ok()) return s;
  return ToProto(*row);
}

absl::Status Jobs::DeleteJob(const Caller& caller, const v1::DeleteJobRequest& req) {
  v1::GetJobRequest get;
  get.set_job_id(req.job_id());
  auto found = GetJob(caller, get);
  if (!found.ok()) return found.status();
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::Status {
    auto j = store::FindJob(tx, caller.principal.organisation_id, req.job_id(), true);
    if (!j) return JobNotFound(req.job_id());
    if (j->state == "pending" && j->kind == "rotate_secret") {
      // S7: access waits for it; every job sealed after it needs it first.
      return absl::FailedPreconditionError(absl::StrCat(
          "job ", j->id, " gives the lock its new secret: it is not dropped"));
    }
    if (j->state == "pending" && (j->kind == "revoke_remote_pin" || j->kind == "revoke_key")) {
      // A13: the access is deleted already; without this job the lock would
      // accept the PIN or key until it ends.
      return absl::FailedPreconditionError(absl::StrCat(
          "job ", j->id, " revokes a deleted PIN or key at the lock: it is not dropped"));
    }
    if (j->state == "pending" && j->kind == "delete_custom_pin" && j->requested_by == kSystem) {
      // access asked for it: the lock holds a PIN that reached it after it
      // was deleted, which only this job takes off.
      return absl::FailedPreconditionError(absl::StrCat(
          "job ", j->id, " takes a deleted PIN off the lock: it is not dropped"));
    }
    store::MarkDeleted(tx, j->id, clock_.Now());
    // Only a job that never reached the lock changes what access says; a
    // settled one leaves the list and nothing else.
    if (j->state == "pending") {
      events::PublishMessage(tx, config_.events_stream, j->organisation_id,
                             OutcomeEvent<v1::JobDeleted>(*j));
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<v1::Job> Jobs::RecreateJob(const Caller& caller, const v1::RecreateJobRequest& req) {
  v1::GetJobRequest get;
  get.set_job_id(req.job_id());
  auto found = GetJob(caller, get);
  if (!found.ok()) return found.status();
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::Job> {
    auto j = store::FindJob(tx, caller.principal.organisation_id, req.job_id(), true);
    if (!j) return JobNotFound(req.job_id());
    if (j->state != "failed") {
      return absl::FailedPreconditionError(
          absl::StrCat("job ", j->id, " is ", j->state, ": only a Failed job is recreated (J4)"));
    }
    if (j->kind == "rotate_secret") {
      // S7: access gave the new secret up when this failed.
      return absl::FailedPreconditionError(absl::StrCat(
          "job ", j->id, " rotated a lock's secret and failed: ask access's RotateLockSecret again"));
    }
    if (j->access_deleted) {
      return absl::FailedPreconditionError(absl::StrCat(
          "job ", j->id, "'s access was deleted: its job is not recreated (J4)"));
    }
    if (j->recreated) {
      return absl::FailedPreconditionError(
          absl::StrCat("job ", j->id, " was recreated once already: a job is recreated once (J4)"));
    }
    const absl::Time now = clock_.Now();
    store::SetState(tx, j->id, "pending", "", true, now);
    j->state = "pending";
    j->reason.clear();
    j->recreated = true;
    j->updated_at = now;
    events::PublishMessage(tx, config_.events_stream, j->organisation_id,
                           OutcomeEvent<v1::JobRecreated>(*j));
    AnnounceIfBridgeMayCarry(tx, config_.events_stream, *j);
    return ToProto(*j);
  });
}

absl::StatusOr<v1::Job> Jobs::ReportJobResult(const v1::ReportJobResultRequest& req) {
  if (auto s = core::ValidateUuid(req.job_id(), "job_id"); !s.ok()) return s;
  if (req.outcome() != v1::JOB_OUTCOME_COMPLETED && req.outcome() != v1::JOB_OUTCOME_FAILED &&
      req.outcome() != v1::JOB_OUTCOME_NOT_REACHED) {
    return absl::InvalidArgumentError(
        "outcome must be JOB_OUTCOME_COMPLETED, JOB_OUTCOME_FAILED or JOB_OUTCOME_NOT_REACHED");
  }
  absl::StatusOr<std::string> reason = std::string();
  if (!req.reason().empty()) reason = core::NormalizeText(req.reason(), "reason", 500);
  if (!reason.ok()) return reason.status();
  if (req.outcome() == v1::JOB_OUTCOME_FAILED && reason->empty()) {
    return absl::InvalidArgumentError("a failed job needs a reason people can act on");
  }
  if (!req.bridge_id().empty()) {
    if (auto s = core::ValidateUuid(req.bridge_id(), "bridge_id"); !s.ok()) return s;
  }
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::Job> {
    // A job deleted while pending may have been on its way: what the lock
    // did with it still counts (access takes a PIN it holds off again).
    // Deleted settled jobs are gone for everyone.
    auto j = store::FindJobById(tx, req.job_id());
    if (!j || (j->deleted && j->state != "pending")) return JobNotFound(req.job_id());
    // A job of another lock is, for this reporter, a job that does not exist (O6).
    if (!req.lock_id().empty() && req.lock_id() != j->lock_id) return JobNotFound(req.job_id());
    // S6: only the lock says what it did. The app or Bridge may say it did
    // not reach it (the job stays pending), nothing more.
    if (req.outcome() != v1::JOB_OUTCOME_NOT_REACHED &&
        !jobseal::VerifyResult(j->result_key, {j->lock_id, j->id, req.outcome(), req.reason()},
                               req.signature())) {
      return absl::InvalidArgumentError(absl::StrCat(
          "the result of job ", j->id, " is not signed by lock ", j->lock_id,
          ": the job stays pending until the lock's own answer arrives"));
    }
    const std::string wanted = req.outcome() == v1::JOB_OUTCOME_COMPLETED ? "completed"
                               : req.outcome() == v1::JOB_OUTCOME_FAILED  ? "failed"
                                                                          : "pending";
    if (j->state != "pending") {
      // The same word twice (a retried report) is fine; a change of mind is not.
      if (j->state == wanted) return ToProto(*j);
      return absl::FailedPreconditionError(
          absl::StrCat("job ", j->id, " is already ", j->state));
    }
    const absl::Time now = clock_.Now();
    store::SetState(tx, j->id, wanted, *reason, j->recreated, now);
    if (!req.bridge_id().empty() && wanted != "pending") {
      store::SetCarriedBy(tx, j->id, req.bridge_id());
      j->carried_by = req.bridge_id();
    }
    j->state = wanted;
    j->reason = *reason;
    j->updated_at = now;
    if (wanted == "completed") {
      events::PublishMessage(tx, config_.events_stream, j->organisation_id,
                             OutcomeEvent<v1::JobCompleted>(*j));
    } else if (wanted == "failed") {
      auto failed = OutcomeEvent<v1::JobFailed>(*j);
      failed.set_reason(*reason);
      events::PublishMessage(tx, config_.events_stream, j->organisation_id, failed);
    }  // J2: not reached: it stays pending, with the reason for people to see
    return ToProto(*j);
  });
}

absl::StatusOr<v1::ClaimJobsResponse> Jobs::ClaimJobs(const v1::ClaimJobsRequest& req) {
  std::vector<std::string> locks(req.lock_ids().begin(), req.lock_ids().end());
  if (!req.lock_id().empty() && !locks.empty()) {
    return absl::InvalidArgumentError("give lock_id or lock_ids, not both");
  }
  if (locks.empty()) locks.push_back(req.lock_id());
  if (locks.size() > 1000) return absl::InvalidArgumentError("at most 1,000 lock_ids at once");
  for (const auto& lock : locks) {
    if (auto s = core::ValidateUuid(lock, "lock_id"); !s.ok()) return s;
  }
  if (req.channel() != v1::JOB_CHANNEL_BLUETOOTH && req.channel() != v1::JOB_CHANNEL_BRIDGE &&
      req.channel() != v1::JOB_CHANNEL_NB_IOT) {
    return absl::InvalidArgumentError(
        "channel must be JOB_CHANNEL_BLUETOOTH, JOB_CHANNEL_BRIDGE or JOB_CHANNEL_NB_IOT");
  }
  if (req.max_jobs() < 0) return absl::InvalidArgumentError("max_jobs must not be negative");
  const int most = locks.size() > 1 ? 1000 : 100;
  const int limit = req.max_jobs() == 0 ? 100 : std::min(req.max_jobs(), most);
  const std::string channel = req.channel() == v1::JOB_CHANNEL_BLUETOOTH ? "bluetooth"
                              : req.channel() == v1::JOB_CHANNEL_BRIDGE  ? "bridge"
                                                                         : "nbiot";
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::ClaimJobsResponse> {
    // L6: a command is for now: an Unlock must never reach the lock hours
    // later, when its Bridge comes back. One past its lifetime is not sent
    // (the lock would refuse it anyway), and fails after a grace for an
    // answer already on its way.
    const absl::Time now = clock_.Now();
    ExpireCommands(tx, locks, now);
    v1::ClaimJobsResponse resp;
    for (const auto& j : store::PendingJobsFor(tx, locks, channel, limit, now - config_.command_lifetime)) {
      auto* claimed = resp.add_jobs();
      *claimed->mutable_job() = ToProto(j);
      claimed->set_request(j.request);
      claimed->set_sealed(j.sealed);
      if (j.kind == "lock" || j.kind == "unlock" || j.kind == "sync") {
        *claimed->mutable_not_after() = rpc::ToTimestamp(j.created_at + config_.command_lifetime);
      }
    }
    return resp;
  });
}

void Jobs::ExpireCommands(pqxx::work& tx, const std::optional<std::vector<std::string>>& locks,
                          absl::Time now) {
  constexpr absl::Duration kGrace = absl::Seconds(30);  // for an answer on its way
  const std::string reason =
      absl::StrCat("not delivered within ", absl::FormatDuration(config_.command_lifetime),
                   ": commands go only while the lock's Bridge is online (L6)");
  for (const auto& j :
       store::ExpireCommands(tx, locks, now - config_.command_lifetime - kGrace, reason, now)) {
    auto failed = OutcomeEvent<v1::JobFailed>(j);
    failed.set_reason(j.reason);
    events::PublishMessage(tx, config_.events_stream, j.organisation_id, failed);
  }
}

absl::Status Jobs::ExpireStaleCommands() {
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::Status {
    ExpireCommands(tx, std::nullopt, clock_.Now());
    return absl::OkStatus();
  });
}

absl::StatusOr<v1::Job> Jobs::CreateCommandJob(const v1::CreateCommandJobRequest& req) {
  if (req.organisation_id().empty()) return absl::InvalidArgumentError("organisation_id is required");
  if (auto s = core::ValidateUuid(req.lock_id(), "lock_id"); !s.ok()) return s;
  if (req.kind() != v1::JOB_KIND_LOCK && req.kind() != v1::JOB_KIND_UNLOCK &&
      req.kind() != v1::JOB_KIND_SYNC) {
    return absl::InvalidArgumentError("kind must be JOB_KIND_LOCK, JOB_KIND_UNLOCK or JOB_KIND_SYNC");
  }
  if (req.requested_by_user_id().empty()) {
    return absl::InvalidArgumentError("requested_by_user_id is required");
  }
  if (auto s = idempotency::ValidateKey(req.request_id()); !s.ok()) return s;
  // The gateway checked the person; org says whether the lock is theirs.
  if (auto s = owners_.Check(req.organisation_id(), req.lock_id()); !s.ok()) return s;
  // S6: sealed by access before any transaction opens (S9). A retried
  // request gets its first job; this seal then goes unused.
  const std::string job_id = core::NewUuid();
  const absl::Time made_at = clock_.Now();
  auto sealed = sealer_.Seal(req.organisation_id(), req.lock_id(), job_id, req.kind(),
                             made_at + config_.command_lifetime);
  if (!sealed.ok()) return sealed.status();
  const std::string scope =
      absl::StrCat("command|", req.organisation_id(), "|", req.requested_by_user_id());
  auto made = pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::CreateCommandJobResponse> {
    return idempotency::Run<v1::CreateCommandJobResponse>(
        tx, scope, req.request_id(), req, [&](pqxx::work& tx) -> absl::StatusOr<v1::CreateCommandJobResponse> {
          store::JobRow job;
          job.id = job_id;
          job.organisation_id = req.organisation_id();
          job.lock_id = req.lock_id();
          job.kind = StoredKind(req.kind());
          job.channel = "bridge";  // L6: commands go by Bridge only
          job.state = "pending";
          job.requested_by = req.requested_by_user_id();
          job.created_at = job.updated_at = made_at;
          job.sealed = sealed->sealed_job;
          job.result_key = sealed->result_key;
          store::InsertJob(tx, job);
          AnnounceIfBridgeMayCarry(tx, config_.events_stream, job);
          v1::CreateCommandJobResponse resp;
          *resp.mutable_job() = ToProto(job);
          return resp;
        });
  });
  if (!made.ok()) return made.status();
  return made->job();
}

}  // namespace keyway::jobs
