#include <catch2/catch.hpp>

#include "keyway/core/log.h"

TEST_CASE("log fields are JSON-escaped") {
  std::string out;
  keyway::core::AppendJsonEscaped(out, "a\"b\\c\nd\x01");
  CHECK(out == "a\\\"b\\\\c\\nd\\u0001");
}
