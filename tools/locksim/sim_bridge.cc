#include "sim_bridge.h"

#include "absl/strings/str_cat.h"
#include "keyway/core/encoding.h"
#include "device_answer.h"
#include "keyway/access/v1/access_events.pb.h"
#include "keyway/rpc/status.h"

namespace keyway::locksim {
namespace {

namespace gv1 = keyway::gateway::v1;
namespace jv1 = keyway::jobs::v1;
namespace av1 = keyway::access::v1;

}  // namespace

SimBridge::SimBridge(std::shared_ptr<grpc::Channel> gateway, std::string credential,
                     const core::Clock& clock)
    : stub_(gv1::DeviceService::NewStub(std::move(gateway))),
      credential_(std::move(credential)),
      clock_(clock) {}

SimBridge::~SimBridge() { Disconnect(); }

void SimBridge::AddLock(const LockConfig& config) {
  absl::MutexLock l(&mu_);
  auto& sim = locks_[config.lock_id];
  sim.lock = std::make_unique<lockmodel::Lock>(
      lockmodel::LockSetup{core::UuidBytes(config.lock_id), config.secret, config.epoch,
                           config.lock_id},
      clock_);
  sim.secret = config.secret;
}

absl::Status SimBridge::ConnectAgain(absl::Duration patience) {
  const absl::Time give_up = absl::Now() + patience;
  absl::Status last = absl::OkStatus();
  while (!connected()) {
    if (absl::Now() >= give_up) {
      return last.ok() ? absl::DeadlineExceededError("the Bridge could not connect again") : last;
    }
    last = Connect(absl::Seconds(2));
    if (!last.ok()) absl::SleepFor(absl::Milliseconds(50));
  }
  return absl::OkStatus();
}

absl::Status SimBridge::Connect(absl::Duration patience) {
  Disconnect();
  {
    absl::MutexLock l(&mu_);
    welcomed_ = false;
    connected_ = true;
    ended_ = absl::OkStatus();
  }
  context_ = std::make_unique<grpc::ClientContext>();
  stream_ = stub_->BridgeSession(context_.get());
  gv1::BridgeSessionRequest hello;
  hello.mutable_hello()->set_bridge_credential(credential_);
  if (!Send(hello)) {
    // The gateway ended the stream at once: say why, in its own words.
    absl::Status why = rpc::FromGrpcStatus(stream_->Finish());
    Disconnect();
    if (why.ok()) return absl::UnavailableError("the gateway did not take the Bridge's hello");
    return why;
  }
  reader_ = std::thread([this, stream = stream_.get()] { ReadUntilClosed(stream); });
  absl::MutexLock l(&mu_);
  auto settled = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return welcomed_ || !connected_; };
  if (!mu_.AwaitWithTimeout(absl::Condition(&settled), patience)) {
    return absl::DeadlineExceededError("the gateway did not welcome the Bridge in time");
  }
  if (!welcomed_) {
    if (!ended_.ok()) return ended_;
    return absl::UnauthenticatedError("the gateway refused the Bridge's session");
  }
  return absl::OkStatus();
}

void SimBridge::Disconnect() {
  if (context_) context_->TryCancel();
  if (reader_.joinable()) reader_.join();
  stream_.reset();
  context_.reset();
  absl::MutexLock l(&mu_);
  connected_ = false;
}

bool SimBridge::connected() const {
  absl::MutexLock l(&mu_);
  return connected_ && welcomed_;
}

std::string SimBridge::bridge_id() const {
  absl::MutexLock l(&mu_);
  return bridge_id_;
}

bool SimBridge::Send(const gv1::BridgeSessionRequest& message) {
  absl::MutexLock l(&write_mu_);
  return stream_ && stream_->Write(message);
}

void SimBridge::ReadUntilClosed(grpc::ClientReaderWriter<gv1::BridgeSessionRequest, gv1::BridgeSessionResponse>* stream) {
  gv1::BridgeSessionResponse down;
  while (stream->Read(&down)) {
    if (down.has_welcome()) {
      absl::MutexLock l(&mu_);
      bridge_id_ = down.welcome().bridge_id();
      welcomed_ = true;
    } else if (down.has_job()) {
      Apply(down.job());
    }
  }
  absl::Status ended = rpc::FromGrpcStatus(stream->Finish());
  absl::MutexLock l(&mu_);
  ended_ = std::move(ended);
  connected_ = false;
}

