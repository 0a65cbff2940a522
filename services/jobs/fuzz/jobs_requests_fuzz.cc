// S1: jobs' request validation fed with arbitrary protobuf bytes: its public
// and internal services, as request_fuzzer.h says.
#include <cstdint>

#include "command_sealer.h"
#include "jobs.h"
#include "jobs_service.h"
#include "keyway/org_client/lock_owners.h"
#include "keyway/org_client/lock_scopes.h"
#include "keyway/testing/request_fuzzer.h"

namespace {

using namespace keyway;

struct FuzzedJobs {
  pg::Pool pool{testing::kNoDatabase, 1};
  org_client::OrgLockScopes scopes{testing::NowhereChannel()};
  org_client::OrgLockOwners owners{testing::NowhereChannel(), "fuzz-service-jobs"};
  jobs::AccessCommandSealer sealer{testing::NowhereChannel(), "fuzz-service-jobs"};
  core::FakeClock clock;
  jobs::Jobs logic{pool, scopes, owners, sealer, clock, jobs::JobsConfig{}};
  jobs::JobsService service{logic};
  jobs::JobsInternalService internal{logic};
  testing::RequestFuzzer fuzzer{{{&service, jobs::v1::JobsService::service_full_name()},
                                 {&internal, jobs::v1::JobsInternalService::service_full_name()}}};
};

}  // namespace

KEYWAY_REQUEST_FUZZ_TARGET(FuzzedJobs)
