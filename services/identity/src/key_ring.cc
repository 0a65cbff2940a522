#include "key_ring.h"

#include "absl/strings/str_cat.h"
#include "keyway/core/seal.h"
#include "keyway/pg/transaction.h"

namespace keyway::identity {
namespace {

struct Stored {
  std::string key_id, public_key, sealed_seed;
  bool retired = false;
};

// One replica at a time makes or rotates keys.
constexpr const char* kLock = "SELECT pg_advisory_xact_lock(hashtextextended('keyway.signing_keys', 0))";

void InsertNewKey(pqxx::work& tx, const std::string& kek) {
  auth::SigningKey fresh = auth::SigningKey::Generate();
  tx.exec_params0("INSERT INTO signing_keys (key_id, public_key, sealed_seed) VALUES ($1, $2, $3)",
                  fresh.key_id(), pqxx::binarystring(fresh.public_key()),
                  pqxx::binarystring(core::Seal(kek, fresh.private_seed())));
}

}  // namespace

absl::StatusOr<std::unique_ptr<KeyRing>> KeyRing::LoadOrCreate(pg::Pool& pool,
                                                               const std::string& kek,
                                                               absl::Duration verify_for) {
  auto made = pg::InTransaction(pool, [&](pqxx::work& tx) {
    tx.exec(kLock);
    if (tx.exec("SELECT 1 FROM signing_keys WHERE retired_at IS NULL").empty()) {
      InsertNewKey(tx, kek);
    }
    return absl::OkStatus();
  });
  if (!made.ok()) return made;
  std::unique_ptr<KeyRing> ring(new KeyRing(pool, kek, verify_for));
  if (auto s = ring->Reload(); !s.ok()) return s;
  return ring;
}

absl::Status KeyRing::Reload() {
  auto stored = pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<std::vector<Stored>> {
    auto rows = tx.exec_params(
        "SELECT key_id, public_key, sealed_seed, retired_at IS NOT NULL FROM signing_keys "
        "WHERE retired_at IS NULL OR retired_at > now() - make_interval(secs => $1) "
        "ORDER BY retired_at IS NOT NULL, created_at DESC",
        absl::ToDoubleSeconds(verify_for_));
    std::vector<Stored> keys;
    for (const auto& r : rows) {
      keys.push_back({r[0].as<std::string>(), pqxx::binarystring(r[1]).str(),
                      pqxx::binarystring(r[2]).str(), r[3].as<bool>()});
    }
    return keys;
  });
  if (!stored.ok()) return stored.status();
  if (stored->empty() || stored->front().retired) {
    return absl::FailedPreconditionError("no signing key is in service");
  }
  auto seed = core::Unseal(kek_, stored->front().sealed_seed);
  if (!seed.ok()) return seed.status();
  auto key = auth::SigningKey::FromSeed(*seed);
  if (!key.ok()) return key.status();
  auth::KeySet verifier;
  std::vector<std::pair<std::string, std::string>> public_keys;
  for (const auto& s : *stored) {
    if (auto st = verifier.Add(s.public_key); !st.ok()) return st;
    public_keys.emplace_back(s.key_id, s.public_key);
  }
  absl::MutexLock lock(&mu_);
  signing_ = std::move(*key);
  verifier_ = std::move(verifier);
  public_keys_ = std::move(public_keys);
  return absl::OkStatus();
}

absl::StatusOr<std::string> KeyRing::Rotate() {
  auto rotated = pg::InTransaction(pool_, [&](pqxx::work& tx) {
    tx.exec(kLock);
    tx.exec0("UPDATE signing_keys SET retired_at = now() WHERE retired_at IS NULL");
    InsertNewKey(tx, kek_);
    return absl::OkStatus();
  });
  if (!rotated.ok()) return rotated;
  if (auto s = Reload(); !s.ok()) return s;
  return signing_key_id();
}

std::string KeyRing::Sign(const auth::TokenClaims& claims) const {
  absl::MutexLock lock(&mu_);
  return signing_.value().Sign(claims);  // throws, never UB, on an unloaded ring
}

absl::StatusOr<auth::TokenClaims> KeyRing::Verify(const std::string& token, absl::Time now) const {
  absl::MutexLock lock(&mu_);
  return verifier_.Verify(token, now);
}

std::vector<std::pair<std::string, std::string>> KeyRing::public_keys() const {
  absl::MutexLock lock(&mu_);
  return public_keys_;
}

std::string KeyRing::signing_key_id() const {
  absl::MutexLock lock(&mu_);
  return signing_->key_id();
}

}  // namespace keyway::identity
