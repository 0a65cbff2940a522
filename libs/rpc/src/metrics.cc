#include "keyway/rpc/metrics.h"

namespace keyway::rpc {
namespace {

// Split "/keyway.identity.v1.IdentityService/Login" into service and method.
std::pair<std::string, std::string> SplitMethod(const std::string& full) {
  auto slash = full.rfind('/');
  if (slash == std::string::npos || slash == 0) return {"", full};
  return {full.substr(1, slash - 1), full.substr(slash + 1)};
}

}  // namespace

ServerMetrics::ServerMetrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      handled_(prometheus::BuildCounter()
                   .Name("grpc_server_handled_total")
                   .Help("RPCs completed on the server, by method and status code.")
                   .Register(*registry_)),
      latency_(prometheus::BuildHistogram()
                   .Name("grpc_server_handling_seconds")
                   .Help("Time from receiving an RPC to sending its status.")
                   .Register(*registry_)) {}

void ServerMetrics::Record(const std::string& full_method, const std::string& code,
                           absl::Duration latency) {
  auto [service, method] = SplitMethod(full_method);
  handled_.Add({{"grpc_service", service}, {"grpc_method", method}, {"grpc_code", code}})
      .Increment();
  static const prometheus::Histogram::BucketBoundaries kBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  latency_.Add({{"grpc_service", service}, {"grpc_method", method}}, kBuckets)
      .Observe(absl::ToDoubleSeconds(latency));
}

const char* StatusCodeName(int code) {
  static const char* const kNames[] = {
      "OK",        "CANCELLED",         "UNKNOWN",          "INVALID_ARGUMENT",
      "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",   "PERMISSION_DENIED",
      "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
      "UNIMPLEMENTED", "INTERNAL",      "UNAVAILABLE",      "DATA_LOSS",
      "UNAUTHENTICATED"};
  return code >= 0 && code <= 16 ? kNames[code] : "UNKNOWN";
}

}  // namespace keyway::rpc
