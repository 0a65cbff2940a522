#pragma once
// The keys that sign access tokens, sealed at rest under the key-encryption
// key. The newest key that is not retired signs; a retired key still
// verifies for `verify_for` (the tokens' lifetime), so that rotating the key
// ends no one's session (S4). Replicas read the keys again every few
// seconds, so a rotation made on one reaches them all.

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "keyway/auth/token.h"
#include "keyway/pg/pool.h"

namespace keyway::identity {

class KeyRing {
 public:
  // Makes the first key when there is none.
  static absl::StatusOr<std::unique_ptr<KeyRing>> LoadOrCreate(pg::Pool& pool,
                                                               const std::string& kek,
                                                               absl::Duration verify_for);
  // A ring with no key read yet (Reload reads them): it signs nothing and
  // verifies nothing until then. For the request fuzzer, whose database is
  // never there.
  static std::unique_ptr<KeyRing> Unloaded(pg::Pool& pool, const std::string& kek,
                                           absl::Duration verify_for) {
    return std::unique_ptr<KeyRing>(new KeyRing(pool, kek, verify_for));
  }

  std::string Sign(const auth::TokenClaims& claims) const;
  absl::StatusOr<auth::TokenClaims> Verify(const std::string& token, absl::Time now) const;
  // (key id, raw public key) of every key that still verifies.
  std::vector<std::pair<std::string, std::string>> public_keys() const;
  std::string signing_key_id() const;

  // Reads the keys again (another replica may have rotated them).
  absl::Status Reload();
  // S4: a new key signs from now on; the others retire. Returns its id.
  absl::StatusOr<std::string> Rotate();

 private:
  KeyRing(pg::Pool& pool, std::string kek, absl::Duration verify_for)
      : pool_(pool), kek_(std::move(kek)), verify_for_(verify_for) {}

  pg::Pool& pool_;
  const std::string kek_;
  const absl::Duration verify_for_;
  mutable absl::Mutex mu_;
  std::optional<auth::SigningKey> signing_ ABSL_GUARDED_BY(mu_);
  auth::KeySet verifier_ ABSL_GUARDED_BY(mu_);
  std::vector<std::pair<std::string, std::string>> public_keys_ ABSL_GUARDED_BY(mu_);
};

}  // namespace keyway::identity
