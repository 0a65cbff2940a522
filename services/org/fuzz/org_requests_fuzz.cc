// S1: org's request validation fed with arbitrary protobuf bytes: its public
// and internal services, as request_fuzzer.h says.
#include <cstdint>

#include "access_facts.h"
#include "identity_directory.h"
#include "keyway/testing/request_fuzzer.h"
#include "org.h"
#include "org_service.h"

namespace {

using namespace keyway;

struct FuzzedOrg {
  pg::Pool pool{testing::kNoDatabase, 1};
  org::IdentityDirectory directory{testing::NowhereChannel(), "fuzz-service-org"};
  org::AccessServiceFacts access{testing::NowhereChannel()};
  core::FakeClock clock;
  org::Org logic{pool, directory, access, clock, org::OrgConfig{}};
  org::OrgService service{logic};
  org::OrgInternalService internal{logic};
  testing::RequestFuzzer fuzzer{{{&service, org::v1::OrgService::service_full_name()},
                                 {&internal, org::v1::OrgInternalService::service_full_name()}}};
};

}  // namespace

KEYWAY_REQUEST_FUZZ_TARGET(FuzzedOrg)
