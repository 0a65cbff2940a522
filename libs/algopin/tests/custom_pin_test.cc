#include <catch2/catch.hpp>

#include "keyway/algopin/custom_pin.h"
#include "keyway/core/random.h"

using namespace keyway::algopin;

TEST_CASE("A5 Custom PIN digits: 4 to 10 decimal digits, nothing else") {
  for (const char* good : {"0000", "1234", "123456", "0123456789"}) {
    CHECK(ValidateCustomPinDigits(good).ok());
  }
  for (const char* bad : {"", "123", "12345678901", "12a4", "12 34", "+1234", "١٢٣٤"}) {
    INFO(bad);
    auto s = ValidateCustomPinDigits(bad);
    CHECK(s.code() == absl::StatusCode::kInvalidArgument);
    CHECK(s.message() == "a Custom PIN is 4 to 10 digits, nothing else");
  }
}

TEST_CASE("K4: a sealed Custom PIN opens only with its own lock's secret") {
  const std::string secret = keyway::core::RandomBytes(32);
  const std::string other = keyway::core::RandomBytes(32);
  std::string sealed = SealCustomPin(secret, "4321");
  CHECK(sealed.find("4321") == std::string::npos);
  CHECK(SealCustomPin(secret, "4321") != sealed);  // a fresh nonce each time
  auto opened = OpenCustomPin(secret, sealed);
  REQUIRE(opened.ok());
  CHECK(*opened == "4321");
  CHECK(OpenCustomPin(other, sealed).status().code() == absl::StatusCode::kDataLoss);
  sealed[sealed.size() - 1] ^= 1;
  CHECK(OpenCustomPin(secret, sealed).status().code() == absl::StatusCode::kDataLoss);
}

TEST_CASE("Custom PIN digests: equal digits on one lock match, across locks they do not") {
  const std::string a = keyway::core::RandomBytes(32);
  const std::string b = keyway::core::RandomBytes(32);
  CHECK(CustomPinDigest(a, "123456") == CustomPinDigest(a, "123456"));
  CHECK(CustomPinDigest(a, "123456") != CustomPinDigest(a, "123457"));
  CHECK(CustomPinDigest(a, "123456") != CustomPinDigest(b, "123456"));
  CHECK(CustomPinDigest(a, "123456").size() == 32);
}
