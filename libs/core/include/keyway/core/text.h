#pragma once
// Checks of text that callers send: each failure is INVALID_ARGUMENT naming
// the field and what is expected.

#include <string>

#include "absl/status/statusor.h"

namespace keyway::core {

// Valid UTF-8 without control characters.
bool IsCleanText(const std::string& text);
// Trimmed; refused when empty, longer than `max_bytes`, or not clean text.
absl::StatusOr<std::string> NormalizeText(const std::string& value, const std::string& field,
                                          size_t max_bytes);
// A UUID in canonical lower-case form.
absl::Status ValidateUuid(const std::string& value, const std::string& field);

}  // namespace keyway::core
