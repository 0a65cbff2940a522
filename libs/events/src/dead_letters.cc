#include "keyway/events/dead_letters.h"

#include "absl/strings/numbers.h"

namespace keyway::events {
namespace {

constexpr int kMaxReplay = 1000;

bool IsDeadField(const std::string& name) {
  return name == kDeadGroupField || name == kDeadErrorField || name == kDeadAtField;
}

DeadLetter Describe(const redis::StreamEntry& entry) {
  DeadLetter d;
  d.entry_id = entry.id;
  auto field = [&](const char* name) {
    const std::string* v = entry.Field(name);
    return v ? *v : std::string();
  };
  d.event_id = field("event_id");
  d.type = field("type");
  d.organisation_id = field("org");
  d.group = field(kDeadGroupField);
  d.error = field(kDeadErrorField);
  int64_t at_us = 0;
  if (absl::SimpleAtoi(field(kDeadAtField), &at_us)) d.dead_at = absl::FromUnixMicros(at_us);
  return d;
}

}  // namespace

std::string DeadLetterStream(const std::string& stream) { return stream + ".dead"; }

absl::StatusOr<std::vector<DeadLetter>> ListDeadLetters(redis::Client& redis,
                                                        const std::string& stream, int limit) {
  auto entries = redis.Range(DeadLetterStream(stream), "-", "+", limit);
  if (!entries.ok()) return entries.status();
  std::vector<DeadLetter> out;
  for (const auto& e : *entries) out.push_back(Describe(e));
  return out;
}

absl::StatusOr<int> ReplayDeadLetters(redis::Client& redis, const std::string& stream,
                                      const std::vector<std::string>& entry_ids) {
  const std::string dead = DeadLetterStream(stream);
  std::vector<redis::StreamEntry> chosen;
  if (entry_ids.empty()) {
    auto all = redis.Range(dead, "-", "+", kMaxReplay);
    if (!all.ok()) return all.status();
    chosen = std::move(*all);
  } else {
    for (const auto& id : entry_ids) {
      auto one = redis.Range(dead, id, id, 1);
      if (!one.ok()) return one.status();
      chosen.insert(chosen.end(), one->begin(), one->end());
    }
  }
  int replayed = 0;
  for (const auto& entry : chosen) {
    std::vector<std::pair<std::string, std::string>> fields;
    for (const auto& kv : entry.fields) {
      if (!IsDeadField(kv.first)) fields.push_back(kv);
    }
    // Added before it is deleted: a failure in between replays it twice,
    // which the consumers' records make harmless, never zero times.
    if (auto added = redis.XAdd(stream, fields); !added.ok()) return added.status();
    if (auto removed = redis.Delete(dead, {entry.id}); !removed.ok()) return removed.status();
    ++replayed;
  }
  return replayed;
}

}  // namespace keyway::events
