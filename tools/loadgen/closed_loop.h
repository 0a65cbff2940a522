#pragma once
// The closed loop every scenario runs: N callers each send the next request
// as soon as the previous one answers, for a fixed time.

#include <algorithm>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace keyway::loadgen {

struct Report {
  std::vector<double> latencies_ms;  // successful calls, sorted
  int64_t errors = 0;
  std::string first_error;
};

// `call(caller_index)` returns "" on success, or the error.
Report RunClosedLoop(int concurrency, absl::Duration duration,
                     const std::function<std::string(int)>& call);

double Percentile(const std::vector<double>& sorted, double p);

// One line: calls, errors, calls/s, p50/p90/p99/max.
std::string Summary(const Report& report, absl::Duration duration);

}  // namespace keyway::loadgen
