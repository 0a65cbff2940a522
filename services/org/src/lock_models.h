#pragma once
// The lock models Keyway knows, what each can do, and the NB-IoT intervals
// of L3. Pure.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace keyway::org {

struct LockModel {
  const char* code;         // as printed on the lock, e.g. "INB1"
  const char* description;
  bool nbiot;               // L3: NB-IoT family INB1, with heartbeats and intervals
  bool two_factor;          // A10: supports 2FA access
};

// nullopt for a code Keyway does not know.
std::optional<LockModel> FindLockModel(const std::string& code);
// "IGB4, IGP2, ..." for messages.
std::string KnownModelCodes();

// L3: an activity-log interval is 1, 10 or 30 minutes, or a whole number of
// hours from 1 to 24; a heartbeat interval is 1, 2, 5, 12 or 24 hours.
absl::Status ValidateActivityLogInterval(absl::Duration d);
absl::Status ValidateHeartbeatInterval(absl::Duration d);

// The intervals an NB-IoT lock starts with.
inline constexpr absl::Duration kDefaultActivityLogInterval = absl::Minutes(30);
inline constexpr absl::Duration kDefaultHeartbeatInterval = absl::Hours(24);

}  // namespace keyway::org
