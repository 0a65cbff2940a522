#include "keyway/core/paging.h"

#include "absl/strings/numbers.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "keyway/core/encoding.h"
#include "keyway/core/hash.h"

namespace keyway::core {
namespace {

constexpr char kSeparator = '\x1f';  // ASCII unit separator: never in an id or a name

std::string QueryTag(absl::string_view query) { return Sha256Hex(query).substr(0, 12); }

}  // namespace

absl::StatusOr<int> PageSize(int requested) {
  if (requested < 0) return absl::InvalidArgumentError("page_size must not be negative");
  if (requested == 0) return kDefaultPageSize;
  return std::min(requested, kMaxPageSize);
}

std::string EncodePageToken(const std::vector<std::string>& position, absl::string_view query) {
  return Base64UrlEncode(
      absl::StrCat("v1", std::string(1, kSeparator), QueryTag(query), std::string(1, kSeparator),
                   absl::StrJoin(position, std::string(1, kSeparator))));
}

absl::StatusOr<std::vector<std::string>> DecodePageToken(absl::string_view token,
                                                         absl::string_view query) {
  auto invalid = absl::InvalidArgumentError(
      "page_token is not valid for this query: pass the next_page_token of the previous page "
      "with the same filters");
  if (token.size() > 1024) return invalid;
  auto raw = Base64UrlDecode(token);
  if (!raw) return invalid;
  std::vector<std::string> parts = absl::StrSplit(*raw, kSeparator);
  if (parts.size() < 3 || parts[0] != "v1" || parts[1] != QueryTag(query)) return invalid;
  return std::vector<std::string>(parts.begin() + 2, parts.end());
}

std::string EncodeTimeAndIdToken(const TimeAndId& position, absl::string_view query) {
  return EncodePageToken({std::to_string(absl::ToUnixMicros(position.first)), position.second},
                         query);
}

absl::StatusOr<std::optional<TimeAndId>> DecodeTimeAndIdToken(absl::string_view token,
                                                             absl::string_view query) {
  if (token.empty()) return std::optional<TimeAndId>();
  auto position = DecodePageToken(token, query);
  if (!position.ok()) return position.status();
  int64_t micros = 0;
  if (position->size() != 2 || !absl::SimpleAtoi((*position)[0], &micros)) {
    return absl::InvalidArgumentError("page_token is not valid");
  }
  return std::optional<TimeAndId>(TimeAndId{absl::FromUnixMicros(micros), (*position)[1]});
}

}  // namespace keyway::core
