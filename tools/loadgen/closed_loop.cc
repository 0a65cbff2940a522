#include "closed_loop.h"

#include <mutex>

#include "absl/strings/str_format.h"

namespace keyway::loadgen {

Report RunClosedLoop(int concurrency, absl::Duration duration,
                     const std::function<std::string(int)>& call) {
  std::vector<Report> per_caller(concurrency);
  std::vector<std::thread> threads;
  const absl::Time end = absl::Now() + duration;
  for (int t = 0; t < concurrency; ++t) {
    threads.emplace_back([&, t] {
      Report& mine = per_caller[t];
      while (absl::Now() < end) {
        const absl::Time start = absl::Now();
        std::string error = call(t);
        const double ms = absl::ToDoubleMilliseconds(absl::Now() - start);
        if (error.empty()) {
          mine.latencies_ms.push_back(ms);
        } else {
          if (mine.errors++ == 0) mine.first_error = error;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  Report all;
  for (auto& r : per_caller) {
    all.latencies_ms.insert(all.latencies_ms.end(), r.latencies_ms.begin(), r.latencies_ms.end());
    if (all.errors == 0 && r.errors > 0) all.first_error = r.first_error;
    all.errors += r.errors;
  }
  std::sort(all.latencies_ms.begin(), all.latencies_ms.end());
  return all;
}

double Percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  size_t i = std::min(sorted.size() - 1, static_cast<size_t>(p * (sorted.size() - 1) + 0.5));
  return sorted[i];
}

std::string Summary(const Report& r, absl::Duration duration) {
  const auto& l = r.latencies_ms;
  std::string line = absl::StrFormat(
      "calls=%d errors=%d calls_per_s=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f",
      l.size(), r.errors, l.size() / absl::ToDoubleSeconds(duration), Percentile(l, 0.5),
      Percentile(l, 0.9), Percentile(l, 0.99), l.empty() ? 0.0 : l.back());
  if (r.errors > 0) line += " first_error=\"" + r.first_error + "\"";
  return line;
}

}  // namespace keyway::loadgen
