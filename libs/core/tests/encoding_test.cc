#include <catch2/catch.hpp>

#include "keyway/core/encoding.h"

using keyway::core::Base64UrlDecode;
using keyway::core::Base64UrlEncode;

TEST_CASE("base64url encodes RFC 4648 test vectors without padding") {
  CHECK(Base64UrlEncode("") == "");
  CHECK(Base64UrlEncode("f") == "Zg");
  CHECK(Base64UrlEncode("fo") == "Zm8");
  CHECK(Base64UrlEncode("foo") == "Zm9v");
  CHECK(Base64UrlEncode("foobar") == "Zm9vYmFy");
  CHECK(Base64UrlEncode(std::string("\xfb\xff", 2)) == "-_8");
}

TEST_CASE("base64url decoding round-trips and rejects what is not base64url") {
  std::string bytes("\x00\x01\xfe\xff keyway", 11);
  CHECK(Base64UrlDecode(Base64UrlEncode(bytes)) == bytes);
  CHECK_FALSE(Base64UrlDecode("Zm9v!").has_value());
  CHECK_FALSE(Base64UrlDecode("Zm8=").has_value());  // padding is not accepted
  CHECK_FALSE(Base64UrlDecode("+/8").has_value());   // standard alphabet is not accepted
}

TEST_CASE("hex encoding is lower case") { CHECK(keyway::core::HexEncode("\x0a\xff") == "0aff"); }
