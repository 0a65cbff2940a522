#pragma once
// The gRPC surface of jobs: no business rules here.

#include "jobs.h"
#include "keyway/jobs/v1/jobs_service.grpc.pb.h"

namespace keyway::jobs {

class JobsService final : public v1::JobsService::Service {
 public:
  // `gateway_token`: the credential the gateway presents to ReportJobResult;
  // empty refuses every report.
  JobsService(Jobs& jobs, std::string gateway_token)
      : jobs_(jobs), gateway_token_(std::move(gateway_token)) {}
  // Calls that carry the gateway's credential instead of a user's token.
  static std::vector<std::string> PublicMethods();

  grpc::Status ListJobs(grpc::ServerContext*, const v1::ListJobsRequest*, v1::ListJobsResponse*) override;
  grpc::Status GetJob(grpc::ServerContext*, const v1::GetJobRequest*, v1::GetJobResponse*) override;
  grpc::Status DeleteJob(grpc::ServerContext*, const v1::DeleteJobRequest*, v1::DeleteJobResponse*) override;
  grpc::Status RecreateJob(grpc::ServerContext*, const v1::RecreateJobRequest*,
                           v1::RecreateJobResponse*) override;
  grpc::Status ReportJobResult(grpc::ServerContext*, const v1::ReportJobResultRequest*,
                               v1::ReportJobResultResponse*) override;
  grpc::Status ClaimJobs(grpc::ServerContext*, const v1::ClaimJobsRequest*,
                         v1::ClaimJobsResponse*) override;
  grpc::Status CreateCommandJob(grpc::ServerContext*, const v1::CreateCommandJobRequest*,
                                v1::CreateCommandJobResponse*) override;

 private:
  Jobs& jobs_;
  const std::string gateway_token_;
};

}  // namespace keyway::jobs
