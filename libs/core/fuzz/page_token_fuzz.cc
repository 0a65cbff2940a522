// Page tokens come back from callers, who may change them. Input: a token
// and a query, split at the first NUL. Decoding answers a position or
// INVALID_ARGUMENT, and what decodes encodes back to a token that decodes
// to the same position.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "keyway/core/paging.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  auto nul = input.find('\0');
  std::string token = input.substr(0, nul);
  std::string query = nul == std::string::npos ? "" : input.substr(nul + 1);
  using namespace keyway::core;
  auto position = DecodePageToken(token, query);
  if (position.ok()) {
    auto again = DecodePageToken(EncodePageToken(*position, query), query);
    if (!again.ok() || *again != *position) std::abort();
  } else if (position.status().code() != absl::StatusCode::kInvalidArgument) {
    std::abort();
  }
  auto time_and_id = DecodeTimeAndIdToken(token, query);
  if (time_and_id.ok() && time_and_id->has_value()) {
    auto again = DecodeTimeAndIdToken(EncodeTimeAndIdToken(**time_and_id, query), query);
    if (!again.ok() || !again->has_value() || **again != **time_and_id) std::abort();
  } else if (!time_and_id.ok() && time_and_id.status().code() != absl::StatusCode::kInvalidArgument) {
    std::abort();
  }
  return 0;
}
