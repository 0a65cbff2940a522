#include "keyway/lockmodel/device_job.h"

#include "keyway/algopin/custom_pin.h"
#include "keyway/jobseal/secret_rotation.h"
#include "keyway/org/v1/org_events.pb.h"

namespace keyway::lockmodel {
namespace {

namespace av1 = keyway::access::v1;
namespace jv1 = keyway::jobs::v1;

absl::Time FromSeconds(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds());
}

}  // namespace

absl::StatusOr<Job> JobFromRequest(const av1::LockJobRequested& e, const std::string& secret) {
  Job job;
  job.id = e.job_id();
  switch (e.kind()) {
    case av1::LockJobRequested::KIND_ADD_CUSTOM_PIN: {
      job.kind = Job::Kind::kAddCustomPin;
      auto digits = algopin::OpenCustomPin(secret, e.sealed_pin());
      if (!digits.ok()) {
        return absl::FailedPreconditionError("the PIN is not sealed for this lock's secret");
      }
      job.custom_pin.id = e.access_id();
      job.custom_pin.digits = *digits;
      job.custom_pin.start = FromSeconds(e.custom_pin_start_time());
      if (e.has_custom_pin_end_time()) job.custom_pin.end = FromSeconds(e.custom_pin_end_time());
      return job;
    }
    case av1::LockJobRequested::KIND_DELETE_CUSTOM_PIN:
      job.kind = Job::Kind::kDeleteCustomPin;
      job.custom_pin.id = e.access_id();
      return job;
    case av1::LockJobRequested::KIND_REVOKE_REMOTE_PIN:
      job.kind = Job::Kind::kRevokeRemotePin;
      job.remote_pin = {FromSeconds(e.remote_pin_start_time()), e.remote_pin_length_index(),
                        static_cast<uint32_t>(e.remote_pin_nonce())};
      return job;
    case av1::LockJobRequested::KIND_REVOKE_KEY:
      job.kind = Job::Kind::kRevokeKey;
      job.key_id = e.key_id();
      return job;
    case av1::LockJobRequested::KIND_ROTATE_SECRET: {
      auto fresh = jobseal::OpenNewSecret(secret, e.new_secret_sealed());
      if (!fresh.ok() || fresh->size() != 32) {
        return absl::FailedPreconditionError("the new secret is not sealed for this lock's secret");
      }
      job.kind = Job::Kind::kRotateSecret;
      job.new_secret = *fresh;
      return job;
    }
    default:
      return absl::FailedPreconditionError("a job of a kind this lock does not know");
  }
}

absl::StatusOr<Job> JobFromSealed(const jobseal::LockJob& sealed, const std::string& secret) {
  Job job;
  switch (sealed.kind) {
    case jv1::JOB_KIND_LOCK: job.kind = Job::Kind::kLock; break;
    case jv1::JOB_KIND_UNLOCK: job.kind = Job::Kind::kUnlock; break;
    case jv1::JOB_KIND_SYNC: job.kind = Job::Kind::kSync; break;
    case jv1::JOB_KIND_SET_INTERVALS: {
      keyway::org::v1::LockIntervalsChanged changed;
      if (!changed.ParseFromString(sealed.request)) {
        return absl::FailedPreconditionError("the job's intervals are unreadable");
      }
      job.kind = Job::Kind::kSetIntervals;
      job.activity_log_interval = absl::Seconds(changed.activity_log_interval().seconds());
      job.heartbeat_interval = absl::Seconds(changed.heartbeat_interval().seconds());
      break;
    }
    default: {
      av1::LockJobRequested request;
      // access numbers its kinds as the jobs service does.
      if (!request.ParseFromString(sealed.request) || request.job_id() != sealed.job_id ||
          static_cast<int>(request.kind()) != static_cast<int>(sealed.kind)) {
        return absl::FailedPreconditionError("the job's request is unreadable");
      }
      auto read = JobFromRequest(request, secret);
      if (!read.ok()) return read.status();
      job = std::move(*read);
    }
  }
  job.id = sealed.job_id;
  job.not_after = sealed.not_after;
  job.counter = sealed.counter;
  return job;
}

}  // namespace keyway::lockmodel
