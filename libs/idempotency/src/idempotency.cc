#include "keyway/idempotency/idempotency.h"

#include "keyway/core/hash.h"

std::span<const keyway::pg::Migration> keyway_idempotency_migrations();

namespace keyway::idempotency {

std::span<const pg::Migration> Migrations() { return keyway_idempotency_migrations(); }

absl::Status ValidateKey(const std::string& key) {
  if (key.size() > kMaxKeyLength) {
    return absl::InvalidArgumentError("request_id is longer than 128 characters");
  }
  for (char c : key) {
    if (c < 0x21 || c > 0x7e) {
      return absl::InvalidArgumentError(
          "request_id must be printable ASCII without spaces, such as a UUID");
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<std::string>> Lookup(pqxx::work& tx, const std::string& scope,
                                                  const std::string& key,
                                                  const std::string& fingerprint) {
  if (auto s = ValidateKey(key); !s.ok()) return s;
  tx.exec_params("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", scope + "\n" + key);
  auto rows = tx.exec_params(
      "SELECT fingerprint, response FROM idempotency_keys "
      "WHERE scope = $1 AND key = $2 AND created_at > now() - interval '24 hours'",
      scope, key);
  if (rows.empty()) return std::optional<std::string>();
  if (rows[0][0].as<std::string>() != core::Sha256Hex(fingerprint)) {
    return absl::InvalidArgumentError(
        "request_id was already used for a different request: use a new request_id");
  }
  return std::optional<std::string>(pqxx::binarystring(rows[0][1]).str());
}

void Remember(pqxx::work& tx, const std::string& scope, const std::string& key,
              const std::string& fingerprint, const std::string& response) {
  tx.exec_params0(
      "INSERT INTO idempotency_keys (scope, key, fingerprint, response) VALUES ($1, $2, $3, $4) "
      "ON CONFLICT (scope, key) DO UPDATE SET fingerprint = excluded.fingerprint, "
      "response = excluded.response, created_at = now()",
      scope, key, core::Sha256Hex(fingerprint), pqxx::binarystring(response));
}

int Prune(pqxx::work& tx) {
  return static_cast<int>(
      tx.exec0("DELETE FROM idempotency_keys WHERE created_at < now() - interval '24 hours'")
          .affected_rows());
}

}  // namespace keyway::idempotency
