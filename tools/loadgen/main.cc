// keyway-loadgen: a closed-loop gRPC load generator. N callers each send the
// next request as soon as the previous one answers, for a fixed time; the
// report gives throughput and the latency distribution.
//
//   keyway-loadgen --scenario=create-remote-pin --email=owner@demo.keyway.dev \
//     --password=... --concurrency=8 --duration=10s
//
// Scenarios:
//   check-lock-scope   org.CheckLockScope of --batch locks
//   create-remote-pin  access.CreateRemotePin, duration PINs over the next 14 days
//   list-accesses      access.ListAccesses, first pages of 50 (see tools/bench/seed-accesses)
//   custom-pin-via-bridge  access.CreateCustomPin via --bridges simulated Bridges (one new lock
//                      each), timed until the Bridge confirms its lock applied it
#include <iostream>
#include <random>

#include "absl/flags/flag.h"
#include "absl/strings/str_format.h"
#include "bridge_scenario.h"
#include "closed_loop.h"
#include "keyway/access/v1/access_service.grpc.pb.h"
#include "keyway/identity/v1/identity_service.grpc.pb.h"
#include "keyway/org/v1/org_service.grpc.pb.h"
#include "keyway/rpc/client.h"
#include "keyway/rpc/flags.h"

ABSL_FLAG(std::string, scenario, "check-lock-scope",
          "what to send: check-lock-scope, create-remote-pin, list-accesses, custom-pin-via-bridge");
ABSL_FLAG(std::string, identity, "127.0.0.1:50051", "identity's address, to log in");
ABSL_FLAG(std::string, org, "127.0.0.1:50052", "org's address");
ABSL_FLAG(std::string, access, "127.0.0.1:50053", "access's address");
ABSL_FLAG(std::string, gateway, "127.0.0.1:50055", "the gateway's address");
ABSL_FLAG(int, bridges, 1000, "custom-pin-via-bridge: simulated Bridges (each with a new lock)");
ABSL_FLAG(std::string, email, "", "who to log in as");
ABSL_FLAG(std::string, password, "", "their password");
ABSL_FLAG(int, concurrency, 8, "callers sending at once");
ABSL_FLAG(absl::Duration, duration, absl::Seconds(10), "how long to send");
ABSL_FLAG(int, batch, 10, "locks per CheckLockScope call");
ABSL_FLAG(std::string, list_filter, "",
          "list-accesses: one filter, as field=value (status=pending, type=custom_pin, lock=first)");

