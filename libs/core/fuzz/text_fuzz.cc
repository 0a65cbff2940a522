// Names, descriptions and ids as callers send them. NormalizeText answers
// clean, trimmed text within its bound or INVALID_ARGUMENT; IsCleanText
// agrees with a decoder written the other way round (code points, not byte
// ranges); ValidateUuid accepts only the canonical form.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "absl/strings/ascii.h"
#include "keyway/core/text.h"

namespace {

// A reference decoder: reads each sequence as a code point, then checks it
// is the shortest form of a Unicode scalar value, printable by our rules.
bool ReferenceClean(const std::string& s) {
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = s[i];
    int n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1f) : n == 3 ? (c & 0x0f) : (c & 0x07);
    for (int k = 1; k < n; ++k) {
      const unsigned char b = s[i + k];
      if ((b & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3f);
    }
    static const uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    if (cp < 0x20 || cp == 0x7f) return false;
    i += n;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  using namespace keyway::core;
  if (IsCleanText(input) != ReferenceClean(input)) std::abort();
  auto normalized = NormalizeText(input, "name", 100);
  if (normalized.ok()) {
    if (normalized->empty() || normalized->size() > 100 || !IsCleanText(*normalized)) std::abort();
    if (absl::StripAsciiWhitespace(*normalized) != *normalized) std::abort();
  } else if (normalized.status().code() != absl::StatusCode::kInvalidArgument) {
    std::abort();
  }
  if (ValidateUuid(input, "id").ok()) {
    if (input.size() != 36 || absl::AsciiStrToLower(input) != input) std::abort();
  }
  return 0;
}
