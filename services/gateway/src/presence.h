#pragma once
// L7: which gateway replica holds each Bridge's session, kept in Redis with a
// TTL that the holder renews. A job for a lock is routed by it to the replica
// that can push it down; a replica that dies stops renewing, and its Bridges
// show offline once the TTL passes (any replica notices and reports it).
//
// Each key holds the session's stamp, "<replica>|<n>", n from a Redis counter:
// a newer session of the same Bridge (it reconnected, maybe elsewhere) wins,
// and an older one that has not noticed its link died cannot take it back.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "keyway/redis/client.h"

namespace keyway::gateway {

// A Bridge whose presence ran out without its session saying goodbye.
struct LapsedBridge {
  std::string organisation_id, bridge_id;
  absl::Time last_seen;
};

struct Announced {
  bool held = true;          // false: a newer session of the Bridge holds it now
  bool newly_seen = false;   // it had lapsed or was never seen: tell org it is online
};

class Presence {
 public:
  // `prefix` names this deployment's keys ("keyway:presence:").
  Presence(redis::Client& redis, std::string prefix, std::string replica, absl::Duration ttl);

  const std::string& replica() const { return replica_; }
  absl::Duration ttl() const { return ttl_; }
  // A stamp for a session opening now on this replica: ordered by a Redis
  // counter, so replicas' clocks do not matter.
  absl::StatusOr<std::string> NewStamp();

  // The session `stamp` of the Bridge is here, now: for its locks too.
  absl::StatusOr<Announced> Announce(const std::string& organisation_id,
                                     const std::string& bridge_id,
                                     const std::vector<std::string>& lock_ids,
                                     const std::string& stamp, absl::Time now);
  // The session ended. Keys a newer session wrote are left alone; false when
  // the Bridge itself is held by a newer session (it is not offline).
  absl::StatusOr<bool> Withdraw(const std::string& organisation_id, const std::string& bridge_id,
                                const std::vector<std::string>& lock_ids, const std::string& stamp);
  // The replica holding a session of the lock's Bridge; empty when none is online.
  absl::StatusOr<std::string> ReplicaFor(const std::string& lock_id);
  // Bridges not renewed for a TTL and held by no session, each handed to
  // exactly one caller.
  absl::StatusOr<std::vector<LapsedBridge>> TakeLapsed(absl::Time now);

 private:
  std::string LockKey(const std::string& lock_id) const { return prefix_ + "lock:" + lock_id; }
  std::string BridgeKey(const std::string& bridge_id) const { return prefix_ + "bridge:" + bridge_id; }
  std::string SeenKey() const { return prefix_ + "seen"; }
  absl::StatusOr<bool> Claim(const std::string& key, const std::string& stamp);

  redis::Client& redis_;
  const std::string prefix_;
  const std::string replica_;
  const absl::Duration ttl_;
};

}  // namespace keyway::gateway
