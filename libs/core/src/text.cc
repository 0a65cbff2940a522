#include "keyway/core/text.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace keyway::core {
namespace {

// RFC 3629: shortest forms only, no surrogates, nothing above U+10FFFF (the
// same bytes protobuf accepts in a string field).
bool IsValidUtf8(const std::string& s) {
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = s[i];
    size_t extra;
    unsigned char low = 0x80, high = 0xbf;  // the range of the second byte
    if (c < 0x80) {
      extra = 0;
    } else if (c >= 0xc2 && c <= 0xdf) {
      extra = 1;
    } else if (c >= 0xe0 && c <= 0xef) {
      extra = 2;
      if (c == 0xe0) low = 0xa0;   // overlong
      if (c == 0xed) high = 0x9f;  // surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
      extra = 3;
      if (c == 0xf0) low = 0x90;   // overlong
      if (c == 0xf4) high = 0x8f;  // above U+10FFFF
    } else {
      return false;
    }
    if (s.size() - i < extra + 1) return false;
    for (size_t k = 1; k <= extra; ++k) {
      const unsigned char b = s[i + k];
      if (k == 1 ? (b < low || b > high) : (b & 0xc0) != 0x80) return false;
    }
    i += extra + 1;
  }
  return true;
}

}  // namespace

bool IsCleanText(const std::string& text) {
  if (!IsValidUtf8(text)) return false;
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7f) return false;
  }
  return true;
}

absl::StatusOr<std::string> NormalizeText(const std::string& value, const std::string& field,
                                          size_t max_bytes) {
  std::string v(absl::StripAsciiWhitespace(value));
  if (v.empty()) return absl::InvalidArgumentError(absl::StrCat(field, " is required"));
  if (v.size() > max_bytes) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " is longer than ", max_bytes, " characters"));
  }
  if (!IsCleanText(v)) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " must be UTF-8 text without control characters"));
  }
  return v;
}

absl::Status ValidateUuid(const std::string& value, const std::string& field) {
  auto invalid = absl::InvalidArgumentError(
      absl::StrCat(field, " must be a UUID such as 6f1c1f5e-9d1b-4a51-8c1e-2b8f0c1d2e3f"));
  if (value.size() != 36) return invalid;
  for (size_t i = 0; i < value.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    char c = value[i];
    if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return invalid;
  }
  return absl::OkStatus();
}

}  // namespace keyway::core
