// S1: identity's request validation fed with arbitrary protobuf bytes: its
// public and internal services, as request_fuzzer.h says. Tokens are the
// fuzzer's (identity's own sessions need its database).
#include <cstdint>
#include <string>

#include "identity.h"
#include "identity_service.h"
#include "key_ring.h"
#include "keyway/testing/request_fuzzer.h"

namespace {

using namespace keyway;

struct FuzzedIdentity {
  static identity::IdentityConfig Config() {
    identity::IdentityConfig config;
    config.code_pepper = "fuzz";
    config.notify_public_key = std::string(32, '\x09');
    config.password_hash = {.memory_kib = 64, .iterations = 1, .parallelism = 1};  // fast, not safe
    return config;
  }
  pg::Pool pool{testing::kNoDatabase, 1};
  std::unique_ptr<identity::KeyRing> keys =
      identity::KeyRing::Unloaded(pool, std::string(32, 'k'), absl::Minutes(6));
  core::FakeClock clock;
  identity::Identity logic{pool, *keys, clock, Config()};
  identity::IdentityService service{logic};
  identity::IdentityInternalService internal{logic};
  testing::RequestFuzzer fuzzer{
      {{&service, identity::v1::IdentityService::service_full_name()},
       {&internal, identity::v1::IdentityInternalService::service_full_name()}}};
};

}  // namespace

KEYWAY_REQUEST_FUZZ_TARGET(FuzzedIdentity)
