#pragma once
// identity, org, access and jobs in process on throwaway databases, sharing
// one fake clock: access's job requests reach jobs, whose outcomes reach access.

#include "access_fixture.h"
#include "jobs_server.h"
#include "keyway/jobs/v1/jobs_service.grpc.pb.h"
#include "keyway/jobseal/job_result.h"

namespace keyway::jobs::testing {

using namespace keyway::access::testing;
namespace jv1 = keyway::jobs::v1;

class JobsFixture {
 public:
  explicit JobsFixture(int redis_port = keyway::testing::SharedServers().redis_port,
                       int pg_port = keyway::testing::SharedServers().pg_port)
      : f(redis_port, pg_port), db_(pg_port) {
    Start();
  }

  // The jobs service, on the same database and, once started, the same
  // port (its callers keep their channels): K3 tests stop and start it.
  void Start() {
    keyway::jobs::JobsServerOptions options;
    options.listen = "127.0.0.1:" + std::to_string(port_);
    options.db = db_.conninfo();
    options.db_pool_size = 4;
    options.redis_port = f.org.redis_port();
    options.identity_address = "127.0.0.1:" + std::to_string(f.org.identity().server().port());
    options.org_address = "127.0.0.1:" + std::to_string(f.org.server().port());
    options.access_events_stream = f.stream;
    options.access_address = "127.0.0.1:" + std::to_string(f.port());
    options.config.events_stream = f.jobs_stream;  // access consumes outcomes from here
    options.service_callers = keyway::testing::ServiceCallers({"gateway"});
    options.operator_token = keyway::testing::OperatorToken();  // dead letters (S9)
    options.service_credential = keyway::testing::ServiceCredential("jobs");
    options.clock = &f.org.identity().clock();
    auto server = keyway::jobs::JobsServer::Start(options);
    INFO(server.status().ToString());
    REQUIRE(server.ok());
    server_ = std::move(*server);
    port_ = server_->port();
    auto channel = keyway::rpc::MakeChannel("127.0.0.1:" + std::to_string(server_->port()));
    api = jv1::JobsService::NewStub(channel);
    internal = jv1::JobsInternalService::NewStub(channel);
  }

  // K3 tests stop jobs, and Start() it again on the same database.
  void Stop() {
    server_.reset();
    api.reset();
    internal.reset();
  }

  // The newest job jobs lists for `access_id` (a pending one of `pending_kind`
  // when given), once there is one.
  jv1::Job AwaitJob(const Account& by, const std::string& access_id,
                    absl::Duration patience = absl::Seconds(5),
                    jv1::JobKind pending_kind = jv1::JOB_KIND_UNSPECIFIED) {
    for (int i = 0; i < patience / absl::Milliseconds(25); ++i) {
      jv1::ListJobsResponse listed;
      auto s = api->ListJobs(f.org.As(by).get(), {}, &listed);
      REQUIRE(s.ok());
      for (const auto& j : listed.jobs()) {
        if (j.access_id() != access_id) continue;
        if (pending_kind == jv1::JOB_KIND_UNSPECIFIED ||
            (j.kind() == pending_kind && j.state() == jv1::JOB_STATE_PENDING)) {
          return j;
        }
      }
      absl::SleepFor(absl::Milliseconds(25));
    }
    FAIL("no job for access " << access_id);
    return {};
  }

  // The gateway's report of what the job's lock said, signed by that lock
  // (S6) unless `signed_by_lock` is false.
  grpc::Status Report(const std::string& job_id, jv1::JobOutcome outcome, const std::string& reason,
                      jv1::Job* out = nullptr, const std::string& token = "",
                      bool signed_by_lock = true) {
    jv1::ReportJobResultRequest req;
    req.set_job_id(job_id);
    req.set_outcome(outcome);
    req.set_reason(reason);
    if (signed_by_lock) req.set_signature(LockSignature(job_id, outcome, reason));
    jv1::ReportJobResultResponse resp;
    auto ctx = keyway::rpc::MakeContext(absl::Seconds(5), token.empty() ? gateway_token : token);
    auto s = internal->ReportJobResult(ctx.get(), req, &resp);
    if (out) *out = resp.job();
    return s;
  }

  grpc::Status Get(const Account& by, const std::string& job_id, jv1::Job* out = nullptr) {
    jv1::GetJobRequest req;
    req.set_job_id(job_id);
    jv1::GetJobResponse resp;
    auto s = api->GetJob(f.org.As(by).get(), req, &resp);
    if (out) *out = resp.job();
    return s;
  }

  grpc::Status DeleteJob(const Account& by, const std::string& job_id) {
    jv1::DeleteJobRequest req;
    req.set_job_id(job_id);
    jv1::DeleteJobResponse resp;
    return api->DeleteJob(f.org.As(by).get(), req, &resp);
  }

  grpc::Status RecreateJob(const Account& by, const std::string& job_id, jv1::Job* out = nullptr) {
    jv1::RecreateJobRequest req;
    req.set_job_id(job_id);
    jv1::RecreateJobResponse resp;
    auto s = api->RecreateJob(f.org.As(by).get(), req, &resp);
    if (out) *out = resp.job();
    return s;
  }

  // S6: what the job's lock signs for this result; empty for a job jobs
  // does not know or a lock the test never provisioned.
  std::string LockSignature(const std::string& job_id, jv1::JobOutcome outcome,
                            const std::string& reason) {
    auto lock = *keyway::pg::InTransaction(server_->pool(), [&](pqxx::work& tx) -> absl::StatusOr<std::string> {
      auto r = tx.exec_params("SELECT lock_id::text FROM jobs WHERE id::text = $1", job_id);
      return r.empty() ? std::string() : r[0][0].as<std::string>();
    });
    auto secret = f.secrets.find(lock);
    if (secret == f.secrets.end()) return "";
    return keyway::jobseal::SignResult(secret->second, {lock, job_id, outcome, reason});
  }

  int Count(const std::string& sql) {
    return *keyway::pg::InTransaction(server_->pool(), [&](pqxx::work& tx) -> absl::StatusOr<int> {
      return tx.exec1(sql)[0].as<int>();
    });
  }

  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

  AccessFixture f;
  // The gateway's own credential: org and jobs each admit it by its digest.
  std::string gateway_token = keyway::testing::ServiceCredential("gateway");
  std::unique_ptr<jv1::JobsService::Stub> api;
  std::unique_ptr<jv1::JobsInternalService::Stub> internal;  // the gateway's calls

 private:
  keyway::testing::TestDatabase db_;
  std::unique_ptr<keyway::jobs::JobsServer> server_;
  int port_ = 0;
};

}  // namespace keyway::jobs::testing
