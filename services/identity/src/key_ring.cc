#include "key_ring.h"

#include "keyway/core/seal.h"
#include "keyway/pg/transaction.h"

namespace keyway::identity {

absl::StatusOr<std::unique_ptr<KeyRing>> KeyRing::LoadOrCreate(pg::Pool& pool,
                                                               const std::string& kek) {
  struct Stored {
    std::string key_id, public_key, sealed_seed;
  };
  auto stored = pg::InTransaction(pool, [&](pqxx::work& tx) -> absl::StatusOr<std::vector<Stored>> {
    tx.exec("SELECT pg_advisory_xact_lock(hashtextextended('keyway.signing_keys', 0))");
    auto rows = tx.exec(
        "SELECT key_id, public_key, sealed_seed FROM signing_keys WHERE retired_at IS NULL "
        "ORDER BY created_at DESC");
    std::vector<Stored> keys;
    for (const auto& r : rows) {
      keys.push_back({r[0].as<std::string>(), pqxx::binarystring(r[1]).str(),
                      pqxx::binarystring(r[2]).str()});
    }
    if (keys.empty()) {
      auth::SigningKey fresh = auth::SigningKey::Generate();
      Stored s{fresh.key_id(), fresh.public_key(), core::Seal(kek, fresh.private_seed())};
      tx.exec_params0(
          "INSERT INTO signing_keys (key_id, public_key, sealed_seed) VALUES ($1, $2, $3)",
          s.key_id, pqxx::binarystring(s.public_key), pqxx::binarystring(s.sealed_seed));
      keys.push_back(std::move(s));
    }
    return keys;
  });
  if (!stored.ok()) return stored.status();
  auto seed = core::Unseal(kek, stored->front().sealed_seed);
  if (!seed.ok()) return seed.status();
  auto key = auth::SigningKey::FromSeed(*seed);
  if (!key.ok()) return key.status();
  std::unique_ptr<KeyRing> ring(new KeyRing(std::move(*key)));
  for (const auto& s : *stored) {
    if (auto st = ring->verifier_.Add(s.public_key); !st.ok()) return st;
    ring->public_keys_.emplace_back(s.key_id, s.public_key);
  }
  return ring;
}

}  // namespace keyway::identity
