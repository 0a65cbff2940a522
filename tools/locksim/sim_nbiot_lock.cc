#include "sim_nbiot_lock.h"

#include "keyway/core/encoding.h"
#include "device_answer.h"

namespace keyway::locksim {
namespace {

namespace gv1 = keyway::gateway::v1;
namespace jv1 = keyway::jobs::v1;

absl::Duration FromProto(const google::protobuf::Duration& d) {
  return absl::Seconds(d.seconds()) + absl::Nanoseconds(d.nanos());
}

}  // namespace

SimNbIotLock::SimNbIotLock(std::shared_ptr<grpc::Channel> gateway, std::string credential,
                           const LockConfig& lock, const core::Clock& clock)
    : stub_(gv1::DeviceService::NewStub(std::move(gateway))),
      credential_(std::move(credential)),
      lock_id_(lock.lock_id),
      secret_(lock.secret),
      lock_({core::UuidBytes(lock.lock_id), lock.secret, lock.epoch, lock.lock_id}, clock) {}

void SimNbIotLock::AddActivity(gv1::HeartbeatRequest& req) {
  const auto& log = lock_.activity();
  for (size_t i = uploaded_; i < log.size() && req.activity_size() < 1000; ++i) {
    auto* line = req.add_activity();
    line->mutable_time()->set_seconds(absl::ToUnixSeconds(log[i].at));
    line->set_event(log[i].event);
    line->set_detail(log[i].detail);
  }
  pending_upload_ = req.activity_size();
}

absl::StatusOr<Intervals> SimNbIotLock::Heartbeat(int battery_percent, int signal_dbm) {
  gv1::HeartbeatRequest req;
  req.set_device_credential(credential_);
  req.set_kind(gv1::TRANSMISSION_KIND_HEARTBEAT);
  req.set_battery_percent(battery_percent);
  req.set_signal_strength_dbm(signal_dbm);
  req.set_carrier("Keyway Mobile");
  req.set_radio_channel("B20");
  {
    absl::MutexLock l(&mu_);
    for (const auto& r : results_) *req.add_results() = r;
    AddActivity(req);
  }
  gv1::HeartbeatResponse resp;
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::Status s = stub_->Heartbeat(&ctx, req, &resp);
  if (!s.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(s.error_code()), s.error_message());
  }
  absl::MutexLock l(&mu_);
  uploaded_ += pending_upload_;
  results_.clear();  // delivered
  for (const auto& job : resp.jobs()) {
    results_.push_back(ApplyLocked(job));  // told at the next heartbeat, as a real lock would
  }
  intervals_ = {FromProto(resp.activity_log_interval()), FromProto(resp.heartbeat_interval())};
  return intervals_;
}

absl::Status SimNbIotLock::SendActivityLog() {
  gv1::HeartbeatRequest req;
  req.set_device_credential(credential_);
  req.set_kind(gv1::TRANSMISSION_KIND_ACTIVITY_LOG);
  {
    absl::MutexLock l(&mu_);
    AddActivity(req);
  }
  gv1::HeartbeatResponse resp;
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::Status s = stub_->Heartbeat(&ctx, req, &resp);
  if (!s.ok()) return absl::Status(static_cast<absl::StatusCode>(s.error_code()), s.error_message());
  absl::MutexLock l(&mu_);
  uploaded_ += pending_upload_;
  intervals_ = {FromProto(resp.activity_log_interval()), FromProto(resp.heartbeat_interval())};
  return absl::OkStatus();
}

Intervals SimNbIotLock::intervals() const {
  absl::MutexLock l(&mu_);
  return intervals_;
}

Intervals SimNbIotLock::lock_intervals() const {
  absl::MutexLock l(&mu_);
  return {lock_.activity_log_interval(), lock_.heartbeat_interval()};
}

int SimNbIotLock::jobs_applied() const {
  absl::MutexLock l(&mu_);
  return static_cast<int>(applied_.size());
}

gv1::JobResult SimNbIotLock::ApplyLocked(const gv1::DeviceJob& job) {
  gv1::JobResult r = AnswerJob(lock_, job);
  if (r.outcome() == jv1::JOB_OUTCOME_COMPLETED) applied_.insert(job.job_id());
  return r;
}

std::vector<gv1::JobResult> SimNbIotLock::ApplyFromApp(const std::vector<gv1::DeviceJob>& jobs) {
  absl::MutexLock l(&mu_);
  std::vector<gv1::JobResult> results;
  for (const auto& job : jobs) results.push_back(ApplyLocked(job));
  return results;
}

lockmodel::Outcome SimNbIotLock::TypePin(const std::string& code) {
  absl::MutexLock l(&mu_);
  return lock_.TypePin(code);
}

void SimNbIotLock::HardReset() {
  absl::MutexLock l(&mu_);
  lock_.HardReset();
}

bool SimNbIotLock::BoltOpen() const {
  absl::MutexLock l(&mu_);
  return lock_.bolt_open();
}

}  // namespace keyway::locksim
