#pragma once
// S1: each service's request validation fed with arbitrary protobuf bytes.
//
// A service's fuzz target hosts its real gRPC services (the handlers over the
// real logic) on an rpc::Server inside the process, with its interceptor and
// declared callers, and calls them through an in-process channel. Its
// database is never there (kNoDatabase) and its neighbours answer at once
// (NowhereChannel), so each input runs exactly the checks a request meets
// before storage, at thousands of calls a second.
//
// An input is: one byte choosing who calls (see RequestFuzzer::kCallers), the
// method's name up to a NUL (a name no method has picks one from its bytes),
// then the request's protobuf bytes, sent as they are.
//
// A finding, besides a sanitizer's: an answer UNKNOWN or INTERNAL (something
// escaped a handler, or a check missed), an error without a message a person
// can read, or a call still unanswered after 10 s. KEYWAY_FUZZ_TRACE=1 prints
// every call's answer (run the seeds: build/services/<s>/fuzz_<s>_requests_seeds).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/channel.h>
#include <grpcpp/generic/generic_stub.h>

#include "keyway/rpc/server.h"

namespace keyway::testing {

// A libpq connection string nothing answers, at once (no such socket).
inline constexpr char kNoDatabase[] = "host=/nonexistent/keyway-fuzz port=1 connect_timeout=1";

// A channel to a server that answers every call UNAVAILABLE at once, as a
// service that is down: what a fuzzed service's neighbours (org, identity,
// access, jobs) are. No retry policy, so no call waits.
std::shared_ptr<grpc::Channel> NowhereChannel();

class RequestFuzzer {
 public:
  // Who an input calls as: nobody, Owner, Admin, Manager and Lock User of one
  // organisation, the Owner of another, the operator, each service, and a
  // token no one issued.
  static constexpr int kCallers = 14;

  // Serves `services`; aborts, saying why, when they cannot be served. Keep
  // it for the process's life: the server outlives every input.
  explicit RequestFuzzer(std::vector<rpc::HostedService> services);
  ~RequestFuzzer();

  void Run(const uint8_t* data, size_t size);

 private:
  std::unique_ptr<rpc::Authenticator> authenticator_;
  std::unique_ptr<rpc::Server> server_;
  std::unique_ptr<grpc::GenericStub> stub_;  // over the server's in-process channel
  std::vector<std::string> methods_;  // "/pkg.Service/Method", unary ones only
};

}  // namespace keyway::testing

// A request fuzz target's entry point. `Fuzzed` holds the service and a
// RequestFuzzer named `fuzzer`; it is made at the first input and never
// destroyed, as the server must outlive every input.
#define KEYWAY_REQUEST_FUZZ_TARGET(Fuzzed)                                  \
  extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) { \
    static auto* fuzzed = new Fuzzed;                                       \
    fuzzed->fuzzer.Run(data, size);                                         \
    return 0;                                                               \
  }