void SimBridge::Apply(const gv1::BridgeJob& job) {
  gv1::BridgeSessionRequest up;
  auto* result = up.mutable_result();
  result->set_lock_id(job.lock_id());
  result->mutable_result()->set_job_id(job.job().job_id());
  AnsweredCallback callback;
  Answer answer{job.lock_id(), job.job().job_id(), "", false};
  {
    absl::MutexLock l(&mu_);
    callback = on_answered_;
    auto it = locks_.find(job.lock_id());
    if (it == locks_.end()) {
      // A lock out of the Bridge's reach is a connectivity failure (J2).
      result->mutable_result()->set_outcome(jv1::JOB_OUTCOME_NOT_REACHED);
      result->mutable_result()->set_reason("the Bridge has no such lock");
    } else {
      *result->mutable_result() = AnswerJob(*it->second.lock, job.job());
      // The app's copy of the request names the PIN (the lock read its own).
      av1::LockJobRequested request;
      if (request.ParseFromString(job.job().request())) answer.access_id = request.access_id();
    }
    answer.applied = result->result().outcome() == jv1::JOB_OUTCOME_COMPLETED;
    if (answer.applied) applied_.insert(answer.job_id);
  }
  Send(up);
  if (callback) callback(answer);
}

std::vector<gv1::JobResult> SimBridge::ApplyFromApp(const std::string& lock_id,
                                                    const std::vector<gv1::DeviceJob>& jobs) {
  absl::MutexLock l(&mu_);
  auto it = locks_.find(lock_id);
  std::vector<gv1::JobResult> results;
  for (const auto& job : jobs) {
    gv1::JobResult r;
    if (it == locks_.end()) {
      r.set_job_id(job.job_id());
      r.set_outcome(jv1::JOB_OUTCOME_NOT_REACHED);
      r.set_reason("the app is not at this lock");
    } else {
      r = AnswerJob(*it->second.lock, job);
      if (r.outcome() == jv1::JOB_OUTCOME_COMPLETED) applied_.insert(job.job_id());
    }
    results.push_back(std::move(r));
  }
  return results;
}

lockmodel::Outcome SimBridge::TypePin(const std::string& lock_id, const std::string& code) {
  absl::MutexLock l(&mu_);
  auto it = locks_.find(lock_id);
  if (it == locks_.end()) return lockmodel::Outcome::kRefused;
  return it->second.lock->TypePin(code);
}

void SimBridge::HardReset(const std::string& lock_id) {
  absl::MutexLock l(&mu_);
  auto it = locks_.find(lock_id);
  if (it != locks_.end()) it->second.lock->HardReset();
}

bool SimBridge::BoltOpen(const std::string& lock_id) const {
  absl::MutexLock l(&mu_);
  auto it = locks_.find(lock_id);
  return it != locks_.end() && it->second.lock->bolt_open();
}

absl::Status SimBridge::Report(const std::string& lock_id, int battery_percent) {
  gv1::BridgeSessionRequest up;
  auto* report = up.mutable_report();
  report->set_lock_id(lock_id);
  report->set_battery_percent(battery_percent);
  {
    absl::MutexLock l(&mu_);
    auto it = locks_.find(lock_id);
    if (it == locks_.end()) return absl::NotFoundError(absl::StrCat("no lock ", lock_id));
    const auto& log = it->second.lock->activity();
    for (size_t i = it->second.uploaded; i < log.size() && report->activity_size() < 1000; ++i) {
      auto* line = report->add_activity();
      line->mutable_time()->set_seconds(absl::ToUnixSeconds(log[i].at));
      line->set_event(log[i].event);
      line->set_detail(log[i].detail);
    }
    it->second.uploaded += report->activity_size();
  }
  if (!Send(up)) return absl::UnavailableError("the Bridge's link is down");
  return absl::OkStatus();
}

void SimBridge::OnAnswered(AnsweredCallback callback) {
  absl::MutexLock l(&mu_);
  on_answered_ = std::move(callback);
}

int SimBridge::jobs_applied() const {
  absl::MutexLock l(&mu_);
  return static_cast<int>(applied_.size());
}

}  // namespace keyway::locksim
