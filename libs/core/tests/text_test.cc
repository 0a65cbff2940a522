#include <catch2/catch.hpp>

#include "keyway/core/text.h"

using keyway::core::IsCleanText;
using keyway::core::NormalizeText;

TEST_CASE("S1: clean text is UTF-8 in its shortest form, without controls") {
  CHECK(IsCleanText(""));
  CHECK(IsCleanText("Front door"));
  CHECK(IsCleanText("Zürich, Kraków, 東京, 🚪"));
  CHECK(IsCleanText("\xf4\x8f\xbf\xbf"));   // U+10FFFF, the last code point
  CHECK_FALSE(IsCleanText("line\nbreak"));
  CHECK_FALSE(IsCleanText("tab\there"));
  CHECK_FALSE(IsCleanText("\x7f"));
  CHECK_FALSE(IsCleanText("caf\xe9"));       // Latin-1, not UTF-8
  CHECK_FALSE(IsCleanText("\xc0\xaf"));      // overlong '/'
  CHECK_FALSE(IsCleanText("\xe0\x80\xaf"));  // overlong '/' in three bytes
  CHECK_FALSE(IsCleanText("\xf0\x80\x80\xaf"));
  CHECK_FALSE(IsCleanText("\xed\xa0\x80"));  // a UTF-16 surrogate
  CHECK_FALSE(IsCleanText("\xf4\x90\x80\x80"));  // above U+10FFFF
  CHECK_FALSE(IsCleanText("\xe2\x82"));      // cut short
  CHECK_FALSE(IsCleanText("\xff"));
}

TEST_CASE("S1: NormalizeText names the field and the problem") {
  auto bad = NormalizeText("caf\xe9", "name", 100);
  CHECK(bad.status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(bad.status().message() == "name must be UTF-8 text without control characters");
  CHECK(NormalizeText("  Hall  ", "name", 100).value() == "Hall");
  CHECK(NormalizeText("   ", "name", 100).status().message() == "name is required");
  CHECK(NormalizeText("abcdef", "name", 5).status().code() == absl::StatusCode::kInvalidArgument);
}
