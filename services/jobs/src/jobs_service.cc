#include "jobs_service.h"

#include "keyway/rpc/call.h"
#include "keyway/rpc/handler.h"

namespace keyway::jobs {

grpc::Status JobsService::ListJobs(grpc::ServerContext* ctx, const v1::ListJobsRequest* req,
                                   v1::ListJobsResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) { return rpc::Fill(jobs_.ListJobs(c, *req), resp); });
}

grpc::Status JobsService::GetJob(grpc::ServerContext* ctx, const v1::GetJobRequest* req,
                                 v1::GetJobResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) { return rpc::Fill(jobs_.GetJob(c, *req), resp->mutable_job()); });
}

grpc::Status JobsService::DeleteJob(grpc::ServerContext* ctx, const v1::DeleteJobRequest* req,
                                    v1::DeleteJobResponse*) {
  return rpc::AsCaller(ctx, [&](const Caller& c) { return jobs_.DeleteJob(c, *req); });
}

grpc::Status JobsService::RecreateJob(grpc::ServerContext* ctx, const v1::RecreateJobRequest* req,
                                      v1::RecreateJobResponse* resp) {
  return rpc::AsCaller(ctx, [&](const Caller& c) {
    return rpc::Fill(jobs_.RecreateJob(c, *req), resp->mutable_job());
  });
}

grpc::Status JobsInternalService::ReportJobResult(grpc::ServerContext* ctx,
                                          const v1::ReportJobResultRequest* req,
                                          v1::ReportJobResultResponse* resp) {
  return rpc::Handle(ctx, [&] { return rpc::Fill(jobs_.ReportJobResult(*req), resp->mutable_job()); });
}

grpc::Status JobsInternalService::ClaimJobs(grpc::ServerContext* ctx, const v1::ClaimJobsRequest* req,
                                    v1::ClaimJobsResponse* resp) {
  return rpc::Handle(ctx, [&] { return rpc::Fill(jobs_.ClaimJobs(*req), resp); });
}

grpc::Status JobsInternalService::CreateCommandJob(grpc::ServerContext* ctx,
                                           const v1::CreateCommandJobRequest* req,
                                           v1::CreateCommandJobResponse* resp) {
  return rpc::Handle(ctx, [&] { return rpc::Fill(jobs_.CreateCommandJob(*req), resp->mutable_job()); });
}

}  // namespace keyway::jobs
