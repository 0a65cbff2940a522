#pragma once
// identity, org, access, jobs and the gateway in process on throwaway
// databases, sharing one fake clock; a second gateway replica on demand
// (Bridge fan-out), and a Door: an organisation with one paired lock.

#include <memory>

#include "gateway_server.h"
#include "jobs_fixture.h"
#include "keyway/gateway/v1/gateway_service.grpc.pb.h"

namespace keyway::gateway::testing {

using namespace keyway::jobs::testing;
namespace gv1 = keyway::gateway::v1;

class GatewayFixture {
 public:
  // K3 tests give a private Redis and PostgreSQL, and a short sweep so that
  // they need not wait 15 s for what the sweep redelivers.
  explicit GatewayFixture(int redis_port = keyway::testing::SharedServers().redis_port,
                          absl::Duration sweep = absl::Seconds(15),
                          int pg_port = keyway::testing::SharedServers().pg_port)
      : sweep_every(sweep), j(redis_port, pg_port), db_(pg_port) {
    server_ = StartReplica("gateway-a");
    port_ = server_->port();
    api = StubFor(*server_);
    devices = gv1::DeviceService::NewStub(keyway::rpc::MakeChannel(address()));
  }

  // Another replica of the gateway: same database, same Redis, its own name.
  std::unique_ptr<keyway::gateway::GatewayServer> StartReplica(const std::string& name,
                                                               int port = 0) {
    keyway::gateway::GatewayServerOptions options;
    options.listen = "127.0.0.1:" + std::to_string(port);
    options.db = db_.conninfo();
    options.db_pool_size = 4;
    options.redis_port = j.f.org.redis_port();
    options.events_stream = j.f.org.gateway_stream();  // org reads telemetry and presence there
    options.jobs_events_stream = j.f.jobs_stream;
    options.presence_prefix = presence_prefix;
    options.replica = name;
    options.readiness_interval = absl::Milliseconds(100);
    options.identity_address = "127.0.0.1:" + std::to_string(j.f.org.identity().server().port());
    options.org_address = "127.0.0.1:" + std::to_string(j.f.org.server().port());
    options.access_address = j.f.address();
    options.jobs_address = j.address();
    options.operator_token = keyway::testing::OperatorToken();  // dead letters (S9)
    options.service_credential = j.gateway_token;
    options.clock = &j.f.org.identity().clock();
    options.sweep_every = sweep_every;
    options.presence_ttl = presence_ttl;
    options.bridge_hello_within = hello_within;
    options.bridge_hello_limits = hello_limits;
    auto server = keyway::gateway::GatewayServer::Start(options);
    INFO(server.status().ToString());
    REQUIRE(server.ok());
    return std::move(*server);
  }

  static std::unique_ptr<gv1::GatewayService::Stub> StubFor(keyway::gateway::GatewayServer& s) {
    return gv1::GatewayService::NewStub(
        keyway::rpc::MakeChannel("127.0.0.1:" + std::to_string(s.port())));
  }

  keyway::gateway::GatewayServer& server() { return *server_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  void Stop() {
    api.reset();
    server_.reset();
  }
  // On the same address, as a restarted pod behind its Service.
  void Restart() {
    server_ = StartReplica("gateway-a", port_);
    api = StubFor(*server_);
  }

  absl::Duration sweep_every = absl::Seconds(15);
  absl::Duration presence_ttl = absl::Seconds(45);
  absl::Duration hello_within = absl::Seconds(2);
  keyway::gateway::HelloLimits hello_limits;
  std::string presence_prefix = keyway::testing::UniqueName("presence") + ":";
  JobsFixture j;
  std::unique_ptr<gv1::GatewayService::Stub> api;
  std::unique_ptr<gv1::DeviceService::Stub> devices;  // Bridges' and NB-IoT locks' calls

 private:
  keyway::testing::TestDatabase db_;
  std::unique_ptr<keyway::gateway::GatewayServer> server_;
  int port_ = 0;
};

struct Door {
  Account owner;
  std::string property, lock_id;
  av1::ProvisionLockResponse provisioned;
};

inline Door OneDoor(JobsFixture& j) {
  Door d;
  auto& org = j.f.org;
  d.owner = org.NewOrganisation();
  d.property = org.CreateProperty(d.owner, "Riverside");
  org.CreateDepartment(d.owner, "Riverside", {d.property});
  d.lock_id = org.PairLock(d.owner, {d.property});
  d.provisioned = j.f.Provision(d.owner, d.lock_id);
  return d;
}

}  // namespace keyway::gateway::testing
