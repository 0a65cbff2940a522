#include "keyway/redis/durability.h"

#include "absl/strings/str_cat.h"

namespace keyway::redis {
namespace {

// CONFIG GET name: its value.
absl::StatusOr<std::string> ConfigValue(Client& redis, const std::string& name) {
  auto reply = redis.Command({"CONFIG", "GET", name});
  if (!reply.ok()) return reply.status();
  if (reply->elements.size() != 2) {
    return absl::FailedPreconditionError(absl::StrCat("Redis did not answer CONFIG GET ", name));
  }
  return reply->elements[1].str;
}

}  // namespace

absl::Status CheckDurable(Client& redis) {
  auto appendonly = ConfigValue(redis, "appendonly");
  absl::StatusOr<std::string> appendfsync =
      appendonly.ok() ? ConfigValue(redis, "appendfsync") : appendonly;
  if (!appendfsync.ok()) {
    if (absl::IsUnavailable(appendfsync.status())) return appendfsync.status();
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot tell whether Redis keeps what it acknowledges (", appendfsync.status().message(),
        "): Keyway needs appendonly yes and appendfsync always (docs/reliability.md); if this "
        "Redis is durable otherwise, start with --accept_redis_data_loss"));
  }
  if (*appendonly == "yes" && *appendfsync == "always") return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "Redis has appendonly ", *appendonly, " and appendfsync ", *appendfsync,
      ": it can lose events it acknowledged, after Keyway deleted them from its outbox. Set "
      "appendonly yes and appendfsync always (docs/reliability.md), or start with "
      "--accept_redis_data_loss to take that risk"));
}

}  // namespace keyway::redis
