#include "keyway/auth/token.h"

#include <openssl/evp.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "keyway/core/encoding.h"
#include "keyway/core/hash.h"

namespace keyway::auth {
namespace {

using Json = nlohmann::json;

// Tokens issued a little in the future by a server whose clock runs ahead are
// still accepted; beyond this they are refused.
constexpr absl::Duration kClockSkew = absl::Seconds(30);

struct PkeyDeleter {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyDeleter>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

const unsigned char* Bytes(const std::string& s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

std::string Ed25519Sign(const std::string& seed, const std::string& message) {
  Pkey key(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, Bytes(seed), seed.size()));
  MdCtx ctx(EVP_MD_CTX_new());
  std::string sig(64, '\0');
  size_t len = sig.size();
  if (!key || !ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1 ||
      EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len,
                     Bytes(message), message.size()) != 1) {
    throw std::runtime_error("Ed25519 signing failed");
  }
  return sig;
}

bool Ed25519Verify(const std::string& public_key, const std::string& message,
                   const std::string& sig) {
  Pkey key(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, Bytes(public_key),
                                       public_key.size()));
  MdCtx ctx(EVP_MD_CTX_new());
  return key && ctx &&
         EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) == 1 &&
         EVP_DigestVerify(ctx.get(), Bytes(sig), sig.size(), Bytes(message), message.size()) == 1;
}

// The string member `key` of a JSON object; nothing when absent or not a string.
std::optional<std::string> StringMember(const Json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return std::nullopt;
  return it->get_ref<const std::string&>();
}

// The integer member `key`, within the range of Unix seconds Abseil holds.
std::optional<int64_t> IntegerMember(const Json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_number_integer()) return std::nullopt;
  if (it->is_number_unsigned() && it->get<uint64_t>() > uint64_t{1} << 62) return std::nullopt;
  int64_t v = it->get<int64_t>();
  constexpr int64_t kLimit = int64_t{1} << 40;  // far beyond any token's lifetime
  if (v < -kLimit || v > kLimit) return std::nullopt;
  return v;
}

absl::Status Unauthenticated(absl::string_view why) {
  return absl::UnauthenticatedError(absl::StrCat("invalid access token: ", why));
}

}  // namespace

std::string KeyIdOf(const std::string& public_key) {
  return core::Sha256Hex(public_key).substr(0, 16);
}

SigningKey::SigningKey(std::string seed, std::string public_key)
    : seed_(std::move(seed)), public_key_(std::move(public_key)), key_id_(KeyIdOf(public_key_)) {}

SigningKey SigningKey::Generate() {
  EVP_PKEY* raw = nullptr;
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
      EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr), &EVP_PKEY_CTX_free);
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_keygen(ctx.get(), &raw) != 1) {
    throw std::runtime_error("Ed25519 key generation failed");
  }
  Pkey key(raw);
  std::string seed(32, '\0'), pub(32, '\0');
  size_t seed_len = 32, pub_len = 32;
  EVP_PKEY_get_raw_private_key(key.get(), reinterpret_cast<unsigned char*>(seed.data()),
                               &seed_len);
  EVP_PKEY_get_raw_public_key(key.get(), reinterpret_cast<unsigned char*>(pub.data()), &pub_len);
  return SigningKey(std::move(seed), std::move(pub));
}

absl::StatusOr<SigningKey> SigningKey::FromSeed(std::string seed) {
  Pkey key(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, Bytes(seed), seed.size()));
  if (seed.size() != 32 || !key) return absl::InvalidArgumentError("not an Ed25519 private key");
  std::string pub(32, '\0');
  size_t pub_len = 32;
  EVP_PKEY_get_raw_public_key(key.get(), reinterpret_cast<unsigned char*>(pub.data()), &pub_len);
  return SigningKey(std::move(seed), std::move(pub));
}

