#pragma once
// K1: a create call with an idempotency key (AIP-155 `request_id`) returns
// the first result when repeated with the same key and request within 24 h,
// and creates nothing new. The same key with a different request is refused.

#include <optional>
#include <span>
#include <string>

#include <google/protobuf/message.h>
#include <pqxx/pqxx>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "keyway/pg/migrate.h"

namespace keyway::idempotency {

inline constexpr absl::Duration kReplayWindow = absl::Hours(24);
inline constexpr size_t kMaxKeyLength = 128;

// The idempotency_keys table, component "idempotency".
std::span<const pg::Migration> Migrations();

// INVALID_ARGUMENT unless empty or 1-128 printable ASCII characters.
absl::Status ValidateKey(const std::string& key);

// Inside `tx`: the stored response for (scope, key), or nullopt when the key
// is new (or older than the window). Holds a transaction lock on the key, so
// concurrent calls with the same key run one after the other.
absl::StatusOr<std::optional<std::string>> Lookup(pqxx::work& tx, const std::string& scope,
                                                  const std::string& key,
                                                  const std::string& fingerprint);
void Remember(pqxx::work& tx, const std::string& scope, const std::string& key,
              const std::string& fingerprint, const std::string& response);

// Deletes keys older than the window; returns how many.
int Prune(pqxx::work& tx);

// Runs `create(tx) -> absl::StatusOr<Response>` once per (scope, key). An
// empty key means no idempotency. `stored` may remove from the response what
// must not be kept at rest (a secret shown only once); a replay returns that copy.
template <typename Response, typename Create>
absl::StatusOr<Response> Run(pqxx::work& tx, const std::string& scope, const std::string& key,
                             const google::protobuf::Message& request, Create&& create,
                             void (*stored)(Response&) = nullptr) {
  if (key.empty()) return create(tx);
  std::string fingerprint = request.GetTypeName() + ":" + request.SerializeAsString();
  auto previous = Lookup(tx, scope, key, fingerprint);
  if (!previous.ok()) return previous.status();
  if (previous->has_value()) {
    Response replay;
    if (!replay.ParseFromString(**previous)) return absl::InternalError("corrupt stored response");
    return replay;
  }
  absl::StatusOr<Response> result = create(tx);
  if (!result.ok()) return result;  // errors are not remembered: fix and retry
  Response kept = *result;
  if (stored != nullptr) stored(kept);
  Remember(tx, scope, key, fingerprint, kept.SerializeAsString());
  return result;
}

}  // namespace keyway::idempotency
