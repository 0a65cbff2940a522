#include <catch2/catch.hpp>

#include "keyway/core/encoding.h"
#include "keyway/core/random.h"
#include "keyway/core/seal.h"

using namespace keyway::core;

TEST_CASE("a sealed secret opens with its key only, and not after tampering") {
  std::string kek = RandomBytes(32), other = RandomBytes(32);
  std::string sealed = Seal(kek, "lock secret");
  CHECK(sealed.find("lock secret") == std::string::npos);
  CHECK(*Unseal(kek, sealed) == "lock secret");
  CHECK(Unseal(other, sealed).status().code() == absl::StatusCode::kDataLoss);
  sealed.back() ^= 1;
  CHECK(Unseal(kek, sealed).status().code() == absl::StatusCode::kDataLoss);
  CHECK_FALSE(Unseal(kek, "short").ok());
}

TEST_CASE("key-encryption keys are 32 bytes of base64url") {
  CHECK(ParseKeyEncryptionKey(Base64UrlEncode(RandomBytes(32))).ok());
  CHECK_FALSE(ParseKeyEncryptionKey(Base64UrlEncode(RandomBytes(16))).ok());
  CHECK_FALSE(ParseKeyEncryptionKey("not base64!").ok());
}
