#include "fleet.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "keyway/core/encoding.h"

namespace keyway::locksim {

absl::StatusOr<std::vector<FleetBridge>> ParseFleet(const std::string& text) {
  std::vector<FleetBridge> fleet;
  int number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> words = absl::StrSplit(line, ' ', absl::SkipEmpty());
    auto bad = [&](absl::string_view why) {
      return absl::InvalidArgumentError(absl::StrCat("fleet line ", number, ": ", why));
    };
    if (words[0] == "bridge") {
      if (words.size() != 3) return bad("a bridge line is `bridge <name> <credential>`");
      fleet.push_back({words[1], words[2], {}});
    } else if (words[0] == "lock") {
      if (words.size() != 5) return bad("a lock line is `lock <name> <lock id> <secret> <epoch>`");
      if (fleet.empty()) return bad("a lock line needs a bridge line above it");
      auto secret = core::Base64UrlDecode(words[3]);
      if (!secret || secret->size() != 32) return bad("the secret is not 32 bytes of base64url");
      int64_t epoch = 0;
      if (!absl::SimpleAtoi(words[4], &epoch)) return bad("the epoch is not Unix seconds");
      if (words[2].size() != 36) return bad("the lock id is not a UUID");
      fleet.back().locks.push_back({words[1], {words[2], *secret, absl::FromUnixSeconds(epoch)}});
    } else {
      return bad(absl::StrCat("unknown word `", words[0], "`: bridge or lock"));
    }
  }
  return fleet;
}

}  // namespace keyway::locksim
