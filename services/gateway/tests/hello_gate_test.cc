#include "hello_gate.h"

#include <catch2/catch.hpp>

using keyway::gateway::HelloGate;

TEST_CASE("S10: the hello budget is per address, then in total, and is given back") {
  HelloGate gate({.per_address = 2, .total = 3, .in_flight = 1});
  CHECK(gate.Enter("10.0.0.1").ok());
  CHECK(gate.Enter("10.0.0.1").ok());
  auto third = gate.Enter("10.0.0.1");
  CHECK(third.code() == absl::StatusCode::kResourceExhausted);
  CHECK_THAT(std::string(third.message()), Catch::Contains("from your address"));
  CHECK(gate.Enter("10.0.0.2").ok());
  auto full = gate.Enter("10.0.0.3");  // 3 in total
  CHECK(full.code() == absl::StatusCode::kResourceExhausted);
  CHECK_THAT(std::string(full.message()), Catch::Contains("the gateway has too many"));
  gate.Leave("10.0.0.1");
  CHECK(gate.Enter("10.0.0.3").ok());
  gate.Leave("10.0.0.9");  // never entered: changes nothing
  CHECK_FALSE(gate.Enter("10.0.0.4").ok());
}

TEST_CASE("S10: only so many hellos are authenticated at once") {
  HelloGate gate({.per_address = 2, .total = 3, .in_flight = 1});
  REQUIRE(gate.StartHello().ok());
  CHECK(gate.StartHello().code() == absl::StatusCode::kResourceExhausted);
  gate.EndHello();
  CHECK(gate.StartHello().ok());
}
