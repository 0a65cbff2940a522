#pragma once
// S10: Bridges that have not yet proven who they are share a small budget,
// so that a flood of connections (silent ones, or hellos with made-up
// credentials) from one address, or from everywhere, cannot take the memory
// and the workers that authenticated Bridges need. What is over budget is
// refused at once with RESOURCE_EXHAUSTED; nothing waits in a queue for it.

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"

namespace keyway::gateway {

struct HelloLimits {
  int per_address = 32;  // streams not yet authenticated, from one address
  int total = 1024;      // ... from everywhere
  int in_flight = 64;    // hellos being authenticated (with org) at once
};

class HelloGate {
 public:
  explicit HelloGate(HelloLimits limits) : limits_(limits) {}

  // A new stream from `address`, not yet authenticated.
  absl::Status Enter(const std::string& address);
  // The stream authenticated, or ended before it did.
  void Leave(const std::string& address);

  // Around the authentication of one hello.
  absl::Status StartHello();
  void EndHello();

 private:
  const HelloLimits limits_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, int> by_address_ ABSL_GUARDED_BY(mu_);
  int total_ ABSL_GUARDED_BY(mu_) = 0;
  int in_flight_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace keyway::gateway
