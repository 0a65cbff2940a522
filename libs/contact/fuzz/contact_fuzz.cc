// Email addresses and mobile numbers as callers type them. Each answers a
// normal form or INVALID_ARGUMENT; a normal form is stable (normalising it
// again changes nothing) and within its bounds.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "keyway/contact/contact.h"
#include "keyway/core/text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  using namespace keyway::contact;
  auto email = NormalizeEmail(input);
  if (email.ok()) {
    if (email->size() > kMaxEmailLength || !keyway::core::IsCleanText(*email)) std::abort();
    auto again = NormalizeEmail(*email);
    if (!again.ok() || *again != *email) std::abort();
  } else if (email.status().code() != absl::StatusCode::kInvalidArgument) {
    std::abort();
  }
  auto mobile = NormalizeMobile(input);
  if (mobile.ok()) {
    if (!mobile->empty() && ((*mobile)[0] != '+' || mobile->size() > 16)) std::abort();
    auto again = NormalizeMobile(*mobile);
    if (!again.ok() || *again != *mobile) std::abort();
  } else if (mobile.status().code() != absl::StatusCode::kInvalidArgument) {
    std::abort();
  }
  return 0;
}
