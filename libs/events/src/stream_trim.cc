#include "keyway/events/stream_trim.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace keyway::events {
namespace {

using StreamId = std::pair<uint64_t, uint64_t>;  // milliseconds, sequence

std::optional<StreamId> ParseId(const std::string& id) {
  const auto dash = id.find('-');
  StreamId out;
  if (dash == std::string::npos || !absl::SimpleAtoi(id.substr(0, dash), &out.first) ||
      !absl::SimpleAtoi(id.substr(dash + 1), &out.second)) {
    return std::nullopt;
  }
  return out;
}

// A field of a flat [name, value, name, value, ...] reply.
const redis::Reply* FieldOf(const redis::Reply& flat, const std::string& name) {
  for (size_t i = 0; i + 1 < flat.elements.size(); i += 2) {
    if (flat.elements[i].str == name) return &flat.elements[i + 1];
  }
  return nullptr;
}

// The first entry a group may still need: its oldest unacknowledged one, or
// the one after the last it was given.
absl::StatusOr<StreamId> NeededBy(redis::Client& redis, const std::string& stream,
                                  const redis::Reply& group) {
  const auto* name = FieldOf(group, "name");
  const auto* pending = FieldOf(group, "pending");
  const auto* last = FieldOf(group, "last-delivered-id");
  if (name == nullptr || pending == nullptr || last == nullptr) {
    return absl::FailedPreconditionError("XINFO GROUPS answered without name, pending or last id");
  }
  if (pending->integer > 0) {
    auto summary = redis.Command({"XPENDING", stream, name->str});
    if (!summary.ok()) return summary.status();
    if (summary->elements.size() >= 2) {
      if (auto oldest = ParseId(summary->elements[1].str)) return *oldest;
    }
    return absl::FailedPreconditionError("XPENDING answered without the oldest entry");
  }
  auto delivered = ParseId(last->str);
  if (!delivered) return absl::FailedPreconditionError("unreadable last-delivered-id");
  return StreamId{delivered->first, delivered->second + 1};
}

}  // namespace

absl::StatusOr<int> TrimConsumed(redis::Client& redis, const std::string& stream,
                                 absl::Duration retention, absl::Time now) {
  auto groups = redis.Command({"XINFO", "GROUPS", stream});
  if (!groups.ok()) {
    // No such stream yet: nothing to trim.
    if (absl::IsFailedPrecondition(groups.status())) return 0;
    return groups.status();
  }
  if (groups->elements.empty()) return 0;  // nobody reads it yet
  // Younger than the retention stays, whatever the groups have read.
  const int64_t cutoff_ms = absl::ToUnixMillis(now - retention);
  StreamId keep_from{cutoff_ms < 0 ? 0 : static_cast<uint64_t>(cutoff_ms), 0};
  for (const auto& group : groups->elements) {
    auto needed = NeededBy(redis, stream, group);
    if (!needed.ok()) return needed.status();
    keep_from = std::min(keep_from, *needed);
  }
  auto trimmed = redis.Command(
      {"XTRIM", stream, "MINID", absl::StrCat(keep_from.first, "-", keep_from.second)});
  if (!trimmed.ok()) return trimmed.status();
  return static_cast<int>(trimmed->integer);
}

}  // namespace keyway::events
