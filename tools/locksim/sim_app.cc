#include "sim_app.h"

#include "keyway/rpc/client.h"

namespace keyway::locksim {
namespace {

namespace gv1 = keyway::gateway::v1;

absl::Status FromGrpc(const grpc::Status& s) {
  return absl::Status(static_cast<absl::StatusCode>(s.error_code()), s.error_message());
}

}  // namespace

SimApp::SimApp(std::shared_ptr<grpc::Channel> identity, std::shared_ptr<grpc::Channel> gateway,
               std::string email, std::string password)
    : identity_(identity::v1::IdentityService::NewStub(std::move(identity))),
      gateway_(gv1::GatewayService::NewStub(std::move(gateway))),
      email_(std::move(email)),
      password_(std::move(password)) {}

absl::Status SimApp::LogIn() {
  identity::v1::LoginRequest req;
  req.set_email(email_);
  req.set_password(password_);
  identity::v1::LoginResponse resp;
  grpc::Status s = identity_->Login(rpc::MakeContext(absl::Seconds(10)).get(), req, &resp);
  if (!s.ok()) return FromGrpc(s);
  token_ = resp.access_token();
  return absl::OkStatus();
}

grpc::Status SimApp::Call(const gv1::AppSyncRequest& req, gv1::AppSyncResponse* resp) {
  if (token_.empty()) {
    if (auto s = LogIn(); !s.ok()) {
      return grpc::Status(static_cast<grpc::StatusCode>(s.code()), std::string(s.message()));
    }
  }
  grpc::Status s = gateway_->AppSync(rpc::MakeContext(absl::Seconds(10), token_).get(), req, resp);
  if (s.error_code() != grpc::StatusCode::UNAUTHENTICATED) return s;
  token_.clear();  // expired: once more with a fresh login
  if (auto again = LogIn(); !again.ok()) return s;
  return gateway_->AppSync(rpc::MakeContext(absl::Seconds(10), token_).get(), req, resp);
}

absl::StatusOr<int> SimApp::Sync(const std::string& lock_id, const LockAtHand& lock) {
  gv1::AppSyncRequest req;
  req.set_lock_id(lock_id);
  gv1::AppSyncResponse resp;
  if (grpc::Status s = Call(req, &resp); !s.ok()) return FromGrpc(s);
  const std::vector<gv1::DeviceJob> jobs(resp.jobs().begin(), resp.jobs().end());
  if (jobs.empty()) return 0;
  gv1::AppSyncRequest report;
  report.set_lock_id(lock_id);
  for (auto& r : lock(jobs)) *report.add_results() = std::move(r);
  if (grpc::Status s = Call(report, &resp); !s.ok()) return FromGrpc(s);
  return static_cast<int>(jobs.size());
}

}  // namespace keyway::locksim
