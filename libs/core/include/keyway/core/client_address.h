#pragma once
// S10: whose address a call comes from, for throttles and the audit trail.
// Behind a load balancer every call's peer is the balancer, so a throttle
// keyed on it locks everyone out at once; the balancer says who the client
// was in X-Forwarded-For. That header is believed only from the proxies an
// operator names: anyone else could write any address into it.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace keyway::core {

class TrustedProxies {
 public:
  TrustedProxies() = default;  // trusts no one
  // "10.0.0.0/8,192.168.1.7,fd00::/8": addresses or CIDR ranges, IPv4 or
  // IPv6; INVALID_ARGUMENT naming the entry that is neither.
  static absl::StatusOr<TrustedProxies> Parse(absl::string_view list);

  bool empty() const { return ranges_.empty(); }
  // Whether `address` (an IP literal) is one of the proxies.
  bool Contains(absl::string_view address) const;

 private:
  struct Range {
    std::string bytes;  // 4 or 16 bytes
    int prefix = 0;     // leading bits that must match
  };
  std::vector<Range> ranges_;
};

// The client's address: `peer` (the connection's, an IP literal), unless
// `peer` is a trusted proxy and `forwarded_for` (the X-Forwarded-For value,
// "client, proxy1, proxy2") names one; then the rightmost address in it that
// is not itself a trusted proxy. A malformed entry ends the walk there: the
// last address before it that a trusted proxy vouched for is used.
std::string ClientAddress(absl::string_view peer, absl::string_view forwarded_for,
                          const TrustedProxies& proxies);

}  // namespace keyway::core
