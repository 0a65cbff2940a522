#pragma once
// The simulator's fleet file: the Bridges to simulate and the locks in each,
// as `tools/dev up` writes it when it seeds the demo (it holds secrets: 0600).
//
//   # comments and blank lines are ignored
//   bridge <name> <credential>
//   lock <name> <lock id> <secret, base64url> <epoch, Unix seconds>
//   nbiot <name> <lock id> <secret, base64url> <epoch, Unix seconds> <credential>
//
// A lock line belongs to the bridge line above it; an nbiot line is an
// NB-IoT lock on its own, sending heartbeats with its credential.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "sim_bridge.h"

namespace keyway::locksim {

struct FleetLock {
  std::string name;
  LockConfig config;
};

struct FleetBridge {
  std::string name, credential;
  std::vector<FleetLock> locks;
};

struct FleetNbIotLock {
  FleetLock lock;
  std::string credential;
};

struct Fleet {
  std::vector<FleetBridge> bridges;
  std::vector<FleetNbIotLock> nbiot_locks;
};

// INVALID_ARGUMENT naming the line for anything malformed.
absl::StatusOr<Fleet> ParseFleet(const std::string& text);

}  // namespace keyway::locksim
