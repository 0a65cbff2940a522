#pragma once
// The custom-pin-via-bridge scenario: Custom PINs through Bridges, timed from
// the create call to the simulated Bridge's confirmation that its lock
// applied the job, with many Bridges holding sessions at once.

#include <string>

#include "closed_loop.h"

namespace keyway::loadgen {

struct BridgeScenarioOptions {
  std::string org, access, gateway;  // addresses
  std::string token;                 // an Owner's
  int bridges = 1000;                // each with one new lock
  int concurrency = 8;
  absl::Duration duration = absl::Seconds(10);
};

// Registers the Bridges and locks in the caller's organisation (in its first
// property), connects them, runs the loop; `label` describes the set-up and
// the gateway's memory per open session.
Report RunCustomPinViaBridge(const BridgeScenarioOptions& options, std::string* label);

}  // namespace keyway::loadgen
