#include "gateway.h"

#include "absl/strings/str_cat.h"
#include "keyway/core/text.h"
#include "keyway/rpc/client.h"
#include "keyway/rpc/status.h"

namespace keyway::gateway {
namespace {

namespace jv1 = keyway::jobs::v1;

constexpr int kMaxResults = 100;

absl::Status FromJobs(const grpc::Status& s) {
  if (s.error_code() == grpc::StatusCode::UNAVAILABLE ||
      s.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
    return absl::UnavailableError("the jobs service is unreachable; sync again shortly");
  }
  return rpc::FromGrpcStatus(s);
}

}  // namespace

Gateway::Gateway(org_client::LockScopes& scopes, std::shared_ptr<grpc::Channel> jobs,
                 std::string gateway_token)
    : scopes_(scopes),
      jobs_(jv1::JobsService::NewStub(std::move(jobs))),
      gateway_token_(std::move(gateway_token)) {}

absl::StatusOr<v1::AppSyncResponse> Gateway::AppSync(const Caller& caller,
                                                     const v1::AppSyncRequest& req) {
  if (auto s = core::ValidateUuid(req.lock_id(), "lock_id"); !s.ok()) return s;
  if (req.results_size() > kMaxResults) {
    return absl::InvalidArgumentError(absl::StrCat("at most ", kMaxResults, " results per sync"));
  }
  for (const auto& r : req.results()) {
    if (auto s = core::ValidateUuid(r.job_id(), "results.job_id"); !s.ok()) return s;
  }
  if (caller.principal.role == auth::Role::kLockUser) {
    return absl::PermissionDeniedError(
        "Owners, Admins and Managers push jobs to locks (J3); a Lock User's sync carries none");
  }
  if (auto s = scopes_.Require(caller.bearer_token, {req.lock_id()}); !s.ok()) return s;

  // What the lock did with the jobs of the last sync. A job deleted or
  // settled meanwhile is no reason to refuse the rest.
  for (const auto& r : req.results()) {
    jv1::ReportJobResultRequest report;
    report.set_job_id(r.job_id());
    report.set_outcome(r.outcome());
    report.set_reason(r.reason());
    report.set_lock_id(req.lock_id());
    jv1::ReportJobResultResponse reported;
    auto ctx = rpc::MakeContext(absl::Seconds(5), gateway_token_);
    grpc::Status s = jobs_->ReportJobResult(ctx.get(), report, &reported);
    if (s.ok() || s.error_code() == grpc::StatusCode::NOT_FOUND ||
        s.error_code() == grpc::StatusCode::FAILED_PRECONDITION) {
      continue;
    }
    return FromJobs(s);
  }

  jv1::ClaimJobsRequest claim;
  claim.set_lock_id(req.lock_id());
  claim.set_channel(jv1::JOB_CHANNEL_BLUETOOTH);
  jv1::ClaimJobsResponse claimed;
  auto ctx = rpc::MakeContext(absl::Seconds(5), gateway_token_);
  if (grpc::Status s = jobs_->ClaimJobs(ctx.get(), claim, &claimed); !s.ok()) return FromJobs(s);
  v1::AppSyncResponse resp;
  for (const auto& c : claimed.jobs()) {
    auto* job = resp.add_jobs();
    job->set_job_id(c.job().id());
    job->set_kind(c.job().kind());
    job->set_request(c.request());
  }
  return resp;
}

}  // namespace keyway::gateway
