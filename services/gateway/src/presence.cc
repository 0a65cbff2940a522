#include "presence.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace keyway::gateway {
namespace {

// Sets KEYS[1] to ARGV[1] (a stamp) with a TTL of ARGV[2] ms unless a newer
// stamp is there; 1 when set.
constexpr char kClaimUnlessNewer[] =
    "local v = redis.call('GET', KEYS[1]) "
    "if v and v ~= ARGV[1] then "
    "  local theirs = tonumber(string.match(v, '|(%d+)$')) or 0 "
    "  local ours = tonumber(string.match(ARGV[1], '|(%d+)$')) or 0 "
    "  if theirs > ours then return 0 end "
    "end "
    "redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1";

// Deletes a key only while it still holds this stamp.
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

absl::StatusOr<std::string> Presence::NewStamp() {
  auto n = redis_.Command({"INCR", prefix_ + "sessions"});
  if (!n.ok()) return n.status();
  return absl::StrCat(replica_, "|", n->integer);
}

absl::StatusOr<bool> Presence::Claim(const std::string& key, const std::string& stamp) {
  auto r = redis_.Command({"EVAL", kClaimUnlessNewer, "1", key, stamp,
                           absl::StrCat(absl::ToInt64Milliseconds(ttl_))});
  if (!r.ok()) return r.status();
  return r->integer == 1;
}

absl::StatusOr<Announced> Presence::Announce(const std::string& organisation_id,
                                             const std::string& bridge_id,
                                             const std::vector<std::string>& lock_ids,
                                             const std::string& stamp, absl::Time now) {
  Announced out;
  auto held = Claim(BridgeKey(bridge_id), stamp);
  if (!held.ok()) return held.status();
  if (!*held) {
    out.held = false;
    return out;
  }
  for (const auto& lock_id : lock_ids) {
    if (auto r = Claim(LockKey(lock_id), stamp); !r.ok()) return r.status();
  }
  auto added = redis_.Command({"ZADD", SeenKey(), absl::StrCat(absl::ToUnixMillis(now)),
                               Member(organisation_id, bridge_id)});
  if (!added.ok()) return added.status();
  out.newly_seen = added->integer == 1;
  return out;
}

absl::StatusOr<bool> Presence::Withdraw(const std::string& organisation_id,
                                        const std::string& bridge_id,
                                        const std::vector<std::string>& lock_ids,
                                        const std::string& stamp) {
  for (const auto& lock_id : lock_ids) {
    auto r = redis_.Command({"EVAL", kDeleteIfOurs, "1", LockKey(lock_id), stamp});
    if (!r.ok()) return r.status();
  }
  auto ours = redis_.Command({"EVAL", kDeleteIfOurs, "1", BridgeKey(bridge_id), stamp});
  if (!ours.ok()) return ours.status();
  if (ours->integer != 1) {
    // A newer session holds it, or it lapsed; the sweep reports a lapse.
    auto exists = redis_.Command({"EXISTS", BridgeKey(bridge_id)});
    if (!exists.ok()) return exists.status();
    if (exists->integer == 1) return false;
  }
  auto r = redis_.Command({"ZREM", SeenKey(), Member(organisation_id, bridge_id)});
  if (!r.ok()) return r.status();
  return true;
}

absl::StatusOr<std::string> Presence::ReplicaFor(const std::string& lock_id) {
  auto r = redis_.Command({"GET", LockKey(lock_id)});
  if (!r.ok()) return r.status();
  if (r->type != redis::Reply::Type::kString) return std::string();
  return std::string(r->str.substr(0, r->str.rfind('|')));
}

absl::StatusOr<std::vector<LapsedBridge>> Presence::TakeLapsed(absl::Time now) {
  auto r = redis_.Command({"ZRANGEBYSCORE", SeenKey(), "-inf",
                           absl::StrCat(absl::ToUnixMillis(now - ttl_)), "WITHSCORES", "LIMIT",
                           "0", "100"});
  if (!r.ok()) return r.status();
  std::vector<LapsedBridge> lapsed;
  for (size_t i = 0; i + 1 < r->elements.size(); i += 2) {
    const std::string& member = r->elements[i].str;
    std::pair<std::string, std::string> parts = absl::StrSplit(member, absl::MaxSplits('|', 1));
    // A session still holds it (its renewal is only late): not lapsed.
    auto held = redis_.Command({"EXISTS", BridgeKey(parts.second)});
    if (!held.ok()) return held.status();
    if (held->integer == 1) continue;
    // Whoever removes the member reports it; the others see 0 and skip it.
    auto removed = redis_.Command({"ZREM", SeenKey(), member});
    if (!removed.ok()) return removed.status();
    if (removed->integer != 1) continue;
    int64_t millis = 0;
    (void)absl::SimpleAtoi(r->elements[i + 1].str, &millis);
    lapsed.push_back({parts.first, parts.second, absl::FromUnixMillis(millis)});
  }
  return lapsed;
}

}  // namespace keyway::gateway
