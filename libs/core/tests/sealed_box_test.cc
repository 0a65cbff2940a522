#include <catch2/catch.hpp>

#include "keyway/core/encoding.h"
#include "keyway/core/sealed_box.h"

using namespace keyway::core;

TEST_CASE("K4: a sealed box opens for its reader only, and not once altered") {
  BoxKeyPair notify = NewBoxKeyPair(), other = NewBoxKeyPair();
  const std::string sealed = SealFor(notify.public_key, "invitation-token-123");
  CHECK(sealed.find("invitation-token-123") == std::string::npos);
  CHECK(SealFor(notify.public_key, "invitation-token-123") != sealed);  // fresh each time
  auto opened = OpenSealed(notify, sealed);
  REQUIRE(opened.ok());
  CHECK(*opened == "invitation-token-123");
  CHECK(OpenSealed(other, sealed).status().code() == absl::StatusCode::kDataLoss);
  std::string altered = sealed;
  altered[altered.size() / 2] ^= 1;
  CHECK(OpenSealed(notify, altered).status().code() == absl::StatusCode::kDataLoss);
  CHECK(OpenSealed(notify, "short").status().code() == absl::StatusCode::kDataLoss);
}

TEST_CASE("K4: a box key is 32 bytes of base64url, or the flag is named") {
  BoxKeyPair k = NewBoxKeyPair();
  auto parsed = ParseBoxKey(Base64UrlEncode(k.public_key), "--notify_public_key");
  REQUIRE(parsed.ok());
  CHECK(*parsed == k.public_key);
  CHECK(BoxKeyPairOf(k.secret_key).public_key == k.public_key);
  auto bad = ParseBoxKey("abc", "--notify_public_key");
  CHECK(bad.status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(bad.status().message().find("--notify_public_key") != std::string::npos);
}
