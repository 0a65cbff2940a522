#include <catch2/catch.hpp>

#include "keyway/core/hash.h"

TEST_CASE("SHA-256 matches the FIPS 180-2 'abc' vector") {
  CHECK(keyway::core::Sha256Hex("abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("HMAC-SHA-256 matches RFC 4231 test case 2") {
  CHECK(keyway::core::HmacSha256Hex("Jefe", "what do ya want for nothing?") ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_CASE("constant-time comparison compares") {
  CHECK(keyway::core::ConstantTimeEquals("abc", "abc"));
  CHECK_FALSE(keyway::core::ConstantTimeEquals("abc", "abd"));
  CHECK_FALSE(keyway::core::ConstantTimeEquals("abc", "abcd"));
}
