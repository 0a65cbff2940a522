#pragma once
// The gateway's logic, free of gRPC: the phone app's sync (A5) with the
// lock's battery and activity log (L1, L5). Scope is org's; jobs are the jobs
// service's, asked with the gateway's credential; activity logs are its own.

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "keyway/access/v1/access_service.grpc.pb.h"
#include "keyway/gateway/v1/gateway_service.pb.h"
#include "keyway/jobs/v1/jobs_service.grpc.pb.h"
#include "keyway/org/v1/org_service.grpc.pb.h"
#include "keyway/core/clock.h"
#include "keyway/org_client/lock_scopes.h"
#include "keyway/pg/pool.h"
#include "keyway/rpc/call.h"
#include "device_messages.h"
#include "presence.h"

namespace keyway::gateway {

using rpc::Caller;

// jobs' answer to a ReportJobResult settles it: taken, or never to be taken
// by this word (a job deleted, settled otherwise, or not this lock's). Any
// other answer means jobs was not reached: report it again later.
bool ReportSettled(const grpc::Status& status);

class Gateway {
 public:
  // `jobs`: the jobs service; `service_credential`: the gateway's own, for
  // org's and jobs' internal calls.
  // `presence`: where Bridges are online (L6).
  Gateway(pg::Pool& pool, org_client::LockScopes& scopes, Presence& presence,
          std::shared_ptr<grpc::Channel> org, std::shared_ptr<grpc::Channel> access,
          std::shared_ptr<grpc::Channel> jobs, std::string service_credential, const core::Clock& clock,
          std::string events_stream);

  absl::StatusOr<v1::AppSyncResponse> AppSync(const Caller& caller, const v1::AppSyncRequest& req);
  // L6: a command for the lock's Bridge, only while it is online.
  absl::StatusOr<keyway::jobs::v1::Job> SendLockCommand(const Caller& caller,
                                                        const v1::SendLockCommandRequest& req);
  // L3, L4: an NB-IoT lock's heartbeat or activity-log transmission.
  absl::StatusOr<v1::HeartbeatResponse> Heartbeat(const v1::HeartbeatRequest& req);
  // L1, L4, L5: what a lock said (by the app, its Bridge or its heartbeat):
  // its log stored and, with `telemetry`, its battery, radio and sync time
  // published for org.
  absl::Status RecordLockReport(const std::string& organisation_id, const v1::LockReport& report,
                                bool telemetry = true);
  // The same, for a report already read (device_messages.h).
  absl::Status RecordReading(const std::string& organisation_id, const std::string& lock_id,
                             const LockReading& reading, bool telemetry);
  absl::StatusOr<v1::ListActivityLogsResponse> ListActivityLogs(
      const Caller& caller, const v1::ListActivityLogsRequest& req);
  // L5: drops the activity logs of months wholly older than `retention`;
  // returns how many months went.
  absl::StatusOr<int> PruneActivityLogs(absl::Duration retention);
  // L5: the CSV, handed to `write` chunk by chunk; `write` returns false when
  // the caller went away.
  absl::Status ExportActivityLogs(const Caller& caller, const v1::ExportActivityLogsRequest& req,
                                  const std::function<bool(const std::string&)>& write);

 private:
  // L5: Owners, Admins and the lock's Managers read its log.
  absl::Status RequireLogReader(const Caller& caller, const std::string& lock_id);
  // What a device says became of the jobs it carried, told to jobs.
  absl::Status ReportResults(const std::string& lock_id,
                             const google::protobuf::RepeatedPtrField<v1::JobResult>& results);
  // The lock's pending jobs that `channel` carries.
  absl::StatusOr<std::vector<v1::DeviceJob>> PendingJobs(const std::string& lock_id,
                                                         keyway::jobs::v1::JobChannel channel);
  // J3, A8, A14: who may carry the lock's jobs: its Owners, Admins and
  // Managers, and a Lock User whose key there has Sync or Residential.
  absl::Status RequireSyncer(const Caller& caller, const std::string& lock_id);

  pg::Pool& pool_;
  org_client::LockScopes& scopes_;
  Presence& presence_;
  const core::Clock& clock_;
  const std::string events_stream_;
  std::unique_ptr<keyway::org::v1::OrgInternalService::Stub> org_;
  std::unique_ptr<keyway::access::v1::AccessService::Stub> access_;
  std::unique_ptr<keyway::jobs::v1::JobsInternalService::Stub> jobs_;
  const std::string service_credential_;
};

}  // namespace keyway::gateway
