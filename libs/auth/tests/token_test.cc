#include <catch2/catch.hpp>

#include "keyway/auth/token.h"
#include "keyway/core/encoding.h"

using namespace keyway::auth;

namespace {

TokenClaims Claims(absl::Time now) {
  TokenClaims c;
  c.principal = {"user-1", "org-1", Role::kAdmin, "session-1"};
  c.token_id = "jti-1";
  c.issued_at = now;
  c.expires_at = now + absl::Minutes(5);
  return c;
}

const absl::Time kNow = absl::FromUnixSeconds(1'800'000'000);

}  // namespace

TEST_CASE("a signed token verifies with its public key and carries the principal") {
  SigningKey key = SigningKey::Generate();
  KeySet keys;
  REQUIRE(keys.Add(key.public_key()).ok());
  auto claims = keys.Verify(key.Sign(Claims(kNow)), kNow + absl::Minutes(1));
  REQUIRE(claims.ok());
  CHECK(claims->principal.user_id == "user-1");
  CHECK(claims->principal.organisation_id == "org-1");
  CHECK(claims->principal.role == Role::kAdmin);
  CHECK(claims->principal.session_id == "session-1");
  CHECK(claims->expires_at == kNow + absl::Minutes(5));
}

TEST_CASE("an expired token is refused") {
  SigningKey key = SigningKey::Generate();
  KeySet keys;
  REQUIRE(keys.Add(key.public_key()).ok());
  auto token = key.Sign(Claims(kNow));
  CHECK(keys.Verify(token, kNow + absl::Minutes(5)).status().code() ==
        absl::StatusCode::kUnauthenticated);
  CHECK(keys.Verify(token, kNow + absl::Minutes(4)).ok());
}

TEST_CASE("a token signed by another key is refused") {
  SigningKey key = SigningKey::Generate();
  SigningKey other = SigningKey::Generate();
  KeySet keys;
  REQUIRE(keys.Add(other.public_key()).ok());
  auto result = keys.Verify(key.Sign(Claims(kNow)), kNow);
  CHECK(result.status().code() == absl::StatusCode::kUnauthenticated);
  CHECK(result.status().message().find("unknown key") != std::string::npos);
}

TEST_CASE("a token whose payload was tampered with is refused") {
  SigningKey key = SigningKey::Generate();
  KeySet keys;
  REQUIRE(keys.Add(key.public_key()).ok());
  std::string token = key.Sign(Claims(kNow));
  auto first_dot = token.find('.');
  auto second_dot = token.find('.', first_dot + 1);
  std::string payload = *keyway::core::Base64UrlDecode(
      token.substr(first_dot + 1, second_dot - first_dot - 1));
  auto pos = payload.find("admin");
  REQUIRE(pos != std::string::npos);
  payload.replace(pos, 5, "owner");  // promote oneself
  std::string forged = token.substr(0, first_dot + 1) + keyway::core::Base64UrlEncode(payload) +
                       token.substr(second_dot);
  auto result = keys.Verify(forged, kNow);
  CHECK(result.status().code() == absl::StatusCode::kUnauthenticated);
  CHECK(result.status().message().find("bad signature") != std::string::npos);
}

TEST_CASE("a token with alg none or garbage is refused") {
  SigningKey key = SigningKey::Generate();
  KeySet keys;
  REQUIRE(keys.Add(key.public_key()).ok());
  std::string header = keyway::core::Base64UrlEncode(R"({"alg":"none","kid":")" + key.key_id() + "\"}");
  std::string payload = keyway::core::Base64UrlEncode(R"({"sub":"x"})");
  CHECK_FALSE(keys.Verify(header + "." + payload + ".", kNow).ok());
  CHECK_FALSE(keys.Verify("", kNow).ok());
  CHECK_FALSE(keys.Verify("a.b.c", kNow).ok());
  CHECK_FALSE(keys.Verify("not a token", kNow).ok());
}

TEST_CASE("a signing key round-trips through its seed") {
  SigningKey key = SigningKey::Generate();
  auto restored = SigningKey::FromSeed(key.private_seed());
  REQUIRE(restored.ok());
  CHECK(restored->key_id() == key.key_id());
  KeySet keys;
  REQUIRE(keys.Add(key.public_key()).ok());
  CHECK(keys.Verify(restored->Sign(Claims(kNow)), kNow).ok());
  CHECK_FALSE(SigningKey::FromSeed("short").ok());
}

