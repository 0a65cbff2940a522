// S3: every RPC of every Keyway service declares who may call it, and the
// declarations keep the surfaces apart: services named *InternalService are
// for the operator and other services only (the edge never routes them),
// DeviceService for devices only, and the public services for people (and
// the public) only.
#include <catch2/catch.hpp>

#include <google/protobuf/descriptor.h>

#include "absl/strings/match.h"
#include "keyway/access/v1/access_service.pb.h"
#include "keyway/gateway/v1/gateway_service.pb.h"
#include "keyway/identity/v1/identity_service.pb.h"
#include "keyway/jobs/v1/jobs_service.pb.h"
#include "keyway/ops/v1/operations_service.pb.h"
#include "keyway/org/v1/org_service.pb.h"
#include "keyway/rpc/callers.h"

namespace {

std::vector<const google::protobuf::ServiceDescriptor*> EveryService() {
  std::vector<const google::protobuf::ServiceDescriptor*> out;
  for (const auto* file : {keyway::identity::v1::LoginRequest::descriptor()->file(),
                           keyway::org::v1::ListLocksRequest::descriptor()->file(),
                           keyway::access::v1::ListAccessesRequest::descriptor()->file(),
                           keyway::jobs::v1::ListJobsRequest::descriptor()->file(),
                           keyway::gateway::v1::AppSyncRequest::descriptor()->file(),
                           keyway::ops::v1::ListDeadLettersRequest::descriptor()->file()}) {
    for (int i = 0; i < file->service_count(); ++i) out.push_back(file->service(i));
  }
  return out;
}

}  // namespace

TEST_CASE("S3: every RPC of every service declares its callers") {
  int methods = 0;
  for (const auto* service : EveryService()) {
    CAPTURE(service->full_name());
    CHECK(keyway::rpc::RequireDeclarations(service->full_name()).ok());
    methods += service->method_count();
  }
  CHECK(methods >= 76);
}

TEST_CASE("S3: internal, device and public surfaces are apart") {
  int internal = 0, device = 0;
  for (const auto* service : EveryService()) {
    const bool is_internal = absl::EndsWith(service->name(), "InternalService");
    const bool is_device = service->name() == "DeviceService";
    internal += is_internal;
    device += is_device;
    for (const auto& method : keyway::rpc::MethodsOf(service->full_name())) {
      CAPTURE(method);
      auto d = keyway::rpc::CallersOf(method);
      REQUIRE(d.ok());
      if (is_internal) {
        CHECK((d->is_public || d->device || !d->roles.empty()) == false);
        CHECK((d->operator_credential || !d->services.empty()));
      } else if (is_device) {
        CHECK(d->device);
        CHECK((d->is_public || d->operator_credential || !d->services.empty() || !d->roles.empty()) ==
              false);
      } else {
        // What the public edge routes takes no operator's or service's credential.
        CHECK_FALSE(d->operator_credential);
        CHECK(d->services.empty());
        CHECK_FALSE(d->device);
      }
    }
  }
  CHECK(internal == 5);  // identity, org, access, jobs, and the operations every service serves
  CHECK(device == 1);
}
