// S1: access's request validation fed with arbitrary protobuf bytes: its
// public and internal services, as request_fuzzer.h says.
#include <cstdint>
#include <string>

#include "access.h"
#include "access_service.h"
#include "keyway/testing/request_fuzzer.h"

namespace {

using namespace keyway;

struct FuzzedAccess {
  static access::AccessConfig Config() {
    access::AccessConfig config;
    config.key_encryption_key = std::string(32, 'k');
    config.notify_public_key = std::string(32, '\x09');
    return config;
  }
  pg::Pool pool{testing::kNoDatabase, 1};
  org_client::OrgLockScopes scopes{testing::NowhereChannel()};
  access::IdentityUserDirectory users{testing::NowhereChannel()};
  core::FakeClock clock;
  access::Access logic{pool, scopes, users, clock, Config()};
  access::AccessService service{logic};
  access::AccessInternalService internal{logic};
  testing::RequestFuzzer fuzzer{
      {{&service, access::v1::AccessService::service_full_name()},
       {&internal, access::v1::AccessInternalService::service_full_name()}}};
};

}  // namespace

KEYWAY_REQUEST_FUZZ_TARGET(FuzzedAccess)
