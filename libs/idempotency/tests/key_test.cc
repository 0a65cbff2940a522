#include <catch2/catch.hpp>

#include "keyway/idempotency/idempotency.h"

TEST_CASE("K1: idempotency keys are short printable tokens") {
  using keyway::idempotency::ValidateKey;
  CHECK(ValidateKey("").ok());
  CHECK(ValidateKey("6f1c1f5e-9d1b-4a51-8c1e-2b8f0c1d2e3f").ok());
  CHECK(ValidateKey(std::string(129, 'a')).code() == absl::StatusCode::kInvalidArgument);
  CHECK(ValidateKey("has space").code() == absl::StatusCode::kInvalidArgument);
  CHECK(ValidateKey("nul\x01").code() == absl::StatusCode::kInvalidArgument);
}