namespace {

using keyway::loadgen::RunClosedLoop;

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

std::vector<std::string> VisibleLocks(const std::string& token) {
  auto org = keyway::org::v1::OrgService::NewStub(keyway::rpc::MakeChannel(absl::GetFlag(FLAGS_org)));
  keyway::org::v1::ListLocksRequest list;
  list.set_page_size(1000);
  keyway::org::v1::ListLocksResponse locks;
  auto status = org->ListLocks(keyway::rpc::MakeContext(absl::Seconds(10), token).get(), list, &locks);
  std::vector<std::string> ids;
  for (const auto& l : locks.locks()) ids.push_back(l.id());
  if (!status.ok() || ids.empty()) {
    std::cerr << "the caller sees no locks\n";
    std::exit(1);
  }
  return ids;
}

std::string Error(const grpc::Status& s) {
  return s.ok() ? "" : absl::StrFormat("%d %s", s.error_code(), s.error_message());
}

keyway::loadgen::Report CheckLockScope(const std::string& token, std::string* label) {
  auto org = keyway::org::v1::OrgService::NewStub(keyway::rpc::MakeChannel(absl::GetFlag(FLAGS_org)));
  auto locks = VisibleLocks(token);
  keyway::org::v1::CheckLockScopeRequest check;
  // Distinct ids only: a repeated one is refused.
  for (int i = 0; i < absl::GetFlag(FLAGS_batch) && i < static_cast<int>(locks.size()); ++i) {
    check.add_lock_ids(locks[i]);
  }
  *label = absl::StrFormat("locks_per_call=%d", check.lock_ids_size());
  return RunClosedLoop(absl::GetFlag(FLAGS_concurrency), absl::GetFlag(FLAGS_duration), [&](int) {
    keyway::org::v1::CheckLockScopeResponse resp;
    return Error(org->CheckLockScope(keyway::rpc::MakeContext(absl::Seconds(10), token).get(), check, &resp));
  });
}

keyway::loadgen::Report CreateRemotePins(const std::string& token, std::string* label) {
  namespace av1 = keyway::access::v1;
  auto access = av1::AccessService::NewStub(keyway::rpc::MakeChannel(absl::GetFlag(FLAGS_access)));
  auto locks = VisibleLocks(token);
  *label = absl::StrFormat("locks=%d", locks.size());
  const int concurrency = absl::GetFlag(FLAGS_concurrency);
  std::vector<std::mt19937> rng;
  for (int i = 0; i < concurrency; ++i) rng.emplace_back(std::random_device{}());
  const absl::Time next_hour =
      absl::FromUnixSeconds((absl::ToUnixSeconds(absl::Now()) / 3600 + 1) * 3600);
  return RunClosedLoop(concurrency, absl::GetFlag(FLAGS_duration), [&](int caller) {
    // Starts spread over 14 days and lengths over 4 days, so that the 32
    // nonces of one lock, start and length are not used up (A3, A13).
    auto& r = rng[caller];
    const absl::Time start = next_hour + absl::Hours(static_cast<int>(r() % (14 * 24)));
    av1::CreateRemotePinRequest req;
    req.set_lock_id(locks[r() % locks.size()]);
    req.set_kind(av1::PIN_KIND_DURATION);
    req.mutable_start_time()->set_seconds(absl::ToUnixSeconds(start));
    req.mutable_end_time()->set_seconds(absl::ToUnixSeconds(start + absl::Hours(1 + r() % 96)));
    req.set_name("Load test visitor");
    av1::CreateRemotePinResponse resp;
    return Error(access->CreateRemotePin(keyway::rpc::MakeContext(absl::Seconds(10), token).get(), req, &resp));
  });
}

keyway::loadgen::Report ListAccesses(const std::string& token, std::string* label) {
  namespace av1 = keyway::access::v1;
  auto access = av1::AccessService::NewStub(keyway::rpc::MakeChannel(absl::GetFlag(FLAGS_access)));
  av1::ListAccessesRequest req;
  req.set_page_size(50);
  const std::string filter = absl::GetFlag(FLAGS_list_filter);
  if (filter == "status=pending") req.set_status(av1::ACCESS_STATUS_PENDING);
  if (filter == "status=active") req.set_status(av1::ACCESS_STATUS_ACTIVE);
  if (filter == "type=custom_pin") req.set_type(av1::ACCESS_TYPE_CUSTOM_PIN);
  if (filter == "lock=first") req.set_lock_id(VisibleLocks(token)[0]);
  *label = "filter=" + (filter.empty() ? std::string("none") : filter) + " page_size=50";
  return RunClosedLoop(absl::GetFlag(FLAGS_concurrency), absl::GetFlag(FLAGS_duration), [&](int) {
    av1::ListAccessesResponse resp;
    auto s = access->ListAccesses(keyway::rpc::MakeContext(absl::Seconds(10), token).get(), req, &resp);
    if (s.ok() && resp.accesses_size() == 0) return std::string("an empty page");
    return Error(s);
  });
}

}  // namespace

int main(int argc, char** argv) {
  keyway::rpc::ParseFlags(argc, argv, "keyway-loadgen: closed-loop gRPC load against Keyway");
  const std::string scenario = absl::GetFlag(FLAGS_scenario);
  std::string token = Login();
  std::string label;
  keyway::loadgen::Report report;
  if (scenario == "check-lock-scope") {
    report = CheckLockScope(token, &label);
  } else if (scenario == "create-remote-pin") {
    report = CreateRemotePins(token, &label);
  } else if (scenario == "list-accesses") {
    report = ListAccesses(token, &label);
  } else if (scenario == "custom-pin-via-bridge") {
    report = keyway::loadgen::RunCustomPinViaBridge(
        {.org = absl::GetFlag(FLAGS_org),
         .access = absl::GetFlag(FLAGS_access),
         .gateway = absl::GetFlag(FLAGS_gateway),
         .token = token,
         .bridges = absl::GetFlag(FLAGS_bridges),
         .concurrency = absl::GetFlag(FLAGS_concurrency),
         .duration = absl::GetFlag(FLAGS_duration)},
        &label);
  } else {
    std::cerr << "unknown --scenario; known: check-lock-scope, create-remote-pin, list-accesses, "
                 "custom-pin-via-bridge\n";
    return 2;
  }
  std::cout << "scenario=" << scenario << " " << label
            << " concurrency=" << absl::GetFlag(FLAGS_concurrency) << " "
            << keyway::loadgen::Summary(report, absl::GetFlag(FLAGS_duration)) << "\n";
  return report.errors == 0 ? 0 : 1;
}
