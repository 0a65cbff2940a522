#pragma once
// Prometheus metrics of a gRPC server, served on their own port at /metrics:
// per method, the calls handled by status code and their latency.

#include <memory>
#include <string>

#include <prometheus/counter.h>
#include <prometheus/exposer.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include "absl/time/time.h"

namespace keyway::rpc {

class ServerMetrics {
 public:
  ServerMetrics();
  void Record(const std::string& method, const std::string& code, absl::Duration latency);
  std::shared_ptr<prometheus::Registry> registry() const { return registry_; }

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>& handled_;
  prometheus::Family<prometheus::Histogram>& latency_;
};

// The gRPC status code's canonical name, e.g. "NOT_FOUND".
const char* StatusCodeName(int code);

}  // namespace keyway::rpc
