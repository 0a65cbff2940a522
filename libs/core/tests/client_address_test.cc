#include <catch2/catch.hpp>

#include "keyway/core/client_address.h"

using keyway::core::ClientAddress;
using keyway::core::TrustedProxies;

TEST_CASE("S10: X-Forwarded-For is believed only from a trusted proxy") {
  auto proxies = TrustedProxies::Parse("10.0.0.0/8, 192.168.1.7,fd00::/8");
  REQUIRE(proxies.ok());
  // A client speaking directly: its own address, whatever it claims.
  CHECK(ClientAddress("203.0.113.9", "198.51.100.1", *proxies) == "203.0.113.9");
  // Through the balancer: the client it names.
  CHECK(ClientAddress("10.1.2.3", "198.51.100.1", *proxies) == "198.51.100.1");
  // Through two proxies of ours: the rightmost hop that is not ours...
  CHECK(ClientAddress("10.1.2.3", "198.51.100.1, 192.168.1.7", *proxies) == "198.51.100.1");
  // ...never what the client wrote before that.
  CHECK(ClientAddress("10.1.2.3", "1.2.3.4, 198.51.100.1", *proxies) == "198.51.100.1");
  CHECK(ClientAddress("fd00::1", "2001:db8::5", *proxies) == "2001:db8::5");
  // Garbage ends the walk: the proxy's own address, not the garbage.
  CHECK(ClientAddress("10.1.2.3", "evil, not-an-ip", *proxies) == "10.1.2.3");
  CHECK(ClientAddress("10.1.2.3", "", *proxies) == "10.1.2.3");
  // Nobody trusted: the peer, always.
  CHECK(ClientAddress("10.1.2.3", "198.51.100.1", TrustedProxies()) == "10.1.2.3");
}

TEST_CASE("S10: a trusted proxy list names its bad entry") {
  CHECK(TrustedProxies::Parse("").ok());
  CHECK(TrustedProxies::Parse("127.0.0.1,::1").ok());
  for (const char* bad : {"10.0.0.0/33", "localhost", "10.0.0.0/x", "::1/129", "10.0.0.0/-1"}) {
    auto parsed = TrustedProxies::Parse(bad);
    CAPTURE(bad);
    CHECK(parsed.status().code() == absl::StatusCode::kInvalidArgument);
    CHECK(parsed.status().message().find("not an IP address") != std::string::npos);
  }
  auto ranges = TrustedProxies::Parse("10.0.0.0/8,172.16.0.0/12");
  REQUIRE(ranges.ok());
  CHECK(ranges->Contains("10.255.255.255"));
  CHECK(ranges->Contains("172.31.0.1"));
  CHECK_FALSE(ranges->Contains("172.32.0.1"));
  CHECK_FALSE(ranges->Contains("11.0.0.1"));
}
