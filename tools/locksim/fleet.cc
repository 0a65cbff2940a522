#include "fleet.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "keyway/core/encoding.h"

namespace keyway::locksim {

absl::StatusOr<Fleet> ParseFleet(const std::string& text) {
  Fleet fleet;
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
      fleet.bridges.push_back({words[1], words[2], {}});
      continue;
    }
    if (words[0] != "lock" && words[0] != "nbiot") {
      return bad(absl::StrCat("unknown word `", words[0], "`: bridge, lock or nbiot"));
    }
    const bool nbiot = words[0] == "nbiot";
    if (!nbiot && words.size() != 5) return bad("a lock line is `lock <name> <lock id> <secret> <epoch>`");
    if (nbiot && words.size() != 6) {
      return bad("an nbiot line is `nbiot <name> <lock id> <secret> <epoch> <credential>`");
    }
    if (!nbiot && fleet.bridges.empty()) return bad("a lock line needs a bridge line above it");
    auto secret = core::Base64UrlDecode(words[3]);
    if (!secret || secret->size() != 32) return bad("the secret is not 32 bytes of base64url");
    int64_t epoch = 0;
    if (!absl::SimpleAtoi(words[4], &epoch)) return bad("the epoch is not Unix seconds");
    if (words[2].size() != 36) return bad("the lock id is not a UUID");
    FleetLock lock{words[1], {words[2], *secret, absl::FromUnixSeconds(epoch)}};
    if (nbiot) {
      fleet.nbiot_locks.push_back({std::move(lock), words[5]});
    } else {
      fleet.bridges.back().locks.push_back(std::move(lock));
    }
  }
  return fleet;
}

}  // namespace keyway::locksim
