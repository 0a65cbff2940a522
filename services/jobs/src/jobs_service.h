#pragma once
// The gRPC surface of jobs: no business rules here. Who may call each
// method is declared in its proto (S3).

#include "jobs.h"
#include "keyway/jobs/v1/jobs_service.grpc.pb.h"

namespace keyway::jobs {

// People's calls: the jobs of the locks in their scope (J3, J4).
class JobsService final : public v1::JobsService::Service {
 public:
  explicit JobsService(Jobs& jobs) : jobs_(jobs) {}

  grpc::Status ListJobs(grpc::ServerContext*, const v1::ListJobsRequest*, v1::ListJobsResponse*) override;
  grpc::Status GetJob(grpc::ServerContext*, const v1::GetJobRequest*, v1::GetJobResponse*) override;
  grpc::Status DeleteJob(grpc::ServerContext*, const v1::DeleteJobRequest*, v1::DeleteJobResponse*) override;
  grpc::Status RecreateJob(grpc::ServerContext*, const v1::RecreateJobRequest*,
                           v1::RecreateJobResponse*) override;

 private:
  Jobs& jobs_;
};

// The gateway's calls, with its own credential, on devices' behalf.
class JobsInternalService final : public v1::JobsInternalService::Service {
 public:
  explicit JobsInternalService(Jobs& jobs) : jobs_(jobs) {}

  grpc::Status ReportJobResult(grpc::ServerContext*, const v1::ReportJobResultRequest*,
                               v1::ReportJobResultResponse*) override;
  grpc::Status ClaimJobs(grpc::ServerContext*, const v1::ClaimJobsRequest*,
                         v1::ClaimJobsResponse*) override;
  grpc::Status CreateCommandJob(grpc::ServerContext*, const v1::CreateCommandJobRequest*,
                                v1::CreateCommandJobResponse*) override;

 private:
  Jobs& jobs_;
};

}  // namespace keyway::jobs
