#pragma once
// Access tokens: JWTs (RFC 7519) signed with Ed25519 ("EdDSA", RFC 8037) by
// the identity service and verified by every service with the public keys
// identity publishes. Each key has an id ("kid") so keys can be rotated.

#include <map>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "keyway/auth/principal.h"

namespace keyway::auth {

inline constexpr char kIssuer[] = "keyway-identity";
// S4: access tokens are for Keyway's APIs and nothing else this key may
// ever sign; a token for another audience is refused.
inline constexpr char kAudience[] = "keyway-api";

struct TokenClaims {
  Principal principal;
  std::string token_id;
  absl::Time issued_at;
  absl::Time expires_at;
  // S4: the membership's token version when issued; a role change or a
  // deactivation raises it, and older tokens stop working everywhere.
  int64_t version = 0;
};

// An Ed25519 private key with its key id. Holds secret material: never log it (K4).
class SigningKey {
 public:
  static SigningKey Generate();
  // From the 32-byte seed that PrivateSeed() returned.
  static absl::StatusOr<SigningKey> FromSeed(std::string seed);

  const std::string& key_id() const { return key_id_; }
  const std::string& public_key() const { return public_key_; }  // 32 raw bytes
  const std::string& private_seed() const { return seed_; }      // 32 raw bytes

  std::string Sign(const TokenClaims& claims) const;
  // A compact JWS of exactly these header and payload bytes (tests use it to
  // sign what no honest issuer writes).
  std::string SignCompact(const std::string& header, const std::string& payload) const;

 private:
  SigningKey(std::string seed, std::string public_key);
  std::string seed_;
  std::string public_key_;
  std::string key_id_;
};

// The key id of a public key: the first 16 hex digits of its SHA-256.
std::string KeyIdOf(const std::string& public_key);

// The public keys a verifier trusts.
class KeySet {
 public:
  // INVALID_ARGUMENT unless `public_key` is 32 bytes.
  absl::Status Add(const std::string& public_key);
  bool empty() const { return keys_.empty(); }

  // UNAUTHENTICATED, with the reason, for a malformed, tampered, unknown-key,
  // wrong-issuer, not-yet-valid or expired token.
  absl::StatusOr<TokenClaims> Verify(const std::string& token, absl::Time now) const;

 private:
  std::map<std::string, std::string> keys_;  // kid -> raw public key
};

}  // namespace keyway::auth
