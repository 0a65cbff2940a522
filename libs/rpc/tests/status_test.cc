#include <catch2/catch.hpp>

#include "keyway/rpc/status.h"

TEST_CASE("absl and gRPC status codes map one to one") {
  for (int code = 0; code <= 16; ++code) {
    absl::Status s(static_cast<absl::StatusCode>(code), code == 0 ? "" : "why");
    grpc::Status g = keyway::rpc::ToGrpcStatus(s);
    CHECK(static_cast<int>(g.error_code()) == code);
    CHECK(keyway::rpc::FromGrpcStatus(g) == s);
  }
  CHECK(keyway::rpc::ToGrpcStatus(absl::NotFoundError("user 7 not found")).error_message() ==
        "user 7 not found");
}

#include "keyway/rpc/proto_time.h"

TEST_CASE("times and durations round-trip through the protobuf types to the microsecond") {
  absl::Time t = absl::FromUnixMicros(1'795'000'000'123'456);
  CHECK(keyway::rpc::FromTimestamp(keyway::rpc::ToTimestamp(t)) == t);
  absl::Duration d = absl::Hours(3) + absl::Microseconds(7);
  CHECK(keyway::rpc::FromDuration(keyway::rpc::ToDuration(d)) == d);
  CHECK(keyway::rpc::ToDuration(absl::Hours(24)).seconds() == 86400);
}
