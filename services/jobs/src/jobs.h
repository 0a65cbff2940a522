#pragma once
// The jobs service's logic, free of gRPC: jobs made from access's requests,
// listed and managed by people (J1, J3, J4), and settled by the gateway's
// reports (J1, J2), each outcome published for access. Every job carries
// access's seal for its lock, and settles only on a result the lock signed
// (S6).

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "command_sealer.h"
#include "keyway/core/clock.h"
#include "keyway/events/event.h"
#include "keyway/jobs/v1/jobs_service.pb.h"
#include "keyway/org_client/lock_owners.h"
#include "keyway/org_client/lock_scopes.h"
#include "keyway/pg/pool.h"
#include "keyway/rpc/call.h"

namespace keyway::jobs {

using rpc::Caller;

struct JobsConfig {
  std::string events_stream = "keyway.jobs.events";
  // L6: a Lock, Unlock or Sync command not delivered in this time fails.
  absl::Duration command_lifetime = absl::Seconds(60);
};

class Jobs {
 public:
  // `owners`: org's word on which organisation a lock is (CreateCommandJob);
  // `sealer`: access, which seals commands for their lock (S6).
  Jobs(pg::Pool& pool, org_client::LockScopes& scopes, org_client::LockOwners& owners,
       CommandSealer& sealer, const core::Clock& clock, JobsConfig config);

  absl::StatusOr<v1::ListJobsResponse> ListJobs(const Caller& caller, const v1::ListJobsRequest& req);
  absl::StatusOr<v1::Job> GetJob(const Caller& caller, const v1::GetJobRequest& req);
  absl::Status DeleteJob(const Caller& caller, const v1::DeleteJobRequest& req);
  absl::StatusOr<v1::Job> RecreateJob(const Caller& caller, const v1::RecreateJobRequest& req);
  // The gateway's call: the caller is a device channel, not a person.
  absl::StatusOr<v1::Job> ReportJobResult(const v1::ReportJobResultRequest& req);
  absl::StatusOr<v1::ClaimJobsResponse> ClaimJobs(const v1::ClaimJobsRequest& req);
  // L6: the gateway's call, for a person it checked; the lock must be the
  // organisation's it names (asked of org, S3).
  absl::StatusOr<v1::Job> CreateCommandJob(const v1::CreateCommandJobRequest& req);
  // L6: commands never delivered fail (run on a timer; claims do it too).
  absl::Status ExpireStaleCommands();

  // Applies an event of access's stream: a LockJobRequested becomes a job
  // (access's own, and org's new intervals, L3, which access sealed).
  absl::Status ApplyAccessEvent(pqxx::work& tx, const events::Event& event);

 private:
  // L6: commands of `locks` (all when unset) past their lifetime and a grace fail.
  void ExpireCommands(pqxx::work& tx, const std::optional<std::vector<std::string>>& locks,
                      absl::Time now);
  // J3: Owners and Admins every lock, Managers their departments' locks.
  absl::Status RequireJobScope(const Caller& caller, const std::string& lock_id);

  pg::Pool& pool_;
  org_client::LockScopes& scopes_;
  org_client::LockOwners& owners_;
  CommandSealer& sealer_;
  const core::Clock& clock_;
  const JobsConfig config_;
};

}  // namespace keyway::jobs