std::string SigningKey::Sign(const TokenClaims& c) const {
  Json header = {{"alg", "EdDSA"}, {"typ", "JWT"}, {"kid", key_id_}};
  Json payload = {{"iss", kIssuer},
                  {"sub", c.principal.user_id},
                  {"org", c.principal.organisation_id},
                  {"role", RoleName(c.principal.role)},
                  {"sid", c.principal.session_id},
                  {"jti", c.token_id},
                  {"aud", kAudience},
                  {"ver", c.version},
                  {"iat", absl::ToUnixSeconds(c.issued_at)},
                  {"exp", absl::ToUnixSeconds(c.expires_at)}};
  return SignCompact(header.dump(), payload.dump());
}

std::string SigningKey::SignCompact(const std::string& header, const std::string& payload) const {
  std::string signing_input =
      absl::StrCat(core::Base64UrlEncode(header), ".", core::Base64UrlEncode(payload));
  return absl::StrCat(signing_input, ".", core::Base64UrlEncode(Ed25519Sign(seed_, signing_input)));
}

absl::Status KeySet::Add(const std::string& public_key) {
  if (public_key.size() != 32) {
    return absl::InvalidArgumentError("an Ed25519 public key is 32 bytes");
  }
  keys_[KeyIdOf(public_key)] = public_key;
  return absl::OkStatus();
}

absl::StatusOr<TokenClaims> KeySet::Verify(const std::string& token, absl::Time now) const {
  std::vector<absl::string_view> parts = absl::StrSplit(token, '.');
  if (parts.size() != 3) return Unauthenticated("not a JWT");
  auto header_bytes = core::Base64UrlDecode(parts[0]);
  auto payload_bytes = core::Base64UrlDecode(parts[1]);
  auto sig = core::Base64UrlDecode(parts[2]);
  if (!header_bytes || !payload_bytes || !sig) return Unauthenticated("not base64url");
  // Parsed without exceptions, and read only through the checked accessors
  // below: every byte of a token is the caller's.
  Json header = Json::parse(*header_bytes, nullptr, /*allow_exceptions=*/false);
  Json payload = Json::parse(*payload_bytes, nullptr, /*allow_exceptions=*/false);
  if (!header.is_object() || !payload.is_object()) return Unauthenticated("not JSON");
  // Only EdDSA: a token naming another algorithm (or "none") is refused
  // before any key is looked at.
  if (StringMember(header, "alg") != "EdDSA") return Unauthenticated("unsupported algorithm");
  auto kid = StringMember(header, "kid");
  auto key = kid ? keys_.find(*kid) : keys_.end();
  if (key == keys_.end()) return Unauthenticated("signed by an unknown key");
  std::string signing_input = absl::StrCat(parts[0], ".", parts[1]);
  if (!Ed25519Verify(key->second, signing_input, *sig)) return Unauthenticated("bad signature");
  auto iss = StringMember(payload, "iss");
  auto sub = StringMember(payload, "sub");
  auto org = StringMember(payload, "org");
  auto role_name = StringMember(payload, "role");
  auto sid = StringMember(payload, "sid");
  auto jti = StringMember(payload, "jti");
  auto iat = IntegerMember(payload, "iat");
  auto exp = IntegerMember(payload, "exp");
  auto aud = StringMember(payload, "aud");
  auto ver = payload.contains("ver") ? IntegerMember(payload, "ver") : std::optional<int64_t>(0);
  if (!iss || !sub || !org || !role_name || !sid || !jti || !iat || !exp || !ver) {
    return Unauthenticated("missing or mistyped claims");
  }
  if (*iss != kIssuer) return Unauthenticated("wrong issuer");
  if (aud != kAudience) return Unauthenticated("not issued for Keyway's APIs (wrong audience)");
  auto role = RoleFromName(*role_name);
  if (!role) return Unauthenticated("unknown role");
  TokenClaims c;
  c.principal.user_id = std::move(*sub);
  c.principal.organisation_id = std::move(*org);
  c.principal.role = *role;
  c.principal.session_id = std::move(*sid);
  c.token_id = std::move(*jti);
  c.issued_at = absl::FromUnixSeconds(*iat);
  c.expires_at = absl::FromUnixSeconds(*exp);
  c.version = *ver;
  if (c.issued_at > now + kClockSkew) return Unauthenticated("issued in the future");
  if (now >= c.expires_at) return Unauthenticated("expired; refresh it or log in again");
  return c;
}

}  // namespace keyway::auth