TEST_CASE("S1: a header whose alg or kid is not a string is refused, not thrown") {
  SigningKey key = SigningKey::Generate();
  KeySet keys;
  REQUIRE(keys.Add(key.public_key()).ok());
  // The request that stopped every service: {"alg":1}, an empty payload, any signature.
  std::string crash = keyway::core::Base64UrlEncode(R"({"alg":1})") + ".e30.sig";
  auto result = keys.Verify(crash, kNow);
  CHECK(result.status().code() == absl::StatusCode::kUnauthenticated);
  CHECK(result.status().message() == "invalid access token: unsupported algorithm");
  for (const char* header : {R"({"alg":"EdDSA","kid":1})", R"({"alg":"EdDSA","kid":null})",
                             R"({"alg":"EdDSA","kid":["a"]})", R"({"alg":{"x":1}})",
                             R"({"alg":null})", R"([1,2])", R"("EdDSA")"}) {
    CAPTURE(header);
    std::string token = keyway::core::Base64UrlEncode(header) + ".e30.c2ln";
    CHECK(keys.Verify(token, kNow).status().code() == absl::StatusCode::kUnauthenticated);
  }
}

TEST_CASE("S1: signed claims of the wrong type are refused, not thrown") {
  SigningKey key = SigningKey::Generate();
  KeySet keys;
  REQUIRE(keys.Add(key.public_key()).ok());
  const std::string header = R"({"alg":"EdDSA","typ":"JWT","kid":")" + key.key_id() + "\"}";
  const std::string good_tail = R"("org":"o","role":"admin","sid":"s","jti":"j","aud":"keyway-api","iat":1800000000,"exp":1800000300})";
  CHECK(keys.Verify(key.SignCompact(header, R"({"iss":"keyway-identity","sub":"u",)" + good_tail),
                    kNow)
            .ok());
  for (const std::string& payload :
       {R"({"iss":"keyway-identity","sub":7,)" + good_tail,
        R"({"iss":["keyway-identity"],"sub":"u",)" + good_tail,
        R"({"iss":"keyway-identity","sub":{"a":1},)" + good_tail,
        std::string(R"({"iss":"keyway-identity","sub":"u","org":"o","role":"admin","sid":"s","jti":"j","iat":"x","exp":1800000300})"),
        std::string(R"({"iss":"keyway-identity","sub":"u","org":"o","role":"admin","sid":"s","jti":"j","iat":1800000000,"exp":1.5e300})"),
        std::string(R"({"iss":"keyway-identity","sub":"u","org":"o","role":"admin","sid":"s","jti":"j","iat":1800000000,"exp":18446744073709551615})"),
        std::string(R"({"iss":"keyway-identity","sub":"u","org":"o","role":"admin","sid":"s","jti":"j","iat":-9223372036854775807,"exp":1800000300})"),
        std::string(R"({"iss":"keyway-identity","sub":"u","org":"o","role":5,"sid":"s","jti":"j","iat":1800000000,"exp":1800000300})"),
        std::string(R"({"iss":"keyway-identity"})"), std::string("[]"), std::string("null")}) {
    CAPTURE(payload);
    auto result = keys.Verify(key.SignCompact(header, payload), kNow);
    CHECK(result.status().code() == absl::StatusCode::kUnauthenticated);
  }
}

TEST_CASE("S4: a token carries its audience and version, and another audience is refused") {
  SigningKey key = SigningKey::Generate();
  KeySet keys;
  REQUIRE(keys.Add(key.public_key()).ok());
  TokenClaims c = Claims(kNow);
  c.version = 7;
  auto verified = keys.Verify(key.Sign(c), kNow);
  REQUIRE(verified.ok());
  CHECK(verified->version == 7);
  const std::string header = R"({"alg":"EdDSA","kid":")" + key.key_id() + "\"}";
  const std::string claims =
      R"("iss":"keyway-identity","sub":"u","org":"o","role":"admin","sid":"s","jti":"j","iat":1800000000,"exp":1800000300)";
  for (const std::string& aud : {std::string(R"("aud":"keyway-device",)"), std::string(""),
                                 std::string(R"("aud":["keyway-api"],)")}) {
    CAPTURE(aud);
    auto refused = keys.Verify(key.SignCompact(header, "{" + aud + claims + "}"), kNow);
    CHECK(refused.status().code() == absl::StatusCode::kUnauthenticated);
  }
  // A token without a version is version 0; a mistyped one is refused.
  auto v0 = keys.Verify(key.SignCompact(header, R"({"aud":"keyway-api",)" + claims + "}"), kNow);
  REQUIRE(v0.ok());
  CHECK(v0->version == 0);
  CHECK_FALSE(keys.Verify(key.SignCompact(header, R"({"aud":"keyway-api","ver":"1",)" + claims + "}"), kNow).ok());
}
