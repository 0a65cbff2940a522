// S1: the gateway's request validation fed with arbitrary protobuf bytes: its
// public service and the devices' unary calls (heartbeats, app syncs), as
// request_fuzzer.h says. The Bridge's stream has its own target
// (device_messages).
#include <cstdint>

#include "bridge_hub.h"
#include "gateway.h"
#include "gateway_service.h"
#include "keyway/core/worker_pool.h"
#include "keyway/org_client/lock_scopes.h"
#include "keyway/redis/client.h"
#include "keyway/testing/request_fuzzer.h"
#include "presence.h"

namespace {

using namespace keyway;

struct FuzzedGateway {
  pg::Pool pool{testing::kNoDatabase, 1};
  org_client::OrgLockScopes scopes{testing::NowhereChannel()};
  redis::Client redis{"127.0.0.1", 1};  // refused at once
  gateway::Presence presence{redis, "fuzz:", "fuzz-replica", absl::Seconds(30)};
  core::FakeClock clock;
  gateway::Gateway logic{pool,
                         scopes,
                         presence,
                         testing::NowhereChannel(),
                         testing::NowhereChannel(),
                         testing::NowhereChannel(),
                         "fuzz-service-gateway",
                         clock,
                         "keyway.gateway.events"};
  gateway::BridgeHub bridges{pool, presence, logic, testing::NowhereChannel(),
                             testing::NowhereChannel(), clock,
                             gateway::BridgeHubOptions{.service_credential = "fuzz-service-gateway",
                                                       .events_stream = "keyway.gateway.events"}};
  core::WorkerPool workers{1};
  gateway::GatewayService service{logic};
  gateway::DeviceService devices{logic, bridges, workers, absl::Seconds(10), gateway::HelloLimits{}};
  testing::RequestFuzzer fuzzer{{{&service, gateway::v1::GatewayService::service_full_name()},
                                 {&devices, gateway::v1::DeviceService::service_full_name()}}};
};

}  // namespace

KEYWAY_REQUEST_FUZZ_TARGET(FuzzedGateway)
