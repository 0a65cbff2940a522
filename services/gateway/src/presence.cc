#include "presence.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace keyway::gateway {
namespace {

// Deletes a key only while it still names this replica: a Bridge that moved
// to another replica keeps its routing there.
constexpr char kDeleteIfOurs[] =
    "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end "
    "return 0";

std::string Member(const std::string& organisation_id, const std::string& bridge_id) {
  return absl::StrCat(organisation_id, "|", bridge_id);
}

}  // namespace

Presence::Presence(redis::Client& redis, std::string prefix, std::string replica,
                   absl::Duration ttl)
    : redis_(redis), prefix_(std::move(prefix)), replica_(std::move(replica)), ttl_(ttl) {}

absl::Status Presence::Announce(const std::string& organisation_id, const std::string& bridge_id,
                                const std::vector<std::string>& lock_ids, absl::Time now) {
  const std::string ttl_ms = absl::StrCat(absl::ToInt64Milliseconds(ttl_));
  for (const auto& lock_id : lock_ids) {
    auto r = redis_.Command({"SET", LockKey(lock_id), replica_, "PX", ttl_ms});
    if (!r.ok()) return r.status();
  }
  if (auto b = redis_.Command({"SET", BridgeKey(bridge_id), replica_, "PX", ttl_ms}); !b.ok()) {
    return b.status();
  }
  auto r = redis_.Command({"ZADD", SeenKey(), absl::StrCat(absl::ToUnixMillis(now)),
                           Member(organisation_id, bridge_id)});
  return r.status();
}

absl::StatusOr<bool> Presence::Withdraw(const std::string& organisation_id,
                                        const std::string& bridge_id,
                                        const std::vector<std::string>& lock_ids) {
  for (const auto& lock_id : lock_ids) {
    auto r = redis_.Command({"EVAL", kDeleteIfOurs, "1", LockKey(lock_id), replica_});
    if (!r.ok()) return r.status();
  }
  auto ours = redis_.Command({"EVAL", kDeleteIfOurs, "1", BridgeKey(bridge_id), replica_});
  if (!ours.ok()) return ours.status();
  if (ours->integer != 1) return false;  // reconnected elsewhere: still online
  auto r = redis_.Command({"ZREM", SeenKey(), Member(organisation_id, bridge_id)});
  if (!r.ok()) return r.status();
  return true;
}

absl::StatusOr<std::string> Presence::ReplicaFor(const std::string& lock_id) {
  auto r = redis_.Command({"GET", LockKey(lock_id)});
  if (!r.ok()) return r.status();
  return r->type == redis::Reply::Type::kString ? r->str : std::string();
}

absl::StatusOr<std::vector<LapsedBridge>> Presence::TakeLapsed(absl::Time now) {
  auto r = redis_.Command({"ZRANGEBYSCORE", SeenKey(), "-inf",
                           absl::StrCat(absl::ToUnixMillis(now - ttl_)), "WITHSCORES", "LIMIT",
                           "0", "100"});
  if (!r.ok()) return r.status();
  std::vector<LapsedBridge> lapsed;
  for (size_t i = 0; i + 1 < r->elements.size(); i += 2) {
    const std::string& member = r->elements[i].str;
    // Whoever removes the member reports it; the others see 0 and skip it.
    auto removed = redis_.Command({"ZREM", SeenKey(), member});
    if (!removed.ok()) return removed.status();
    if (removed->integer != 1) continue;
    std::pair<std::string, std::string> parts = absl::StrSplit(member, absl::MaxSplits('|', 1));
    int64_t millis = 0;
    (void)absl::SimpleAtoi(r->elements[i + 1].str, &millis);
    lapsed.push_back({parts.first, parts.second, absl::FromUnixMillis(millis)});
  }
  return lapsed;
}

}  // namespace keyway::gateway
