// X-Forwarded-For as a client or a proxy sends it, and a trusted-proxy list
// as an operator types it. The answer is always the peer or one of the
// header's hops, an IP literal, and never a trusted proxy when the header
// names a hop that is not one.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "keyway/core/client_address.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  const size_t split = input.find('\n');
  const std::string list = split == std::string::npos ? "" : input.substr(0, split);
  const std::string header = split == std::string::npos ? input : input.substr(split + 1);
  using namespace keyway::core;
  auto parsed = TrustedProxies::Parse(list);
  if (!parsed.ok() && parsed.status().code() != absl::StatusCode::kInvalidArgument) std::abort();
  static const TrustedProxies kFixed = *TrustedProxies::Parse("10.0.0.0/8,fd00::/8");
  for (const TrustedProxies* proxies : {&kFixed, parsed.ok() ? &*parsed : &kFixed}) {
    const std::string client = ClientAddress("10.0.0.1", header, *proxies);
    if (client != "10.0.0.1" && header.find(client) == std::string::npos) std::abort();
    if (ClientAddress("203.0.113.9", header, *proxies) != "203.0.113.9" &&
        !proxies->Contains("203.0.113.9")) {
      std::abort();
    }
  }
  return 0;
}
