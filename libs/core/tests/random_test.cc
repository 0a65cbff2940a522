#include <catch2/catch.hpp>

#include <regex>
#include <set>

#include "keyway/core/random.h"

TEST_CASE("random tokens are distinct and carry the requested entropy") {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(keyway::core::RandomToken(32));
  CHECK(seen.size() == 1000);
  CHECK(keyway::core::RandomToken(32).size() == 43);  // 256 bits in unpadded base64url
}

TEST_CASE("UUIDs are version 4 in canonical form") {
  const std::regex v4("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  for (int i = 0; i < 100; ++i) CHECK(std::regex_match(keyway::core::NewUuid(), v4));
}

TEST_CASE("RandomBelow stays below its bound") {
  for (int i = 0; i < 1000; ++i) CHECK(keyway::core::RandomBelow(10) < 10u);
}

TEST_CASE("S9: a UUID from a name is the same for the same name only, version 8 in canonical form") {
  const std::regex v8("[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  const std::string a = keyway::core::UuidFromName("organisation/req-1");
  CHECK(std::regex_match(a, v8));
  CHECK(keyway::core::UuidFromName("organisation/req-1") == a);
  CHECK(keyway::core::UuidFromName("organisation/req-2") != a);
}
