#pragma once
// identity, org and access in process on throwaway databases, sharing one
// fake clock; and the steps access tests start with.

#include "access_server.h"
#include "keyway/access/v1/access_events.pb.h"
#include "keyway/access/v1/access_service.grpc.pb.h"
#include "keyway/algopin/custom_pin.h"
#include "keyway/core/encoding.h"
#include "keyway/core/random.h"
#include "keyway/jobs/v1/job_events.pb.h"
#include "keyway/jobseal/sealed_job.h"
#include "keyway/lockmodel/device_job.h"
#include "keyway/lockmodel/lock.h"
#include "keyway/pg/transaction.h"
#include "keyway/redis/client.h"
#include "org_fixture.h"

namespace keyway::access::testing {

using namespace keyway::org::testing;
namespace av1 = keyway::access::v1;
using Code = grpc::StatusCode;

// Every event of type T on `stream`, waiting up to 5 s for `pred` to hold for one.
template <typename T, typename Pred>
inline std::optional<T> AwaitEvent(const std::string& stream, Pred pred,
                                   int redis_port = keyway::testing::SharedServers().redis_port) {
  keyway::redis::Client redis("127.0.0.1", redis_port);
  for (int i = 0; i < 200; ++i) {
    auto reply = redis.Command({"XRANGE", stream, "-", "+"});
    if (reply.ok()) {
      for (const auto& entry : reply->elements) {
        std::string type, payload;
        const auto& kv = entry.elements[1].elements;
        for (size_t k = 0; k + 1 < kv.size(); k += 2) {
          if (kv[k].str == "type") type = kv[k + 1].str;
          if (kv[k].str == "payload") payload = kv[k + 1].str;
        }
        T event;
        if (type == T().GetTypeName() && event.ParseFromString(payload) && pred(event)) return event;
      }
    }
    absl::SleepFor(absl::Milliseconds(25));
  }
  return std::nullopt;
}

class AccessFixture {
 public:
  // org asks this access service for PIN facts (D5, D6): it listens on a
  // port chosen before org starts.
  explicit AccessFixture(int redis_port = keyway::testing::SharedServers().redis_port,
                         int pg_port = keyway::testing::SharedServers().pg_port)
      : port_(keyway::testing::FreePort()),
        org("127.0.0.1:" + std::to_string(port_), redis_port, pg_port),
        db_(pg_port) {
    keyway::access::AccessServerOptions options;
    options.db = db_.conninfo();
    options.db_pool_size = 8;
    options.listen = "127.0.0.1:" + std::to_string(port_);
    options.redis_port = redis_port;
    options.identity_address = "127.0.0.1:" + std::to_string(org.identity().server().port());
    options.org_address = "127.0.0.1:" + std::to_string(org.server().port());
    options.operator_token = keyway::testing::OperatorToken();  // dead letters (S9)
    options.service_credential = keyway::testing::ServiceCredential("access");
    options.service_callers = keyway::testing::ServiceCallers({"jobs"});  // S6: commands sealed
    options.org_events_stream = org.identity().org_stream();
    options.identity_events_stream = org.identity().stream();
    options.jobs_events_stream = jobs_stream;
    options.config.events_stream = stream;
    options.config.key_encryption_key = keyway::core::RandomBytes(32);
    options.config.notify_public_key = keyway::testing::NotifyKeys().public_key;
    options.clock = &org.identity().clock();
    auto server = keyway::access::AccessServer::Start(options);
    INFO(server.status().ToString());
    REQUIRE(server.ok());
    server_ = std::move(*server);
    api = av1::AccessService::NewStub(
        keyway::rpc::MakeChannel("127.0.0.1:" + std::to_string(server_->port())));
  }

  // Waits for access to have made the lock's secret, then takes it, once
  // (kept in `secrets`, for a test's locks to sign their results with).
  av1::ProvisionLockResponse Provision(const Account& by, const std::string& lock) {
    av1::ProvisionLockRequest req;
    req.set_lock_id(lock);
    av1::ProvisionLockResponse resp;
    for (int i = 0; i < 200; ++i) {
      auto s = api->ProvisionLock(org.As(by).get(), req, &resp);
      if (s.ok()) {
        secrets[lock] = resp.secret();
        return resp;
      }
      REQUIRE(s.error_code() == Code::UNAVAILABLE);
      absl::SleepFor(absl::Milliseconds(25));
    }
    FAIL("the lock secret never appeared");
    return resp;
  }

  keyway::lockmodel::Lock LockFor(const std::string& lock, const av1::ProvisionLockResponse& p) {
    return keyway::lockmodel::Lock(
        {keyway::access::UuidBytes(lock), p.secret(),
         absl::FromUnixSeconds(p.epoch().seconds()), lock},
        org.identity().clock());
  }

  grpc::Status CreatePin(const Account& by, const std::string& lock, av1::PinKind kind,
                         absl::Time start, std::optional<absl::Time> end,
                         av1::CreateRemotePinResponse* out, const std::string& request_id = "") {
    av1::CreateRemotePinRequest req;
    req.set_lock_id(lock);
    req.set_kind(kind);
    req.mutable_start_time()->set_seconds(absl::ToUnixSeconds(start));
    if (end) req.mutable_end_time()->set_seconds(absl::ToUnixSeconds(*end));
    req.set_name("Plumber");
    req.set_request_id(request_id);
    return api->CreateRemotePin(org.As(by).get(), req, out);
  }

  int Count(const std::string& sql) {
    return *keyway::pg::InTransaction(server_->pool(), [&](pqxx::work& tx) -> absl::StatusOr<int> {
      return tx.exec1(sql)[0].as<int>();
    });
  }

