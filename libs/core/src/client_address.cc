#include "keyway/core/client_address.h"

#include <arpa/inet.h>

#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace keyway::core {
namespace {

// The 4 or 16 bytes of an IP literal, or empty when it is none.
std::string AddressBytes(absl::string_view text) {
  if (text.empty() || text.size() > 45) return "";
  const std::string s(text);
  unsigned char buf[16];
  if (inet_pton(AF_INET, s.c_str(), buf) == 1) return std::string(reinterpret_cast<char*>(buf), 4);
  if (inet_pton(AF_INET6, s.c_str(), buf) == 1) return std::string(reinterpret_cast<char*>(buf), 16);
  return "";
}

bool PrefixMatches(const std::string& a, const std::string& b, int bits) {
  for (int i = 0; i < bits / 8; ++i) {
    if (a[i] != b[i]) return false;
  }
  if (bits % 8 == 0) return true;
  const unsigned char mask = static_cast<unsigned char>(0xff << (8 - bits % 8));
  return (static_cast<unsigned char>(a[bits / 8]) & mask) ==
         (static_cast<unsigned char>(b[bits / 8]) & mask);
}

}  // namespace

absl::StatusOr<TrustedProxies> TrustedProxies::Parse(absl::string_view list) {
  TrustedProxies out;
  for (absl::string_view entry : absl::StrSplit(list, ',', absl::SkipWhitespace())) {
    entry = absl::StripAsciiWhitespace(entry);
    absl::string_view address = entry;
    std::optional<int> prefix;
    bool prefix_ok = true;
    if (auto slash = entry.find('/'); slash != absl::string_view::npos) {
      address = entry.substr(0, slash);
      int bits = 0;
      prefix_ok = absl::SimpleAtoi(entry.substr(slash + 1), &bits);
      prefix = bits;
    }
    Range r;
    r.bytes = AddressBytes(address);
    const int bits = static_cast<int>(r.bytes.size()) * 8;
    if (r.bytes.empty() || !prefix_ok || (prefix && (*prefix < 0 || *prefix > bits))) {
      return absl::InvalidArgumentError(absl::StrCat(
          "trusted proxy '", entry.substr(0, 60),
          "' is not an IP address or a CIDR range such as 10.0.0.0/8 or fd00::/8"));
    }
    r.prefix = prefix.value_or(bits);
    out.ranges_.push_back(std::move(r));
  }
  return out;
}

bool TrustedProxies::Contains(absl::string_view address) const {
  const std::string bytes = AddressBytes(address);
  if (bytes.empty()) return false;
  for (const auto& r : ranges_) {
    if (r.bytes.size() == bytes.size() && PrefixMatches(r.bytes, bytes, r.prefix)) return true;
  }
  return false;
}

std::string ClientAddress(absl::string_view peer, absl::string_view forwarded_for,
                          const TrustedProxies& proxies) {
  std::string client(peer);
  if (forwarded_for.empty() || forwarded_for.size() > 4096 || !proxies.Contains(peer)) return client;
  std::vector<absl::string_view> hops = absl::StrSplit(forwarded_for, ',');
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    const absl::string_view hop = absl::StripAsciiWhitespace(*it);
    if (AddressBytes(hop).empty()) break;  // not vouched for past here
    client = std::string(hop);
    if (!proxies.Contains(hop)) break;  // the first hop no proxy of ours is
  }
  return client;
}

}  // namespace keyway::core
