// keyway-loadgen: a closed-loop gRPC load generator. N callers each send the
// next request as soon as the previous one answers, for a fixed time; the
// report gives throughput and the latency distribution.
//
//   keyway-loadgen --scenario=check-lock-scope --identity=127.0.0.1:50051 \
//     --org=127.0.0.1:50052 --email=owner@demo.keyway.dev --password=... \
//     --concurrency=8 --duration=10s --batch=10
#include <algorithm>
#include <atomic>
#include <iostream>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_format.h"
#include "keyway/identity/v1/identity_service.grpc.pb.h"
#include "keyway/org/v1/org_service.grpc.pb.h"
#include "keyway/rpc/client.h"
#include "keyway/rpc/flags.h"

ABSL_FLAG(std::string, scenario, "check-lock-scope", "what to send: check-lock-scope");
ABSL_FLAG(std::string, identity, "127.0.0.1:50051", "identity's address, to log in");
ABSL_FLAG(std::string, org, "127.0.0.1:50052", "org's address");
ABSL_FLAG(std::string, email, "", "who to log in as");
ABSL_FLAG(std::string, password, "", "their password");
ABSL_FLAG(int, concurrency, 8, "callers sending at once");
ABSL_FLAG(absl::Duration, duration, absl::Seconds(10), "how long to send");
ABSL_FLAG(int, batch, 10, "locks per CheckLockScope call");

namespace {

struct Report {
  std::vector<double> latencies_ms;
  int64_t errors = 0;
};

double Percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  size_t i = std::min(sorted.size() - 1, static_cast<size_t>(p * (sorted.size() - 1) + 0.5));
  return sorted[i];
}

// Runs `call` (returning true on success) from N threads until the deadline.
template <typename Call>
Report Run(int concurrency, absl::Duration duration, Call call) {
  std::vector<Report> per_thread(concurrency);
  std::vector<std::thread> threads;
  absl::Time end = absl::Now() + duration;
  for (int t = 0; t < concurrency; ++t) {
    threads.emplace_back([&, t] {
      while (absl::Now() < end) {
        absl::Time start = absl::Now();
        bool ok = call();
        double ms = absl::ToDoubleMilliseconds(absl::Now() - start);
        if (ok) {
          per_thread[t].latencies_ms.push_back(ms);
        } else {
          ++per_thread[t].errors;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  Report all;
  for (auto& r : per_thread) {
    all.latencies_ms.insert(all.latencies_ms.end(), r.latencies_ms.begin(), r.latencies_ms.end());
    all.errors += r.errors;
  }
  std::sort(all.latencies_ms.begin(), all.latencies_ms.end());
  return all;
}

std::string Login() {
  auto stub = keyway::identity::v1::IdentityService::NewStub(
      keyway::rpc::MakeChannel(absl::GetFlag(FLAGS_identity)));
  keyway::identity::v1::LoginRequest req;
  req.set_email(absl::GetFlag(FLAGS_email));
  req.set_password(absl::GetFlag(FLAGS_password));
  keyway::identity::v1::LoginResponse resp;
  auto status = stub->Login(keyway::rpc::MakeContext(absl::Seconds(10)).get(), req, &resp);
  if (!status.ok()) {
    std::cerr << "login failed: " << status.error_message() << "\n";
    std::exit(1);
  }
  return resp.access_token();
}

}  // namespace

int main(int argc, char** argv) {
  keyway::rpc::ParseFlags(argc, argv, "keyway-loadgen: closed-loop gRPC load against Keyway");
  if (absl::GetFlag(FLAGS_scenario) != "check-lock-scope") {
    std::cerr << "unknown --scenario; known: check-lock-scope\n";
    return 2;
  }
  std::string token = Login();
  auto org = keyway::org::v1::OrgService::NewStub(keyway::rpc::MakeChannel(absl::GetFlag(FLAGS_org)));
  keyway::org::v1::ListLocksRequest list;
  list.set_page_size(1000);
  keyway::org::v1::ListLocksResponse locks;
  if (!org->ListLocks(keyway::rpc::MakeContext(absl::Seconds(10), token).get(), list, &locks).ok() ||
      locks.locks_size() == 0) {
    std::cerr << "the caller sees no locks to check\n";
    return 1;
  }
  keyway::org::v1::CheckLockScopeRequest check;
  for (int i = 0; i < absl::GetFlag(FLAGS_batch); ++i) {
    check.add_lock_ids(locks.locks(i % locks.locks_size()).id());
  }
  // Distinct ids only: a repeated one is refused.
  std::sort(check.mutable_lock_ids()->begin(), check.mutable_lock_ids()->end());
  check.mutable_lock_ids()->erase(
      std::unique(check.mutable_lock_ids()->begin(), check.mutable_lock_ids()->end()),
      check.mutable_lock_ids()->end());
  Report report = Run(absl::GetFlag(FLAGS_concurrency), absl::GetFlag(FLAGS_duration), [&] {
    keyway::org::v1::CheckLockScopeResponse resp;
    return org->CheckLockScope(keyway::rpc::MakeContext(absl::Seconds(10), token).get(), check, &resp)
        .ok();
  });
  double seconds = absl::ToDoubleSeconds(absl::GetFlag(FLAGS_duration));
  const auto& l = report.latencies_ms;
  std::cout << absl::StrFormat(
      "scenario=check-lock-scope locks_per_call=%d concurrency=%d calls=%d errors=%d "
      "calls_per_s=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
      check.lock_ids_size(), absl::GetFlag(FLAGS_concurrency), l.size(), report.errors,
      l.size() / seconds, Percentile(l, 0.5), Percentile(l, 0.9), Percentile(l, 0.99),
      l.empty() ? 0.0 : l.back());
  return report.errors == 0 ? 0 : 1;
}