  grpc::Status CreateCustomPin(const Account& by, const std::string& lock, const std::string& digits,
                               av1::PinChannel channel, av1::CreateCustomPinResponse* out,
                               std::optional<absl::Time> start = {},
                               std::optional<absl::Time> end = {},
                               const std::string& request_id = "") {
    av1::CreateCustomPinRequest req;
    req.set_lock_id(lock);
    req.set_pin(digits);
    req.set_name("Cleaner");
    req.set_channel(channel);
    if (start) req.mutable_start_time()->set_seconds(absl::ToUnixSeconds(*start));
    if (end) req.mutable_end_time()->set_seconds(absl::ToUnixSeconds(*end));
    req.set_request_id(request_id);
    return api->CreateCustomPin(org.As(by).get(), req, out);
  }

  grpc::Status CreateKey(const Account& by, const std::string& lock, const std::string& user_id,
                         absl::Time start, absl::Time end, av1::CreateBluetoothKeyResponse* out,
                         bool residential = false) {
    av1::CreateBluetoothKeyRequest req;
    req.set_lock_id(lock);
    req.set_user_id(user_id);
    req.mutable_permissions()->set_unlock(true);
    req.mutable_permissions()->set_residential(residential);
    req.mutable_start_time()->set_seconds(absl::ToUnixSeconds(start));
    req.mutable_end_time()->set_seconds(absl::ToUnixSeconds(end));
    return api->CreateBluetoothKey(org.As(by).get(), req, out);
  }

  grpc::Status Delete(const Account& by, const std::string& access_id, av1::Access* out = nullptr) {
    av1::DeleteAccessRequest req;
    req.set_access_id(access_id);
    av1::DeleteAccessResponse resp;
    auto s = api->DeleteAccess(org.As(by).get(), req, &resp);
    if (out) *out = resp.access();
    return s;
  }

  av1::Access Get(const Account& by, const std::string& access_id) {
    av1::GetAccessRequest req;
    req.set_access_id(access_id);
    av1::GetAccessResponse resp;
    auto s = api->GetAccess(org.As(by).get(), req, &resp);
    INFO(s.error_message());
    REQUIRE(s.ok());
    return resp.access();
  }

  // Polls until the access has `status` (job outcomes arrive by event).
  av1::Access AwaitStatus(const Account& by, const std::string& access_id, av1::AccessStatus status,
                          absl::Duration patience = absl::Seconds(5)) {
    av1::Access a;
    for (int i = 0; i < patience / absl::Milliseconds(25); ++i) {
      a = Get(by, access_id);
      if (a.status() == status) return a;
      absl::SleepFor(absl::Milliseconds(25));
    }
    FAIL("access " << access_id << " stayed " << av1::AccessStatus_Name(a.status()));
    return a;
  }

  // The job access published for `access_id` of `kind`.
  av1::LockJobRequested AwaitJob(const std::string& access_id, av1::LockJobRequested::Kind kind) {
    auto job = AwaitEvent<av1::LockJobRequested>(
        stream, [&](const av1::LockJobRequested& e) { return e.access_id() == access_id && e.kind() == kind; },
        org.redis_port());
    REQUIRE(job.has_value());
    return *job;
  }

  // What the jobs service will publish once the lock answered (issue 5).
  void PublishJobOutcome(const av1::LockJobRequested& job, bool completed,
                         const std::string& reason = "") {
    std::string type, payload;
    if (completed) {
      keyway::jobs::v1::JobCompleted e;
      e.set_job_id(job.job_id());
      e.set_organisation_id(job.organisation_id());
      e.set_lock_id(job.lock_id());
      e.set_access_id(job.access_id());
      type = e.GetTypeName();
      payload = e.SerializeAsString();
    } else {
      keyway::jobs::v1::JobFailed e;
      e.set_job_id(job.job_id());
      e.set_organisation_id(job.organisation_id());
      e.set_lock_id(job.lock_id());
      e.set_access_id(job.access_id());
      e.set_reason(reason);
      type = e.GetTypeName();
      payload = e.SerializeAsString();
    }
    keyway::redis::Client redis("127.0.0.1", org.redis_port());
    REQUIRE(redis
                .XAdd(jobs_stream, {{"event_id", keyway::core::NewUuid()},
                                    {"type", type},
                                    {"org", job.organisation_id()},
                                    {"payload", payload}})
                .ok());
  }

  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

  int port() const { return port_; }

  int port_;
  OrgFixture org;
  std::map<std::string, std::string> secrets;  // lock id -> secret, as provisioned
  std::string stream = keyway::testing::UniqueName("access");
  std::string jobs_stream = keyway::testing::UniqueName("jobs");
  std::unique_ptr<av1::AccessService::Stub> api;

 private:
  keyway::testing::TestDatabase db_;
  std::unique_ptr<keyway::access::AccessServer> server_;
};

// The lock model's form of a job access requested, as the lock applies it:
// its seal opened (S6), and the Custom PIN's digits with it, with the lock's
// own secret.
inline keyway::lockmodel::Job JobFor(const av1::LockJobRequested& e, const std::string& secret) {
  auto sealed = keyway::jobseal::OpenJob(secret, e.lock_id(), e.sealed_job());
  INFO(sealed.status().ToString());
  REQUIRE(sealed.ok());
  auto job = keyway::lockmodel::JobFromSealed(*sealed, secret);
  INFO(job.status().ToString());
  REQUIRE(job.ok());
  return *job;
}

inline absl::Time NextHour(const keyway::core::Clock& clock) {
  return keyway::algopin::FloorToHour(clock.Now()) + absl::Hours(1);
}


}  // namespace keyway::access::testing
